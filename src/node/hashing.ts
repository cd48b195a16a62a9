import { existsSync, lstatSync, readdirSync } from "node:fs";
import { lstat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

import type * as MerkleTreeModule from "@openzeppelin/merkle-tree";
import type { StandardMerkleTree } from "@openzeppelin/merkle-tree";

import { DataDividendsError } from "../protocol/errors.js";
import type { DatasetId } from "../protocol/ids.js";
import { leafHash, merkleRoot } from "./merkle.mjs";

/** One file of a dataset, as it is committed to: the Merkle leaf `(path, size, sha256)`. */
export interface FileEntry {
  /** POSIX path relative to the dataset root, no `./`. */
  path: string;
  size: bigint;
  /** `0x`-prefixed hex sha256 of the content. */
  sha256: string;
}

/** The leaf encoding shared with `DatasetRegistry.verifyFile`. */
export const LEAF_ENCODING = ["string", "uint256", "bytes32"] as const;

export interface HashProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: bigint;
  /** Known where the walk measured every file (datasets of up to 10,000 files); otherwise undefined. */
  bytesTotal?: bigint;
  /** Since hashing began. */
  elapsedMs: number;
  bytesPerSecond: number;
  filesPerSecond: number;
  /** Estimated time left (from bytes where the total is known, else from files); undefined until measurable. */
  etaMs?: number;
}

export interface HashDatasetOptions {
  /** Include files and folders whose name starts with "." (default false: `.git`, `.DS_Store`, … are skipped). */
  includeHidden?: boolean;
  /** Worker threads; defaults to the machine's available parallelism, fewer for small datasets. */
  threads?: number;
  /** Called as hashing advances: at most every `progressIntervalMs`, and once at the end. */
  onProgress?: (progress: HashProgress) => void;
  /** Least time between two progress calls (default 200 ms). */
  progressIntervalMs?: number;
}

export interface DatasetHash {
  /** The dataset's content hash, registered as its ID. */
  root: DatasetId;
  /** Every file, sorted by path. */
  files: FileEntry[];
  /** The OpenZeppelin tree of `files` (built on first use: hashing itself does not need it). */
  readonly tree: StandardMerkleTree<[string, bigint, string]>;
  /** git-LFS pointers read as the objects they stand for (a checkout made without smudging), and how many of
   * those objects were in `.git/lfs/objects` and checked. Absent where the files are not from a folder. */
  lfsPointers?: { read: number; checked: number };
}

/** Up to this many files, the walk measures each one so that progress can count bytes against a total. */
const MEASURED_WALK = 10_000;

interface Walk {
  /** Prefix that makes a listed path absolute (the folder, with a trailing separator). */
  base: string;
  /** POSIX paths relative to the dataset, sorted. */
  paths: string[];
  /** Sizes, where the walk measured them. */
  sizes?: bigint[];
}

