// `make package`'s test step: `npm pack` must accept the folder, and the tarball must hold every file
// the exports map names (and nothing from outside the folder).
// Usage: node package/check-pack.mjs target/package

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "target/package";
const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
const [packed] = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--pack-destination", "..", "--silent"], { cwd: dir, encoding: "utf8" }),
);
const files = new Set(packed.files.map((f) => f.path));
const wanted = new Set(["package.json", manifest.types]);
for (const target of Object.values(manifest.exports)) {
  for (const path of typeof target === "string" ? [target] : Object.values(target)) wanted.add(path);
}
const missing = [...wanted].map((p) => p.replace(/^\.\//, "")).filter((p) => !files.has(p));
if (packed.name !== "microdrama" || missing.length > 0) {
  console.error(`npm pack: ${packed.name}@${packed.version}; missing from the tarball: ${missing.join(", ")}`);
  process.exit(1);
}
console.log(`npm pack: ${packed.filename} (${packed.files.length} files, ${packed.size} bytes packed)`);
