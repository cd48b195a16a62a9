// One toolkit run, as a whole process: hashes a dataset with the SDK as the package ships it (dist/,
// built by `npm run build:package`), and prints its root, file count, and the process's peak memory.
// bench/hashing.ts times it from outside, beside `openssl dgst -sha256` on the same files.
import { hashDataset } from "../dist/src/sdk/hashing.js";

const hash = await hashDataset(process.argv[2]);
// resourceUsage().maxRSS is in KiB and covers every thread of the process.
console.log(JSON.stringify({ root: hash.root, files: hash.files.length, maxRssKiB: process.resourceUsage().maxRSS }));