/** The dataset's files, sorted by POSIX path; sizes only when asked for. Refuses links and special files. */
async function walkDataset(target: string, includeHidden: boolean, measure: boolean): Promise<Walk> {
  const stat = await lstat(target).catch((cause: unknown) => {
    throw new DataDividendsError("NOT_FOUND", `cannot read ${target}: it does not exist or is not readable`, { cause });
  });
  if (stat.isSymbolicLink()) throw symlink(target);
  if (stat.isFile()) {
    return { base: join(dirname(target), sep), paths: [basename(target)], sizes: [BigInt(stat.size)] };
  }
  if (!stat.isDirectory()) throw special(target);
  const paths: string[] = [];
  // Synchronous: one readdir per folder and no per-file call; the file count is what costs.
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!includeHidden && entry.name.startsWith(".")) continue;
      if (entry.isSymbolicLink()) throw symlink(join(dir, entry.name));
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) paths.push(prefix + entry.name);
      else throw special(join(dir, entry.name));
    }
  };
  walk(target, "");
  if (paths.length === 0) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${target} has no files to hash${includeHidden ? "" : " (hidden files are skipped; pass includeHidden to count them)"}`,
    );
  }
  paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const base = join(target, sep);
  return { base, paths, ...(measure && paths.length <= MEASURED_WALK ? { sizes: sizesOf(base, paths) } : {}) };
}

/** A listed (POSIX) path made absolute with the walk's base. */
function absolutePath(base: string, path: string): string {
  return base + (sep === "/" ? path : path.split("/").join(sep));
}

/** Each listed file's size, one `lstat` each. */
function sizesOf(base: string, paths: readonly string[]): bigint[] {
  return paths.map((path) => BigInt(lstatSync(absolutePath(base, path)).size));
}

/**
 * Lists the files a dataset consists of. A directory is walked recursively (sorted, POSIX paths);
 * a single file is a one-file dataset named by its base name. Symbolic links and special files are
 * refused, hidden entries skipped unless asked for, and an empty dataset is an error.
 */
export async function listDatasetFiles(
  target: string,
  options: Pick<HashDatasetOptions, "includeHidden"> = {},
): Promise<{ root: string; files: { path: string; absolute: string; size: bigint }[] }> {
  const { base, paths } = await walkDataset(target, options.includeHidden ?? false, false);
  const sizes = sizesOf(base, paths);
  return {
    root: target,
    files: paths.map((path, i) => ({ path, absolute: absolutePath(base, path), size: sizes[i] })),
  };
}

/**
 * Hashes a file or directory into its content hash: the root of an OpenZeppelin StandardMerkleTree
 * over `(path, size, sha256)` leaves. Worker threads read and hash the files and their leaves in
 * batches (memory bounded for any file size); the main thread walks the folder and builds the root
 * from the leaves.
 *
 * @example
 * const { root, files } = await hashDataset("seeds/datasets/city-air-quality");
 */
export async function hashDataset(target: string, options: HashDatasetOptions = {}): Promise<DatasetHash> {
  const started = performance.now();
  const walk = await walkDataset(target, options.includeHidden ?? false, options.onProgress !== undefined);
  const n = walk.paths.length;
  const bytesTotal = walk.sizes?.reduce((sum, size) => sum + size, 0n);
  const report = options.onProgress;
  const interval = options.progressIntervalMs ?? 200;
  let lastReport = started;
  const progress = (filesDone: number, bytesDone: bigint, final = false) => {
    const now = performance.now();
    if (report === undefined || (!final && now - lastReport < interval)) return;
    lastReport = now;
    const elapsedMs = now - started;
    const seconds = Math.max(elapsedMs / 1000, 1e-3);
    const fraction =
      bytesTotal !== undefined && bytesTotal > 0n ? Number(bytesDone) / Number(bytesTotal) : filesDone / n;
    report({
      filesDone,
      filesTotal: n,
      bytesDone,
      ...(bytesTotal !== undefined ? { bytesTotal } : {}),
      elapsedMs,
      bytesPerSecond: Number(bytesDone) / seconds,
      filesPerSecond: filesDone / seconds,
      ...(fraction > 0 ? { etaMs: (elapsedMs * (1 - fraction)) / fraction } : {}),
    });
  };
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), n));
  const results = await hashFiles(walk, threads, progress);
  progress(n, results.bytes, true);

  const sizes = new Float64Array(n);
  const sha256 = new Uint8Array(n * 32);
  const leaves = new Uint8Array(n * 32);
  const { records, view } = results;
  for (let i = 0; i < n; i++) {
    const at = i * RECORD;
    sizes[i] = view.getFloat64(at);
    sha256.set(records.subarray(at + 8, at + 40), i * 32);
    leaves.set(records.subarray(at + 40, at + 72), i * 32);
  }
  const hashed = withColumns(rootOf(leaves), { paths: walk.paths, sizes, sha256 });
  return results.pointers === 0
    ? hashed
    : Object.assign(hashed, { lfsPointers: { read: results.pointers, checked: results.checked } });
}

/**
 * The root of file entries (as given: sort them by path first), with the entries and their OpenZeppelin tree
 * (built on first use), in the encoding `DatasetRegistry.verifyFile` checks. Do not spread the result
 * (`{ ...treeOf(x) }`): spreading reads `tree`, and building it costs minutes for a million files.
 */
export function treeOf(entries: readonly FileEntry[]): DatasetHash {
  const leaves = new Uint8Array(entries.length * 32);
  entries.forEach((e, i) => {
    if (e.size > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new DataDividendsError("INVALID_INPUT", `${e.path}: a size of ${e.size} bytes is beyond what is hashed`);
    }
    leaves.set(leafHash(e.path, Number(e.size), Buffer.from(e.sha256.replace(/^0x/, ""), "hex")), i * 32);
  });
  return withLazyTree(rootOf(leaves), entries);
}

/** The content hash over leaves (n × 32 bytes), as a hex ID. */
function rootOf(leaves: Uint8Array): DatasetId {
  return `0x${Buffer.from(merkleRoot(leaves)).toString("hex")}` as DatasetId;
}

/**
 * A hash whose StandardMerkleTree is built from its entries when first read, then kept. The library is
 * loaded then too: hashing alone never loads it (nor ethers), which is a fifth of a small run's time.
 */
function withLazyTree(root: DatasetId, files: readonly FileEntry[]): DatasetHash {
  return lazyHash(root, () => files as FileEntry[]);
}

/** A hash whose files and tree are made on first read (`files` from `entries()`), then kept. */
function lazyHash(root: DatasetId, entries: () => FileEntry[]): DatasetHash {
  let files: FileEntry[] | undefined;
  let tree: StandardMerkleTree<[string, bigint, string]> | undefined;
  return {
    root,
    get files() {
      files ??= entries();
      return files;
    },
    get tree() {
      if (tree !== undefined) return tree;
      const { StandardMerkleTree: Tree } = createRequire(import.meta.url)(
        "@openzeppelin/merkle-tree",
      ) as typeof MerkleTreeModule;
      tree = Tree.of(
        this.files.map((e) => [e.path, e.size, e.sha256] as [string, bigint, string]),
        [...LEAF_ENCODING],
      );
      return tree;
    },
  };
}

/** Files as columns, sorted by path: what a hash of a million files keeps instead of a million objects. */
export interface FileColumns {
  paths: readonly string[];
  /** Bytes (each below 2^53). */
  sizes: Float64Array;
  /** 32 bytes per file. */
  sha256: Uint8Array;
}

const columnsOf = new WeakMap<object, FileColumns>();

/** A hash over files held as columns: `files` is made from them on first read. */
export function withColumns(root: DatasetId, columns: FileColumns): DatasetHash {
  const hash = lazyHash(root, () =>
    columns.paths.map((path, i) => ({
      path,
      size: BigInt(columns.sizes[i]),
      sha256: `0x${Buffer.from(columns.sha256.buffer, columns.sha256.byteOffset + i * 32, 32).toString("hex")}`,
    })),
  );
  columnsOf.set(hash, columns);
  return hash;
}

/** A hash's files read one field at a time: from its columns where it has them, else from its entries. */
export interface FileTable {
  count: number;
  path(i: number): string;
  size(i: number): number | bigint;
  /** The SHA-256 as 64 hex digits, no 0x. */
  sha256Hex(i: number): string;
}

/** The files of a hash, read without making an object per file where the hash holds columns. */
export function fileTable(hash: Pick<DatasetHash, "files">): FileTable {
  const columns = columnsOf.get(hash);
  if (columns !== undefined) {
    const sha = Buffer.from(columns.sha256.buffer, columns.sha256.byteOffset, columns.sha256.length);
    return {
      count: columns.paths.length,
      path: (i) => columns.paths[i],
      size: (i) => columns.sizes[i],
      sha256Hex: (i) => sha.toString("hex", i * 32, i * 32 + 32),
    };
  }
  const { files } = hash;
  return {
    count: files.length,
    path: (i) => files[i].path,
    size: (i) => files[i].size,
    sha256Hex: (i) => (files[i].sha256.startsWith("0x") ? files[i].sha256.slice(2) : files[i].sha256),
  };
}

/** A hash's file count and bytes, without making an object per file. */
export function fileTotals(hash: Pick<DatasetHash, "files">): { files: number; bytes: bigint } {
  const columns = columnsOf.get(hash);
  if (columns === undefined) return { files: hash.files.length, bytes: hash.files.reduce((s, f) => s + f.size, 0n) };
  let bytes = 0;
  for (const size of columns.sizes) bytes += size; // exact while below 2^53 bytes (8 PiB)
  return {
    files: columns.paths.length,
    bytes: Number.isSafeInteger(bytes) ? BigInt(bytes) : columns.sizes.reduce((s, x) => s + BigInt(x), 0n),
  };
}

/** Bytes per file in a worker's answer (hash-worker.mjs): size (float64), sha256, leaf. */
const RECORD = 72;
/**
 * Files per message: up to 256, so that messaging costs nothing per file, but fewer where the files are
 * few (eight 128 MiB files go one by one, or one thread would get them all).
 */
const MAX_BATCH = 256;
/** Batches each thread should get at least, so that the threads finish together. */
const BATCHES_PER_THREAD = 8;
/** Batches queued per worker, so that a worker never waits for its next batch. */
const IN_FLIGHT = 2;

async function hashFiles(
  walk: Walk,
  threads: number,
  progress: (filesDone: number, bytesDone: bigint) => void,
): Promise<{ records: Buffer; view: DataView; bytes: bigint; pointers: number; checked: number }> {
  const n = walk.paths.length;
  const records = Buffer.alloc(n * RECORD);
  const view = new DataView(records.buffer, records.byteOffset, records.length);
  const batch = Math.max(1, Math.min(MAX_BATCH, Math.ceil(n / (threads * BATCHES_PER_THREAD))));
  const batches = Math.ceil(n / batch);
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(new URL("./hash-worker.mjs", import.meta.url), {
        workerData: { base: walk.base, lfsObjects: lfsObjectsOf(walk.base) },
      }),
  );
  let pointers = 0;
  let checked = 0;
  let next = 0;
  let filesDone = 0;
  let bytesDone = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let pending = 0;
            // Bytes already reported within each pending batch's large files (progress every 16 MiB).
            const reported = new Map<number, number>();
            const send = () => {
              while (pending < IN_FLIGHT && next < batches) {
                const id = next++;
                pending++;
                worker.postMessage({ id, paths: walk.paths.slice(id * batch, (id + 1) * batch) });
              }
              if (pending === 0) resolve();
            };
            worker.on(
              "message",
              (m: {
                id: number;
                progress?: number;
                out?: ArrayBuffer;
                failed?: number;
                error?: string;
                pointers?: number;
                checked?: number;
              }) => {
                if (m.error !== undefined) {
                  const path = walk.paths[m.id * batch + (m.failed ?? 0)];
                  return reject(new DataDividendsError("HASH_FAILED", `cannot hash ${path}: ${m.error}`));
                }
                if (m.out === undefined) {
                  reported.set(m.id, (reported.get(m.id) ?? 0) + (m.progress ?? 0));
                  bytesDone += m.progress ?? 0;
                  return progress(filesDone, BigInt(bytesDone));
                }
                const out = new Uint8Array(m.out);
                records.set(out, m.id * batch * RECORD);
                pointers += m.pointers ?? 0;
                checked += m.checked ?? 0;
                const answer = new DataView(m.out);
                let batchBytes = 0;
                for (let at = 0; at < out.length; at += RECORD) batchBytes += answer.getFloat64(at);
                bytesDone += batchBytes - (reported.get(m.id) ?? 0);
                reported.delete(m.id);
                filesDone += out.length / RECORD;
                pending--;
                progress(filesDone, BigInt(bytesDone));
                send();
              },
            );
            worker.on("error", (cause) =>
              reject(new DataDividendsError("HASH_FAILED", "a hashing thread failed", { cause })),
            );
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { records, view, bytes: BigInt(bytesDone), pointers, checked };
}

/** `.git/lfs/objects` of the git repository `folder` is in, if it has one (the first `.git` folder upwards). */
function lfsObjectsOf(folder: string): string | undefined {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) {
      const objects = join(dir, ".git", "lfs", "objects");
      return existsSync(objects) ? objects : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function symlink(path: string): DataDividendsError {
  return new DataDividendsError(
    "INVALID_INPUT",
    `${path} is a symbolic link; datasets must be plain files and folders (copy the target in instead)`,
  );
}

function special(path: string): DataDividendsError {
  return new DataDividendsError("INVALID_INPUT", `${path} is not a regular file or folder (device, socket or pipe)`);
}
