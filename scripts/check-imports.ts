/**
 * Lint gate: refuses an import a layer may not make (tools/layers.ts: an allow-list per folder) and an
 * import cycle among the TypeScript files we write. Prints each one and exits 1.
 *
 *   npm run lint:imports
 */
import { fileURLToPath } from "node:url";

import { importCycles, sourceFiles } from "../tools/import-graph.js";
import { layerViolations } from "../tools/layers.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where the project's own TypeScript lives. */
const LAYERED = ["src", "indexer", "dashboard", "scripts", "bench", "tools", "test"];

const files = sourceFiles(ROOT, LAYERED);
const violations = layerViolations(ROOT, files);
for (const violation of violations) console.error(`layer: ${violation}`);
const cycles = importCycles(ROOT, files);
for (const cycle of cycles) console.error(`import cycle: ${[...cycle, cycle[0]].join(" -> ")}`);
if (violations.length > 0 || cycles.length > 0) {
  console.error(
    `error: ${violations.length} import(s) across a layer, ${cycles.length} import cycle(s); move what both sides need into a module below them`,
  );
  process.exit(1);
}
console.log(`imports: ${files.length} files, every layer within its allow-list, no cycle`);
