// Worker thread for src/sdk/hashing.ts: streams each file it is sent through sha256 and reports
// progress. Plain JavaScript, so it runs in a worker without a TypeScript loader.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { parentPort } from "node:worker_threads";

const CHUNK = 1 << 20; // 1 MiB reads: memory stays bounded whatever the file size
const REPORT_EVERY = 16 << 20; // progress every 16 MiB of a large file

parentPort.on("message", async ({ id, file }) => {
  try {
    const hash = createHash("sha256");
    let bytes = 0;
    let unreported = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
      hash.update(chunk);
      bytes += chunk.length;
      unreported += chunk.length;
      if (unreported >= REPORT_EVERY) {
        parentPort.postMessage({ id, progress: unreported });
        unreported = 0;
      }
    }
    parentPort.postMessage({ id, progress: unreported, sha256: `0x${hash.digest("hex")}`, bytes });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
