/**
 * A dataset's content hash from file listings instead of its bytes (issue 29): a listing is JSON Lines of
 * `{"path", "size", "sha256"}`, one file per line, in any order, from one file or many (one per shard of a
 * dataset hashed on many machines). The leaves are the ones hashing the bytes gives, so the root and the
 * manifest are the same. Every row is parsed by schema; the first bad row, a path listed twice (in one listing
 * or across two) or a path that leaves the dataset stops it with one line naming the file, the row, the field
 * and the value.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";

import { DataDividendsError } from "../protocol/errors.js";
import type { DatasetId } from "../protocol/ids.js";
import { parseInput, text, z } from "../protocol/schema.js";
import { fileTable, withColumns, type DatasetHash, type FileColumns, type FileEntry } from "./hashing.js";
import { leafHashInto } from "./merkle.mjs";
import { checkedPath } from "./paths.mjs";

export { checkedPath };

const rowSchema = z.looseObject({
  path: text("expected a path inside the dataset (relative, POSIX, no . or .. segments)", checkedPath),
  size: z.union([z.number(), z.string()]).transform((value, ctx) => {
    const ok =
      typeof value === "number" ? Number.isSafeInteger(value) && value >= 0 : /^\d+$/.test(value) && value.length < 16;
    if (!ok || BigInt(value) > BigInt(Number.MAX_SAFE_INTEGER)) {
      ctx.issues.push({ code: "custom", message: "expected a whole number of bytes", input: value });
      return z.NEVER;
    }
    return Number(value);
  }),
  sha256: text("expected a SHA-256: 64 hex digits, 0x optional", (value) =>
    /^(0x)?[0-9a-fA-F]{64}$/.test(value) ? value.replace(/^0x/, "").toLowerCase() : undefined,
  ),
});

/** Where the leaves of a listing-built hash came from: each listing file and how many files it gave. */
export interface ListingSource {
  listing: string;
  files: number;
}

/**
 * The values of a JSON Lines file, one at a time, with their row numbers (blank lines skipped but counted); a
 * line that is not JSON is refused naming the file and the row. Listings and contributors files read with it.
 */
export async function* jsonLines(file: string): AsyncGenerator<{ row: number; value: unknown }> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let row = 0;
  for await (const line of lines) {
    row++;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DataDividendsError("INVALID_INPUT", `${file}: row ${row}: not a JSON object: ${line.slice(0, 60)}`);
    }
    yield { row, value };
  }
}

/** A content hash built from listings, and where its leaves came from. */
export interface ListedHash extends DatasetHash {
  sources: ListingSource[];
}

export interface HashListingsOptions {
  /** Worker threads (default: the machine's available parallelism, at most one per part). */
  threads?: number;
  /** Bytes of a listing per part a thread takes (default 4 MiB, about 30,000 rows). */
  partBytes?: number;
  /** Bytes a thread reads at a time (default 1 MiB; it grows for a longer line). */
  readBytes?: number;
}

interface Part {
  listing: number;
  start: number;
  end: number;
}

interface PartAnswer {
  lines: number;
  paths: string;
  sizes: ArrayBuffer;
  sha: ArrayBuffer;
  leaves: ArrayBuffer;
  rows: ArrayBuffer;
  odd: { row: number; line: string }[];
}

/**
 * The content hash of the files listings name, as hashing those files' bytes gives it, with the files sorted by
 * path. Worker threads read parts of the listings (4 MiB each), take each row, sort their part by path and hash
 * its leaves; this thread merges the sorted parts, finds a path listed twice and builds the root. A million rows
 * keep about 200 MiB: the files are held as columns (`hash.files` makes a million objects on first read; the
 * writers here and in manifest.ts do without). The first bad row (in the order the listings are given), a path
 * listed twice (in one listing or across two) or a path that leaves the dataset stops it with one line naming
 * the file, the row, the field and the value.
 *
 * @example
 * const { root, sources } = await hashListings(["shard-0.jsonl", "shard-1.jsonl"]);
 */
