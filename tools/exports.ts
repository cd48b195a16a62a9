/**
 * The names a module exports, types included, as TypeScript sees them: for the test that holds each
 * package entry to its deliberate list, and for counting the public surface.
 *
 *   node --import tsx tools/exports.ts src/index.ts src/node/index.ts   # prints each entry's count
 */
import { fileURLToPath } from "node:url";

import ts from "typescript";

/** Each entry file's exported names, sorted. */
export function exportedNames(entries: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram([...entries], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const names = new Map<string, string[]>();
  for (const entry of entries) {
    const file = program.getSourceFile(entry);
    const symbol = file === undefined ? undefined : checker.getSymbolAtLocation(file);
    if (symbol === undefined) throw new Error(`${entry} is not a module TypeScript can read`);
    names.set(
      entry,
      checker
        .getExportsOfModule(symbol)
        .map((s) => s.name)
        .sort(),
    );
  }
  return names;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [entry, names] of exportedNames(process.argv.slice(2))) console.log(`${entry}: ${names.length}`);
}
