/**
 * Listing benchmark (issue 29): a dataset's content hash and manifest from a listing of 1,000,000 files, and
 * from a Hugging Face Hub revision of 20,000 files served by a local Hub (tools/hub.ts), each as a whole process
 * on the package as it ships (bench/listing-process.mjs), beside a floor measured in the same run: parsing the
 * listing's lines and nothing else; fetching every page of the Hub's tree with plain fetch. Medians of 3 after
 * a warm-up. Rewrites bench/LISTING.md.
 *
 *   npm run build:package && node --import tsx bench/listing.ts     (part of `npm run bench`)
 */
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";

import { run } from "../tools/hardhat-cli.js";
import { startHub, type HubFile } from "../tools/hub.js";

const RUNS = 3;
const PROCESS = new URL("./listing-process.mjs", import.meta.url).pathname;
if (!existsSync(new URL("../dist/src/node/hub.js", import.meta.url))) {
  throw new Error("bench/listing.ts measures the built package: run `npm run build:package` first");
}

interface Measured {
  seconds: number;
  processSeconds: number;
  maxRssKiB: number;
  files: number;
  root?: string;
  bytesDownloaded?: number;
}

async function once_(args: string[], env: Record<string, string> = {}): Promise<Measured> {
  const result = await run(process.execPath, [PROCESS, ...args], { timeoutMs: 10 * 60_000, env });
  if (result.code !== 0) throw new Error(`listing-process ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Measured;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The medians of RUNS runs of the toolkit and of its floor, alternately, after one warm-up each. */
async function paired(toolkit: string[], floor: string[], env: Record<string, string> = {}) {
  await once_(toolkit, env);
  await once_(floor, env);
  const t: Measured[] = [];
  const f: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    t.push(await once_(toolkit, env));
    f.push(await once_(floor, env));
  }
  return {
    toolkit: median(t.map((m) => m.seconds)),
    process: median(t.map((m) => m.processSeconds)),
    floor: median(f.map((m) => m.seconds)),
    peakMiB: Math.max(...t.map((m) => m.maxRssKiB)) / 1024,
    last: t[t.length - 1],
  };
}

const hex = (label: string) => createHash("sha256").update(label).digest("hex");
const work = mkdtempSync(join(tmpdir(), "dd-listing-bench-"));
try {
  // 1. A listing of 1,000,000 files (a FineWeb-like layout: 250 shards of 4,000 files), written once.
  const listing = join(work, "listing.jsonl");
  const stream = createWriteStream(listing);
  for (let i = 0; i < 1_000_000; i++) {
    const line = `{"path":"data/shard-${String(i % 250).padStart(3, "0")}/part-${String(i).padStart(7, "0")}.parquet","size":${1_000_000 + (i % 977)},"sha256":"${hex(`file ${i}`)}"}\n`;
    if (!stream.write(line)) await once(stream, "drain");
  }
  stream.end();
  await once(stream, "finish");
  process.stderr.write("1,000,000-entry listing written\n");
  const million = await paired(["listing", listing, join(work, "million.json")], ["parse-floor", listing]);
  process.stderr.write(
    `  listing: toolkit ${million.toolkit.toFixed(2)} s, parse floor ${million.floor.toFixed(2)} s, peak ${million.peakMiB.toFixed(0)} MiB\n`,
  );

  // 2. A Hub revision of 20,000 files: 19,980 in LFS (listed, never downloaded) and 20 small files in git.
  const files: HubFile[] = [];
  for (let i = 0; i < 19_980; i++) {
    files.push({
      path: `data/CC-MAIN-2024-10/${String(i).padStart(5, "0")}_00000.parquet`,
      size: 2_000_000_000 + i,
      sha256: hex(`lfs ${i}`),
      lfs: true,
    });
  }
  for (let i = 0; i < 20; i++) {
    const bytes = Buffer.from(`config ${i}\n`.repeat(50));
    files.push({
      path: `configs/part-${i}.yaml`,
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      lfs: false,
      bytes,
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const hub = await startHub({ repo: "bench/fineweb-like", files });
  let hubRow;
  try {
    hubRow = await paired(["hub", "bench/fineweb-like", join(work, "hub.json")], ["hub-floor", "bench/fineweb-like"], {
      HF_ENDPOINT: hub.url,
    });
  } finally {
    await hub.stop();
  }
  process.stderr.write(
    `  hub: toolkit ${hubRow.toolkit.toFixed(2)} s, fetch floor ${hubRow.floor.toFixed(2)} s, ${hubRow.last.bytesDownloaded} bytes downloaded\n`,
  );

  const table = [
    "| case | files | toolkit (s) | floor (s) | ratio | toolkit minus floor (s) | target | peak RSS (MiB) | memory target |",
    "|---|---:|---:|---:|---:|---:|---|---:|---|",
    `| root and manifest from a 1,000,000-entry listing | 1,000,000 | ${million.toolkit.toFixed(2)} | ${million.floor.toFixed(2)} (parse the lines) | **${(million.toolkit / million.floor).toFixed(2)}×** | ${(million.toolkit - million.floor).toFixed(2)} | < 10 s | ${million.peakMiB.toFixed(0)} | < 512 MiB |`,
    `| a Hub revision of 20,000 files (local Hub), root and manifest | ${hubRow.last.files.toLocaleString("en")} | ${hubRow.toolkit.toFixed(2)} | ${hubRow.floor.toFixed(2)} (fetch the pages) | **${(hubRow.toolkit / hubRow.floor).toFixed(2)}×** | ${(hubRow.toolkit - hubRow.floor).toFixed(2)} | < 5 s without network | ${hubRow.peakMiB.toFixed(0)} |  |`,
  ].join("\n");
  console.log(`\n${table}\n`);
  const report = `# Listing report

Written by \`bench/listing.ts\` (part of \`npm run bench\`); do not edit by hand. Machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, Node ${process.version}.

Each case runs the toolkit as a whole process on the package as it ships (bench/listing-process.mjs, timed
inside after its imports) and, alternately, a floor for the same input in the same run: for a listing,
reading and \`JSON.parse\`-ing its lines and nothing else; for the Hub, fetching every page of the tree with
plain \`fetch\` and \`JSON.parse\` (its time stands for the network's: the toolkit's time minus it is the work
the toolkit adds). Medians of ${RUNS} after a warm-up each; only ratios compare between machines.

${table}

The Hub revision is 19,980 LFS files (listed with their SHA-256, never downloaded) and 20 files stored in
git, which are downloaded and hashed: ${hubRow.last.bytesDownloaded?.toLocaleString("en")} bytes in all (with \`--sample K\`, K LFS files
more). Its tree is served in pages of 1,000 entries linked by the \`Link\` header, as the Hub serves it.
The toolkit process's own start (Node and its imports) adds ${(million.process - million.toolkit).toFixed(2)} s to the listing case.

How the listing case gets there (\`hashListings\`, src/node/listing.ts): worker threads read the listing in parts of
4 MiB, parse and check each row, sort their part by path and hash its leaves (about 5 µs a row, mostly keccak in
WebAssembly), so both cores share the per-row work; the main thread merges the sorted parts, finds any path listed
twice, and keeps the files as columns (paths, a Float64Array of sizes, the SHA-256s in one Uint8Array) instead of
a million objects, while one more thread builds the root from the leaves. The manifest is written from the
columns (\`writeDatasetManifest\`). Threads' heaps are capped (16 MiB young generation), or they kept what they
had collected: 200 MiB more peak.
`;
  writeFileSync(new URL("./LISTING.md", import.meta.url), report);
} finally {
  rmSync(work, { recursive: true, force: true });
}
