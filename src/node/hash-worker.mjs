// Worker thread for src/node/hashing.ts. Plain JavaScript, so it runs in a worker without a TypeScript
// loader.
//
// It is sent batches of files (paths relative to the dataset folder) and answers each batch with one
// transferable buffer: per file its size, its sha256 and its Merkle leaf (the StandardMerkleTree leaf
// keccak256(keccak256(abi.encode(string path, uint256 size, bytes32 sha256)))). So the main thread does
// no per-file work but copy 72 bytes, and one message covers hundreds of files.
//
// Reads are synchronous into one reused 1 MiB buffer: blocking is what a worker thread is for, it
// avoids a stream's per-file setup (which dominates for small files), and memory stays bounded
// whatever the file size. The size is what was read: no separate stat.
//
// A git-LFS pointer (a file checked out without smudging, GIT_LFS_SKIP_SMUDGE=1) stands for its object: its
// leaf is the object's (its `oid sha256:` and `size`), so such a checkout hashes to the smudged one's root. Where
// the object is in the repository's `.git/lfs/objects`, it is hashed and must match. A file that starts as a
// pointer but is not a valid one is refused (it is neither the object nor data we should guess about).
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";

import { leafHashInto } from "./merkle.mjs";

const POINTER_VERSION = "version https://git-lfs.github.com/spec/v1\n";
const POINTER_PREFIX = Buffer.from(POINTER_VERSION, "latin1");
/** git-lfs's own bound: a pointer file is smaller than 1024 bytes. */
const POINTER_MAX = 1024;

/** Bytes per file in a batch's answer: size (float64), sha256, leaf. */
const RECORD = 72;
const REPORT_EVERY = 16 << 20; // progress within a file every 16 MiB

const buffer = Buffer.allocUnsafe(1 << 20);
const base = workerData.base;
/** The repository's `.git/lfs/objects`, where the folder is inside a git repository that has one. */
const lfsObjects = workerData.lfsObjects;

/** Hashes the file at `path`: its size and sha256 (and, if it is small, whether it starts as a pointer). */
function hashFile(path, id) {
  const fd = openSync(path, "r");
  try {
    const hash = createHash("sha256");
    let size = 0;
    let unreported = 0;
    let first = 0;
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
      if (size === 0) first = n;
      hash.update(buffer.subarray(0, n));
      size += n;
      unreported += n;
      if (unreported >= REPORT_EVERY) {
        parentPort.postMessage({ id, progress: unreported });
        unreported = 0;
      }
    }
    // Read whole in the first read (the buffer still holds it), and starting as a pointer does: one compare of
    // 43 bytes, so the 200,000-small-files case pays nothing for pointers it does not have.
    const text =
      size < POINTER_MAX &&
      first === size &&
      buffer.compare(POINTER_PREFIX, 0, POINTER_PREFIX.length, 0, POINTER_PREFIX.length) === 0
        ? buffer.toString("latin1", 0, size)
        : undefined;
    return { size, sha256: hash.digest(), text };
  } finally {
    closeSync(fd);
  }
}

/** The object a pointer stands for, or undefined for a file that is not a pointer. Throws on a broken one. */
function pointerOf(text) {
  if (text === undefined || !text.startsWith(POINTER_VERSION)) return undefined;
  const fields = new Map();
  for (const line of text.slice(POINTER_VERSION.length).split("\n").slice(0, -1)) {
    const space = line.indexOf(" ");
    fields.set(line.slice(0, space), line.slice(space + 1));
  }
  const oid = /^sha256:([0-9a-f]{64})$/.exec(fields.get("oid") ?? "");
  const size = /^(0|[1-9][0-9]{0,15})$/.exec(fields.get("size") ?? "");
  if (!text.endsWith("\n") || oid === null || size === null) {
    throw new Error(
      `it is a git-LFS pointer with a malformed oid or size (oid ${JSON.stringify(fields.get("oid") ?? null)}, size ${JSON.stringify(fields.get("size") ?? null)})`,
    );
  }
  return { oid: oid[1], size: Number(size[1]) };
}

parentPort.on("message", ({ id, paths }) => {
  const out = new ArrayBuffer(paths.length * RECORD);
  const view = new DataView(out);
  const bytesOut = new Uint8Array(out);
  let pointers = 0;
  let checked = 0;
  for (let i = 0; i < paths.length; i++) {
    try {
      const file = hashFile(base + paths[i], id);
      let { size, sha256 } = file;
      const pointer = pointerOf(file.text);
      if (pointer !== undefined) {
        const object = lfsObjects && join(lfsObjects, pointer.oid.slice(0, 2), pointer.oid.slice(2, 4), pointer.oid);
        if (object && existsSync(object)) {
          const got = hashFile(object, id);
          if (got.sha256.toString("hex") !== pointer.oid || got.size !== pointer.size) {
            throw new Error(
              `it is a git-LFS pointer to ${pointer.oid} (${pointer.size} bytes), but that object in .git/lfs/objects is ${got.size} bytes with sha256 ${got.sha256.toString("hex")}`,
            );
          }
          checked++;
        }
        pointers++;
        size = pointer.size;
        sha256 = Buffer.from(pointer.oid, "hex");
      }
      view.setFloat64(i * RECORD, size);
      bytesOut.set(sha256, i * RECORD + 8);
      leafHashInto(paths[i], size, sha256, bytesOut, i * RECORD + 40);
    } catch (error) {
      parentPort.postMessage({ id, failed: i, error: error instanceof Error ? error.message : String(error) });
      return;
    }
  }
  parentPort.postMessage({ id, out, pointers, checked }, [out]);
});