export async function hashListings(
  listings: readonly string[],
  options: HashListingsOptions = {},
): Promise<ListedHash> {
  if (listings.length === 0) throw new DataDividendsError("INVALID_INPUT", "no listing given");
  const parts: Part[] = [];
  for (const [listing, file] of listings.entries()) {
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${file}: cannot read the listing (${error.code ?? error.message})`,
      );
    });
    if (!info.isFile())
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${file}: cannot read the listing (${info.isDirectory() ? "EISDIR" : "not a file"})`,
      );
    const size = info.size;
    const count = Math.max(1, Math.ceil(size / (options.partBytes ?? 4 << 20)));
    for (let i = 0; i < count; i++) {
      parts.push({ listing, start: Math.floor((size * i) / count), end: Math.floor((size * (i + 1)) / count) });
    }
  }
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), parts.length));
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL("./listing-worker.mjs", import.meta.url), { resourceLimits: LIMITS }),
  );
  try {
    const answers = await readParts(listings, parts, workers, options.readBytes ?? 1 << 20);
    // One thread stays for the root; the others' heaps go now.
    await Promise.all(workers.slice(1).map((w) => w.terminate()));
    return await fromParts(listings, parts, answers, workers[0]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The hash of the parts' answers: runs merged, the schema's rows added, the root built on `rooter`. */
async function fromParts(
  listings: readonly string[],
  parts: readonly Part[],
  answers: PartAnswer[],
  rooter: Worker,
): Promise<ListedHash> {
  // Rows before each part, per listing: a part's row numbers start at its first line.
  const firstRow = new Array<number>(parts.length);
  for (let i = 0, before = 0; i < parts.length; i++) {
    if (i > 0 && parts[i].listing !== parts[i - 1].listing) before = 0;
    firstRow[i] = before;
    before += answers[i].lines;
  }

  // Each part's rows as a run sorted by path, and the rows the threads did not take as one more: the schema takes
  // each of those (in the listings' order, so the first bad row is the one named) or refuses it.
  const runs: Run[] = answers.map((answer, i) => {
    const count = answer.sizes.byteLength / 8;
    const local = new Uint32Array(answer.rows);
    const rows = new Float64Array(count);
    const base = parts[i].listing * 2 ** 32 + firstRow[i];
    for (let k = 0; k < count; k++) rows[k] = base + local[k];
    return {
      paths: count === 0 ? [] : answer.paths.split("\0"),
      sizes: new Float64Array(answer.sizes),
      sha: new Uint8Array(answer.sha),
      leaves: new Uint8Array(answer.leaves),
      rows,
    };
  });
  runs.push(schemaRun(listings, parts, firstRow, answers));
  answers.length = 0;

  const n = runs.reduce((sum, run) => sum + run.paths.length, 0);
  if (n === 0) throw new DataDividendsError("INVALID_INPUT", `${listings.join(", ")}: no files listed`);
  return sortRuns(listings, runs, n, rootInThread(rooter, runs, n));
}

/**
 * The runs merged into one set of columns sorted by path, a path listed twice refused (naming its two rows), with
 * the root when it is built.
 */
async function sortRuns(
  listings: readonly string[],
  runs: readonly Run[],
  n: number,
  root: Promise<DatasetId>,
): Promise<ListedHash> {
  // Row g of all runs end to end is row `g - start[runOf[g]]` of run `runOf[g]`.
  const paths = new Array<string>(n);
  const runOf = new Uint32Array(n);
  const start: number[] = [];
  let at = 0;
  runs.forEach((run, r) => {
    start.push(at);
    for (const path of run.paths) {
      paths[at] = path;
      runOf[at++] = r;
    }
  });
  const rowOf = (g: number) => runs[runOf[g]].rows[g - start[runOf[g]]];
  // One merge sort: it finds the sorted runs and merges them.
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (paths[a] < paths[b] ? -1 : paths[a] > paths[b] ? 1 : 0));

  // A path listed twice: of all such pairs, the one whose second row comes first in the listings.
  let twice: [number, number, string] | undefined;
  for (let k = 1; k < n; k++) {
    if (paths[order[k]] !== paths[order[k - 1]]) continue;
    const [first, second] = [rowOf(order[k - 1]), rowOf(order[k])].sort((a, b) => a - b);
    if (twice === undefined || second < twice[1]) twice = [first, second, paths[order[k]]];
  }
  if (twice !== undefined) {
    const where = (row: number) => `${listings[Math.floor(row / 2 ** 32)]}: row ${row % 2 ** 32}`;
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${where(twice[1])}: path "${twice[2]}" is listed twice (first at ${where(twice[0])})`,
    );
  }

  const sorted: FileColumns = {
    paths: new Array<string>(n),
    sizes: new Float64Array(n),
    sha256: new Uint8Array(n * 32),
  };
  const files = new Array<number>(listings.length).fill(0);
  for (let k = 0; k < n; k++) {
    const g = order[k];
    const run = runs[runOf[g]];
    const i = g - start[runOf[g]];
    (sorted.paths as string[])[k] = paths[g];
    sorted.sizes[k] = run.sizes[i];
    for (let b = 0; b < 32; b++) sorted.sha256[k * 32 + b] = run.sha[i * 32 + b];
    files[Math.floor(run.rows[i] / 2 ** 32)]++;
  }
  // The root thread has been hashing meanwhile; a rejected root is awaited (and thrown) here, not left unhandled.
  const hash = withColumns(await root, sorted) as ListedHash;
  hash.sources = listings.map((listing, i) => ({ listing, files: files[i] }));
  return hash;
}

/** Rows as columns, sorted by path; `rows` as listing × 2^32 + row. */
interface Run {
  paths: string[];
  sizes: Float64Array;
  sha: Uint8Array;
  leaves?: Uint8Array;
  rows: Float64Array;
}

/** The rows the threads left to the schema, taken by it in the listings' order (the first bad one refused). */
function schemaRun(
  listings: readonly string[],
  parts: readonly Part[],
  firstRow: readonly number[],
  answers: readonly PartAnswer[],
): Run {
  const taken: { path: string; size: number; sha256: string; row: number }[] = [];
  answers.forEach((answer, i) => {
    for (const { row, line } of answer.odd) {
      const where = `${listings[parts[i].listing]}: row ${firstRow[i] + row}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new DataDividendsError("INVALID_INPUT", `${where}: not a JSON object: ${line.slice(0, 60)}`);
      }
      taken.push({ ...parseInput(rowSchema, value, where), row: parts[i].listing * 2 ** 32 + firstRow[i] + row });
    }
  });
  taken.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const run: Required<Run> = {
    paths: taken.map((t) => t.path),
    sizes: Float64Array.from(taken, (t) => t.size),
    sha: new Uint8Array(taken.length * 32),
    leaves: new Uint8Array(taken.length * 32),
    rows: Float64Array.from(taken, (t) => t.row),
  };
  taken.forEach((t, k) => {
    run.sha.set(Buffer.from(t.sha256, "hex"), k * 32);
    leafHashInto(t.path, t.size, run.sha.subarray(k * 32, k * 32 + 32), run.leaves, k * 32);
  });
  return run;
}

