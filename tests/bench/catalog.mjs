// The benchmark catalog: one series of N three-segment branching episodes with realistic titles, in
// the demo's media. Shared by the host benches (benches/catalog.rs reads the files `make bench`
// writes) and the browser bench, so both measure the same text.
//
// The story state stays bounded, so `microdrama paths` explores every state (8 per episode) instead of
// stopping at MAX_STATES: "Yes" counts `trust` up only while `trust < 3` (at 3 only "No" is left, the
// ending branch), "No" sets both variables to fixed values. "No" has no condition, so the loader's
// `no-visible-option` exploration skips the series, as before.
//
//   node tests/bench/catalog.mjs OUT_DIR 1000 10000 20000   → OUT_DIR/catalog-1000.json, …

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const WHO = ["The Heiress", "My Billionaire Boss", "The Night Nurse", "A Stranger's Call", "The Last Witness",
  "Mr. Lin's Secret", "The Fake Fiancée", "Her Second Chance", "The Scam Queen", "Detective Zhou"];
const WHAT = ["Returns", "Finds Out", "Says No", "Pays the Price", "Takes the Deal", "Runs", "Lies Again",
  "Signs the Contract", "Opens the Door", "Calls Back"];
const PROMPT = ["Answer the call?", "Trust him?", "Sign it now?", "Tell the police?", "Open the letter?"];

/** The catalog text of one series of `n` episodes. */
export function catalogText(n, media = "media/af-ep1", atMs = 5000) {
  const episodes = [];
  for (let i = 0; i < n; i++) {
    const id = `ep${i + 1}`;
    const title = `${WHO[i % WHO.length]} ${WHAT[Math.floor(i / WHO.length) % WHAT.length]}, Part ${i + 1}`;
    const next = i + 1 < n ? { episode: `ep${i + 2}` } : { end: true };
    episodes.push({
      id,
      title: { en: title, "zh-CN": `第${i + 1}集` },
      segments: [
        {
          id: "s1", src: `${media}-s1.webm`, poster: `${media}-s1.webp`, durationMs: 8000,
          captions: [{ lang: "en", label: "English", src: `${media}-s1.en.vtt` }],
          choice: {
            atMs, timeoutMs: 5000, default: 0, prompt: PROMPT[i % PROMPT.length],
            options: [
              { label: "Yes", goto: "s2", if: "trust < 3", set: { trust: "trust + 1", calledPolice: "false" } },
              { label: "No", goto: "s3", set: { trust: "0", calledPolice: "true" } },
            ],
          },
        },
        { id: "s2", src: `${media}-s2.webm`, durationMs: 8000, next },
        { id: "s3", src: `${media}-s3.webm`, durationMs: 6000, ending: { id: "safe", title: "Safe and sound" } },
      ],
    });
  }
  const catalog = {
    format: 1, title: "Benchmark dramas",
    series: [{ id: "bench", title: "Benchmark", language: "en", variables: { trust: 0, calledPolice: false }, episodes }],
  };
  return JSON.stringify(catalog);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, ...sizes] = process.argv.slice(2);
  await mkdir(out, { recursive: true });
  for (const n of sizes) {
    const text = catalogText(Number(n));
    await writeFile(join(out, `catalog-${n}.json`), text);
    console.log(`${join(out, `catalog-${n}.json`)}: ${n} episodes, ${text.length} bytes`);
  }
}
