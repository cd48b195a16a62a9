/**
 * Hashing benchmark: the toolkit against `openssl dgst -sha256` on the same files, as whole processes,
 * measured side by side in one run (medians of 3 after a warm-up run), so that the ratios hold on any
 * machine. Trees are generated under the system temp directory and removed afterwards.
 *
 *   npm run build:package && node --import tsx bench/hashing.ts     (part of `npm run bench`)
 *   BENCH_MILLION=1 …                                                 (adds the 1,000,000-file case)
 *
 * The toolkit process is bench/hash-process.mjs: the SDK as the package ships it (dist/), in plain
 * Node. The baseline is `find <dir> -type f -print0 | xargs -0 -P 2 -n <k> openssl dgst -sha256`: two
 * openssl processes in parallel. Rewrites bench/HASHING.md.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";

import { buildManifest, readManifest, writeManifest } from "../src/node/manifest.js";
import { hashDataset } from "../src/node/hashing.js";
import { run } from "../tools/hardhat-cli.js";

const MiB = 2 ** 20;
const RUNS = 3;
const PROCESS = new URL("./hash-process.mjs", import.meta.url).pathname;
if (!existsSync(new URL("../dist/src/node/hashing.js", import.meta.url))) {
  throw new Error("bench/hashing.ts measures the built package: run `npm run build:package` first");
}

/** Runs a whole process to completion and times it from outside. */
async function timed(command: string, args: string[]): Promise<{ seconds: number; stdout: string }> {
  const started = process.hrtime.bigint();
  const result = await run(command, args, { timeoutMs: 30 * 60_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.code}: ${result.stderr.trim()}`);
  return { seconds, stdout: result.stdout };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Small files: 100 per folder, 100–4,000 bytes each, distinct content (deterministic). */
function smallFiles(dir: string, count: number): number {
  const pool = Buffer.alloc(8192);
  for (let i = 0; i < pool.length; i++) pool[i] = (i * 31 + 7) & 0xff;
  let seed = 12345;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    const size = 100 + Math.floor(random() * 3900);
    const offset = Math.floor(random() * 4000);
    const content = Buffer.from(pool.subarray(offset, offset + size));
    content.writeUInt32LE(i, 0);
    writeFileSync(join(folder, `f${i}.bin`), content);
    bytes += size;
  }
  return bytes;
}

/** Large files: `count` files of `size` bytes of non-repeating-looking data (written, not sparse). */
function largeFiles(dir: string, count: number, size: number): number {
  mkdirSync(dir, { recursive: true });
  const block = Buffer.alloc(16 * MiB);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((Math.imul(i, 2654435761) ^ i) >>> 0, i);
  for (let f = 0; f < count; f++) {
    const fd = openSync(join(dir, `part-${f}.bin`), "w");
    for (let written = 0; written < size; written += block.length) {
      block.writeUInt32LE(f * 1000 + written / block.length, 0);
      writeSync(fd, block, 0, Math.min(block.length, size - written));
    }
    closeSync(fd);
  }
  return count * size;
}

interface Row {
  label: string;
  files: number;
  mib: number;
  toolkit: number;
  baseline: number;
  ratio: number;
  target: string;
  peakMiB: number;
  memoryTarget: string;
}

async function measure(label: string, dir: string, perProcess: number, target: string, memoryTarget = "") {
  const baseline = [
    "-c",
    `find '${dir}' -type f -print0 | xargs -0 -P 2 -n ${perProcess} openssl dgst -sha256 > /dev/null`,
  ];
  // Warm-up: fills the page cache for both, so neither pays for the disk.
  const first = await timed(process.execPath, [PROCESS, dir]);
  await timed("bash", baseline);
  const toolkit: number[] = [];
  const openssl: number[] = [];
  let peak = 0;
  for (let run = 0; run < RUNS; run++) {
    const t = await timed(process.execPath, [PROCESS, dir]);
    toolkit.push(t.seconds);
    peak = Math.max(peak, (JSON.parse(t.stdout) as { maxRssKiB: number }).maxRssKiB / 1024);
    openssl.push((await timed("bash", baseline)).seconds);
  }
  const { files } = JSON.parse(first.stdout) as { files: number };
  const row: Row = {
    label,
    files,
    mib: 0,
    toolkit: median(toolkit),
    baseline: median(openssl),
    ratio: median(toolkit) / median(openssl),
    target,
    peakMiB: peak,
    memoryTarget,
  };
  process.stderr.write(
    `  ${label}: toolkit ${row.toolkit.toFixed(2)} s, openssl ${row.baseline.toFixed(2)} s, ratio ${row.ratio.toFixed(2)}, peak ${peak.toFixed(0)} MiB\n`,
  );
  return row;
}

/** Writes and reads back the manifest of a hashed tree: the time and the heap it takes. */
async function manifestRoundTrip(dir: string, work: string) {
  const hash = await hashDataset(dir);
  const file = join(work, "manifest.json");
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = process.hrtime.bigint();
  await writeManifest(file, buildManifest(hash, { name: "bench", description: "", license: "MIT", creators: [] }));
  const t1 = process.hrtime.bigint();
  const read = await readManifest(file);
  const t2 = process.hrtime.bigint();
  clearInterval(timer);
  if (read.distribution.length !== hash.files.length) throw new Error("the manifest lost files");
  return {
    files: hash.files.length,
    writeSeconds: Number(t1 - t0) / 1e9,
    readSeconds: Number(t2 - t1) / 1e9,
    growthMiB: (peak - before) / MiB,
  };
}

const work = mkdtempSync(join(tmpdir(), "dd-hash-bench-"));
try {
  const cases: {
    label: string;
    files: number;
    make: (dir: string) => number;
    perProcess: number;
    target: string;
    memory?: string;
  }[] = [
    { label: "20,000 small files", files: 20_000, make: (d) => smallFiles(d, 20_000), perProcess: 500, target: "≤ 2×" },
    {
      label: "200,000 small files",
      files: 200_000,
      make: (d) => smallFiles(d, 200_000),
      perProcess: 500,
      target: "≤ 2×",
      memory: "< 250 MiB",
    },
    {
      label: "1 GiB in 8 files of 128 MiB",
      files: 8,
      make: (d) => largeFiles(d, 8, 128 * MiB),
      perProcess: 4,
      target: "≤ 1.25×",
    },
  ];
  if (process.env.BENCH_MILLION) {
    cases.push({
      label: "1,000,000 small files",
      files: 1_000_000,
      make: (d) => smallFiles(d, 1_000_000),
      perProcess: 500,
      target: "report",
    });
  }
  const rows: Row[] = [];
  const manifests: Awaited<ReturnType<typeof manifestRoundTrip>>[] = [];
  for (const c of cases) {
    const dir = join(work, `case-${rows.length}`);
    process.stderr.write(`generating ${c.label}…\n`);
    const bytes = c.make(dir);
    const row = await measure(c.label, dir, c.perProcess, c.target, c.memory);
    rows.push({ ...row, mib: bytes / MiB });
    if (c.files >= 200_000) manifests.push(await manifestRoundTrip(dir, work));
    rmSync(dir, { recursive: true, force: true });
  }

  const table = [
    "| case | files | MiB | toolkit (s) | openssl ×2 (s) | ratio | target | toolkit peak RSS (MiB) | memory target |",
    "|---|---:|---:|---:|---:|---:|---|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.files.toLocaleString("en")} | ${r.mib.toFixed(0)} | ${r.toolkit.toFixed(2)} | ${r.baseline.toFixed(2)} | **${r.ratio.toFixed(2)}×** | ${r.target} | ${r.peakMiB.toFixed(0)} | ${r.memoryTarget} |`,
    ),
  ].join("\n");
  console.log(`\n${table}\n`);
  const manifestLine = manifests
    .map(
      (m) =>
        `\nThe manifest of the ${m.files.toLocaleString("en")}-file tree is written in ${m.writeSeconds.toFixed(2)} s and read back (its root checked) in ${m.readSeconds.toFixed(2)} s; the benchmark process grew by ${m.growthMiB.toFixed(0)} MiB meanwhile.\n`,
    )
    .join("");
  const report = `# Hashing report

Written by \`bench/hashing.ts\` (part of \`npm run bench\`); do not edit by hand. Machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, Node ${process.version}.

Each case runs the toolkit (bench/hash-process.mjs: \`hashDataset\` from the built package, in plain
Node, as a whole process) and the baseline \`find … | xargs -0 -P 2 -n <k> openssl dgst -sha256\` (two
openssl processes in parallel) on the same files, alternately: one warm-up run each (so both read from
the page cache), then the median of ${RUNS}. The ratio is toolkit time over baseline time; only
ratios are comparable between machines. The 1,000,000-file case runs with \`BENCH_MILLION=1\`.

${table}
${manifestLine}
Where the time goes: the main thread walks the folder (one \`readdir\` per folder, no \`stat\` per file),
hands the sorted paths to one worker thread per core in batches of 256, and gets back, per batch, one
buffer of sizes, sha256 digests and Merkle leaves; it then builds the root from the sorted leaves
(keccak256 in WebAssembly, hash-wasm, one hasher reused per thread). Hashing loads neither ethers nor the
OpenZeppelin tree, whose object model is built only if \`.tree\` is read (proofs). The files are kept as
columns (the sorted paths, a Float64Array of sizes, the digests in one Uint8Array): \`files\`, an object per file,
is made only when read, which took the 200,000-file case from 270 MiB to under 200.

Why the 200,000-file ratio moved (issue 29 measured 2.35× against the 0.80× committed before): the committed
row's baseline was slow, not the toolkit fast. Its openssl figure was 5.80 s; on the same generated files
openssl takes 2.3–3.0 s on this machine (four paired runs of a probe: toolkit 3.5–4.2 s, the task through
Hardhat 4.2–5.1 s, openssl 2.3–3.0 s, one outlier of 9.5 s each side while other work ran), so the old row
was measured with the baseline under load. The toolkit's own cost per small file was mostly the two keccak256
of its Merkle leaf in JavaScript (about 16 µs a file); in WebAssembly it is about 3 µs, which brought the ratio
under 2×. Single runs on this 2-core machine still move by 30% or more: compare ratios from one run only.
`;
  writeFileSync(new URL("./HASHING.md", import.meta.url), report);
  console.log("wrote bench/HASHING.md");
} finally {
  rmSync(work, { recursive: true, force: true });
}