/**
 * The root over every run's leaves, built on `worker` (a thread that read parts) while this one sorts the paths:
 * the leaves are moved to it (each run's let go once copied), and what the thread allocates is freed when it ends.
 */
function rootInThread(worker: Worker, runs: Run[], n: number): Promise<DatasetId> {
  const leaves = new Uint8Array(n * 32);
  let at = 0;
  for (const run of runs) {
    leaves.set(run.leaves!, at);
    at += run.leaves!.length;
    delete run.leaves;
  }
  const root = new Promise<DatasetId>((resolve, reject) => {
    worker.once("message", (m: { root?: Uint8Array; error?: string }) =>
      m.root !== undefined
        ? resolve(`0x${Buffer.from(m.root).toString("hex")}` as DatasetId)
        : reject(new DataDividendsError("INVALID_INPUT", `the listings' root could not be built (${m.error})`)),
    );
    worker.once("error", (cause) =>
      reject(new DataDividendsError("INVALID_INPUT", "the thread building the listings' root failed", { cause })),
    );
  });
  // Awaited (and a rejection thrown) by sortRuns once the paths are sorted: never left unhandled before that.
  root.catch(() => undefined);
  worker.postMessage({ leaves: leaves.buffer }, [leaves.buffer]);
  return root;
}

/**
 * A thread's heap: a part of 4 MiB needs a few tens of MiB, and a heap left to grow keeps what it collected (a
 * million rows took 200 MiB more without these).
 */
const LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 96 };

/** Each part's answer from `workers` (listing-worker.mjs threads), in the parts' order. */
async function readParts(
  listings: readonly string[],
  parts: Part[],
  workers: readonly Worker[],
  readBytes: number,
): Promise<PartAnswer[]> {
  const answers = new Array<PartAnswer>(parts.length);
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next === parts.length) return resolve();
              const id = next++;
              const { listing, start, end } = parts[id];
              worker.postMessage({ id, file: listings[listing], start, end, readBytes });
            };
            worker.on("message", (m: PartAnswer & { id: number; error?: string }) => {
              if (m.error !== undefined) {
                return reject(
                  new DataDividendsError(
                    "INVALID_INPUT",
                    `${listings[parts[m.id].listing]}: cannot read the listing (${m.error})`,
                  ),
                );
              }
              answers[m.id] = m;
              send();
            });
            worker.on("error", (cause) =>
              reject(new DataDividendsError("INVALID_INPUT", "a thread reading the listings failed", { cause })),
            );
            send();
          }),
      ),
    );
  } finally {
    for (const worker of workers) worker.removeAllListeners("message").removeAllListeners("error");
  }
  return answers;
}

/**
 * Reads listings into file entries, sorted by path as hashing a folder sorts them (`hashListings`, its files as
 * objects).
 */
export async function readListings(
  listings: readonly string[],
): Promise<{ files: FileEntry[]; sources: ListingSource[] }> {
  const hash = await hashListings(listings);
  return { files: hash.files, sources: hash.sources };
}

/**
 * Writes a hash's files (or file entries) as a listing (JSON Lines), each path under `prefix` (a shard's place in
 * the dataset), a megabyte at a time.
 */
export async function writeListing(
  path: string,
  files: readonly FileEntry[] | Pick<DatasetHash, "files">,
  prefix = "",
): Promise<void> {
  const table = fileTable(
    Array.isArray(files) ? { files: files as FileEntry[] } : (files as Pick<DatasetHash, "files">),
  );
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.on("finish", resolve);
  });
  let chunk = "";
  for (let i = 0; i < table.count; i++) {
    const name = prefix === "" ? table.path(i) : `${prefix}/${table.path(i)}`;
    chunk += `{"path":${JSON.stringify(name)},"size":${table.size(i)},"sha256":"${table.sha256Hex(i)}"}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await done;
}
