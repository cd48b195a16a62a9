/**
 * The project's own import graph (relative imports between the TypeScript files we write), for the check
 * that refuses an import cycle and the one that holds each layer to what it may import (tools/layers.ts). Type-only imports count: a cycle of types is still a tangle to read.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SOURCE = /\.(ts|mts)$/;
const SKIP = new Set(["node_modules", "dist", "typechain-types", "artifacts", "cache", "coverage", ".ponder"]);

/** Every .ts file under `dirs` (relative to `root`), skipping build output and generated code. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIP.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !name.endsWith(".d.ts") && !name.endsWith(".d.mts")) files.push(path);
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  return files;
}

/** Every import of `file` (static, dynamic `import("…")`, re-exports, side effects): relative ones resolved to a path. */
export function specifiersOf(file: string): { specifier: string; resolved?: string }[] {
  const text = readFileSync(file, "utf8");
  const found: { specifier: string; resolved?: string }[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|(?:^|\n)\s*import\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g,
  )) {
    const specifier = m[1] ?? m[2] ?? m[3];
    if (!specifier.startsWith(".")) {
      found.push({ specifier });
      continue;
    }
    const base = resolve(dirname(file), specifier);
    const candidates = [
      base,
      base.replace(/\.js$/, ".ts"),
      base.replace(/\.mjs$/, ".mts"),
      `${base}.ts`,
      join(base, "index.ts"),
    ];
    found.push({ specifier, resolved: candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base });
  }
  return found;
}

/** The project files `file` imports (static and dynamic `import("…")`, re-exports too). */
export function importsOf(file: string): string[] {
  return specifiersOf(file)
    .map((s) => s.resolved)
    .filter((hit): hit is string => hit !== undefined && SOURCE.test(hit) && existsSync(hit));
}

/** Every import cycle among `files`, each as the list of files around it (relative to `root`). */
export function importCycles(root: string, files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") {
        cycles.push(stack.slice(stack.indexOf(next)).map((f) => relative(root, f)));
      } else if (!state.has(next) && graph.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}
