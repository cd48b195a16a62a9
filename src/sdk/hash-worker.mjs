// Worker thread for src/sdk/hashing.ts: hashes each file it is sent with sha256 and reports
// progress. Plain JavaScript, so it runs in a worker without a TypeScript loader.
//
// Reads are synchronous into one reused 1 MiB buffer: blocking is what a worker thread is for, it
// avoids a stream's per-file setup (which dominates for small files), and memory stays bounded
// whatever the file size.
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort } from "node:worker_threads";

const buffer = Buffer.allocUnsafe(1 << 20);
const REPORT_EVERY = 16 << 20; // progress every 16 MiB of a large file

parentPort.on("message", ({ id, file }) => {
  let fd;
  try {
    fd = openSync(file, "r");
    const hash = createHash("sha256");
    let bytes = 0;
    let unreported = 0;
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
      hash.update(buffer.subarray(0, n));
      bytes += n;
      unreported += n;
      if (unreported >= REPORT_EVERY) {
        parentPort.postMessage({ id, progress: unreported });
        unreported = 0;
      }
    }
    parentPort.postMessage({ id, progress: unreported, sha256: `0x${hash.digest("hex")}`, bytes });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
