import { lstat, readdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, join, relative, sep } from "node:path";
import { Worker } from "node:worker_threads";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

import { DataDividendsError } from "./errors.js";
import type { DatasetId } from "./ids.js";

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
  bytesTotal: bigint;
}

export interface HashDatasetOptions {
  /** Include files and folders whose name starts with "." (default false: `.git`, `.DS_Store`, … are skipped). */
  includeHidden?: boolean;
  /** Worker threads; defaults to the machine's available parallelism, at most one per file. */
  threads?: number;
  /** Called as files and bytes complete (at most every 16 MiB within a file). */
  onProgress?: (progress: HashProgress) => void;
}

export interface DatasetHash {
  /** The dataset's content hash, registered as its ID. */
  root: DatasetId;
  /** Every file, sorted by path. */
  files: FileEntry[];
  tree: StandardMerkleTree<[string, bigint, string]>;
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
  const stat = await lstat(target).catch((cause: unknown) => {
    throw new DataDividendsError("NOT_FOUND", `cannot read ${target}: it does not exist or is not readable`, { cause });
  });
  if (stat.isSymbolicLink()) throw symlink(target);
  if (stat.isFile())
    return { root: target, files: [{ path: basename(target), absolute: target, size: BigInt(stat.size) }] };
  if (!stat.isDirectory()) throw special(target);

  const files: { path: string; absolute: string; size: bigint }[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (!options.includeHidden && entry.name.startsWith(".")) continue;
      const absolute = join(dir, entry.name);
      if (entry.isSymbolicLink()) throw symlink(absolute);
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile()) {
        const size = BigInt((await lstat(absolute)).size);
        files.push({ path: relative(target, absolute).split(sep).join("/"), absolute, size });
      } else throw special(absolute);
    }
  }
  await walk(target);
  if (files.length === 0) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${target} has no files to hash${options.includeHidden ? "" : " (hidden files are skipped; pass includeHidden to count them)"}`,
    );
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: target, files };
}

/**
 * Hashes a file or directory into its content hash: the root of an OpenZeppelin StandardMerkleTree
 * over `(path, size, sha256)` leaves. Files are streamed (bounded memory for any size) on worker
 * threads (all cores for many files).
 *
 * @example
 * const { root, files } = await hashDataset("seeds/datasets/city-air-quality");
 */
export async function hashDataset(target: string, options: HashDatasetOptions = {}): Promise<DatasetHash> {
  const { files } = await listDatasetFiles(target, options);
  const bytesTotal = files.reduce((sum, f) => sum + f.size, 0n);
  const digests = await sha256All(
    files.map((f) => f.absolute),
    Math.max(1, Math.min(options.threads ?? availableParallelism(), files.length)),
    (filesDone, bytesDone) => options.onProgress?.({ filesDone, filesTotal: files.length, bytesDone, bytesTotal }),
  );
  const entries: FileEntry[] = files.map((f, i) => ({ path: f.path, size: f.size, sha256: digests[i] }));
  return { ...treeOf(entries), files: entries };
}

/** The Merkle tree (and root) of file entries, in the encoding `DatasetRegistry.verifyFile` checks. */
export function treeOf(entries: readonly FileEntry[]): Omit<DatasetHash, "files"> {
  const tree = StandardMerkleTree.of(
    entries.map((e) => [e.path, e.size, e.sha256] as [string, bigint, string]),
    [...LEAF_ENCODING],
  );
  return { root: tree.root as DatasetId, tree };
}

/** Files queued per worker, so that message round trips overlap with hashing. */
const IN_FLIGHT = 16;

async function sha256All(
  paths: string[],
  threads: number,
  onProgress: (filesDone: number, bytesDone: bigint) => void,
): Promise<string[]> {
  const results = new Array<string>(paths.length);
  const workers = Array.from({ length: threads }, () => new Worker(new URL("./hash-worker.mjs", import.meta.url)));
  let next = 0;
  let filesDone = 0;
  let bytesDone = 0n;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let pending = 0;
            const send = () => {
              while (pending < IN_FLIGHT && next < paths.length) {
                const id = next++;
                pending++;
                worker.postMessage({ id, file: paths[id] });
              }
              if (pending === 0) resolve();
            };
            worker.on("message", (m: { id: number; progress?: number; sha256?: string; error?: string }) => {
              if (m.error !== undefined) {
                return reject(new DataDividendsError("HASH_FAILED", `cannot hash ${paths[m.id]}: ${m.error}`));
              }
              if (m.progress) bytesDone += BigInt(m.progress);
              if (m.sha256 === undefined) return onProgress(filesDone, bytesDone);
              results[m.id] = m.sha256;
              pending--;
              onProgress(++filesDone, bytesDone);
              send();
            });
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
  return results;
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
