// One toolkit run, as a whole process: hashes a dataset with the SDK as the package ships it (dist/,
// built by `npm run build:package`), and prints its root, file count, and the process's peak memory.
// bench/hashing.ts times it from outside, beside `openssl dgst -sha256` on the same files.
import { readFileSync } from "node:fs";

import { hashDataset } from "../dist/src/node/hashing.js";

const hash = await hashDataset(process.argv[2]);
// The peak resident memory of this process, every thread included. Linux's VmHWM, which starts afresh
// at exec; getrusage's maxRSS does not (it keeps the parent's peak at fork), so it is the fallback only.
const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(
  (() => {
    try {
      return readFileSync("/proc/self/status", "utf8");
    } catch {
      return "";
    }
  })(),
);
const maxRssKiB = hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS;
console.log(JSON.stringify({ root: hash.root, files: hash.files.length, maxRssKiB }));
