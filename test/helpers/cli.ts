/**
 * What the CLI suites check of a `hardhat` run (its exit code, its one `error:` line, no stack trace), and how the
 * in-process command suites run a command.
 */
import { expect } from "chai";

import type { HashArguments } from "../../src/hardhat/commands/hash.js";
import { memoryIo } from "../../src/hardhat/io.js";
import { runCommand } from "../../src/hardhat/run.js";
import type { CliRun } from "../../tools/hardhat-cli.js";

/** The `error:` lines a run printed. */
export const errors = (run: CliRun) =>
  run.stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("error:"));

/** Exit 0; the run's standard output. */
export function ok(run: CliRun, what: string): string {
  expect(run.code, `${what} failed:\n${run.stderr}\n${run.stdout}`).to.equal(0);
  return run.stdout;
}

/** Exit 1 with exactly one `error:` line, equal to `line` (a text) or matching it; no stack trace. The line. */
export function refused(run: CliRun, line: RegExp | string, what: string): string {
  expect(run.code, `${what}:\n${run.stderr}\n${run.stdout}`).to.equal(1);
  const printed = errors(run);
  expect(printed, `${what}:\n${run.stderr}`).to.have.length(1);
  if (typeof line === "string") expect(printed[0], what).to.equal(line);
  else expect(printed[0], what).to.match(line);
  expect(run.stderr, what).to.not.match(/\n\s+at /);
  return printed[0];
}

/** Runs `run` over `items` three at a time (the machine has two cores; each run is a process). */
export async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += 3) results.push(...(await Promise.all(items.slice(i, i + 3).map(run))));
  return results;
}

/** Runs a command in-process the way a task does: what it printed (tables split into lines) and whether it failed. */
export async function runInProcess(fn: (io: ReturnType<typeof memoryIo>) => Promise<unknown>) {
  const io = memoryIo();
  const result = await runCommand(io, async () => {
    await fn(io);
  });
  return { lines: io.lines.join("\n").split("\n"), errors: io.errors, result };
}

/** `dataset hash`'s arguments as the task passes them when only the path is given. */
export const HASH_DEFAULTS: HashArguments = {
  path: "",
  manifest: "",
  verify: "",
  name: "",
  description: "",
  license: "NOASSERTION",
  creators: "",
  includeHidden: false,
  listing: false,
  writeListing: "",
  prefix: "",
  hub: false,
  revision: "",
  sample: "",
};
