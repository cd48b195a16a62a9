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
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";

import { leafHashInto } from "./merkle.mjs";

/** Bytes per file in a batch's answer: size (float64), sha256, leaf. */
const RECORD = 72;
const REPORT_EVERY = 16 << 20; // progress within a file every 16 MiB

const buffer = Buffer.allocUnsafe(1 << 20);
const base = workerData.base;
parentPort.on("message", ({ id, paths }) => {
  const out = new ArrayBuffer(paths.length * RECORD);
  const view = new DataView(out);
  const bytesOut = new Uint8Array(out);
  for (let i = 0; i < paths.length; i++) {
    let fd;
    try {
      fd = openSync(base + paths[i], "r");
      const hash = createHash("sha256");
      let size = 0;
      let unreported = 0;
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
        hash.update(buffer.subarray(0, n));
        size += n;
        unreported += n;
        if (unreported >= REPORT_EVERY) {
          parentPort.postMessage({ id, progress: unreported });
          unreported = 0;
        }
      }
      const sha256 = hash.digest();
      view.setFloat64(i * RECORD, size);
      bytesOut.set(sha256, i * RECORD + 8);
      leafHashInto(paths[i], size, sha256, bytesOut, i * RECORD + 40);
    } catch (error) {
      parentPort.postMessage({ id, failed: i, error: error instanceof Error ? error.message : String(error) });
      return;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  parentPort.postMessage({ id, out }, [out]);
});
