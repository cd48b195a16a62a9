/**
 * One measured process of bench/share-tree.ts: builds the share tree of a contributors file (`tree`) or, as the
 * baseline, runs the same number of keccak permutations on the one reused hasher (`keccak`); prints its seconds and
 * its peak resident memory as JSON.
 */
import { buildShareTree } from "../src/node/share-tree-file.js";
import { keccakInto } from "../src/node/merkle.mjs";

const [mode, input, out, count] = process.argv.slice(2);
const started = process.hrtime.bigint();
if (mode === "tree") {
  await buildShareTree(input, out);
} else {
  const block = new Uint8Array(96);
  const into = new Uint8Array(32);
  for (let i = 0; i < Number(count); i++) {
    block[0] = i & 0xff;
    keccakInto(block, into, 0);
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ seconds, peakMiB: process.resourceUsage().maxRSS / 1024 }));
