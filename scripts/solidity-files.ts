/** The project's Solidity sources, for the gate scripts (check-natspec.ts, coverage.ts). */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = new URL("..", import.meta.url).pathname;

/**
 * Every `.sol` file under `dir` (relative to the project root, POSIX paths like `contracts/X.sol`),
 * leaving out whatever starts with one of `skip` (folder prefixes ending in `/`).
 */
export function solidityFiles(dir: string, skip: readonly string[] = []): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (skip.some((prefix) => `${path}/`.startsWith(prefix))) return [];
    return statSync(join(ROOT, path)).isDirectory() ? solidityFiles(path, skip) : path.endsWith(".sol") ? [path] : [];
  });
}
