// Writes the npm package's package.json to stdout, its version taken from Cargo.toml (one version for
// the crate and the package). Run by `make package`.

import { readFileSync } from "node:fs";

const cargo = readFileSync(new URL("../Cargo.toml", import.meta.url), "utf8");
const field = (name) => cargo.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m"))?.[1];

const manifest = {
  name: "microdrama",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  type: "module",
  main: "./micro-drama.js",
  types: "./micro-drama.d.ts",
  exports: {
    ".": { types: "./micro-drama.d.ts", default: "./micro-drama.js" },
    "./player": { types: "./pkg/microdrama.d.ts", default: "./pkg/microdrama.js" },
    "./micro-drama.css": "./micro-drama.css",
    "./microdrama_bg.wasm": "./pkg/microdrama_bg.wasm",
    "./package.json": "./package.json",
  },
  files: ["micro-drama.js", "micro-drama.css", "micro-drama.d.ts", "pkg/", "README.md"],
  sideEffects: ["./micro-drama.js"],
  keywords: ["video", "interactive", "micro-drama", "custom-element", "webassembly", "hls"],
};
process.stdout.write(JSON.stringify(manifest, null, 2) + "\n");
