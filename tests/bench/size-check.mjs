// `make size-check` (part of `make test`): fails when what is shipped gzips more than 5% over the
// `shipped-gzip-bytes:` figure recorded in BENCHMARKS.md. Deterministic: byte counts only, no timing.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SHIPPED, sizes } from "./run.mjs";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const recorded = Number(/^shipped-gzip-bytes: (\d+)$/m.exec(readFileSync(join(REPO, "BENCHMARKS.md"), "utf8"))?.[1]);
if (!recorded) {
  console.error("size-check: BENCHMARKS.md has no `shipped-gzip-bytes: N` line (run make bench)");
  process.exit(1);
}
const { gzip } = sizes(SHIPPED.map((f) => join(REPO, "www", f)));
const limit = Math.floor(recorded * 1.05);
const growth = ((gzip / recorded - 1) * 100).toFixed(1);
if (gzip > limit) {
  console.error(`size-check: shipped ${gzip} B gzip, ${growth}% over the ${recorded} B in BENCHMARKS.md (limit ${limit} B)`);
  process.exit(1);
}
console.log(`size-check: shipped ${gzip} B gzip (${growth}% against ${recorded} B recorded; limit ${limit} B)`);
