/**
 * Lint gate: refuses an import cycle among the TypeScript files we write (ESLint's zones in eslint.config.js
 * refuse an upward import; a cycle inside one layer is this check's). Prints each cycle and exits 1.
 *
 *   npm run lint:imports
 */
import { fileURLToPath } from "node:url";

import { importCycles, sourceFiles } from "../tools/import-graph.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where the project's own TypeScript lives. */
const LAYERED = ["src", "tasks", "ignition/modules", "indexer", "dashboard/src", "scripts", "bench", "tools", "test"];

const files = sourceFiles(ROOT, LAYERED);
const cycles = importCycles(ROOT, files);
for (const cycle of cycles) console.error(`import cycle: ${[...cycle, cycle[0]].join(" -> ")}`);
if (cycles.length > 0) {
  console.error(`error: ${cycles.length} import cycle(s); move what both sides need into a module below them`);
  process.exit(1);
}
console.log(`imports: ${files.length} files, no cycle`);
