/**
 * Coverage gate: runs the tests that give coverage under instrumentation (`hardhat test --coverage`: the
 * in-process mocha suites and the ID types' Solidity suite; see `COVERED`), prints Hardhat's
 * per-file table, and fails unless every core contract and library (everything under contracts/ except the
 * test mocks, and the interfaces, which hold no executable code) is at 100% of lines and 100% of statements.
 * Its test run is the verdict for those suites: CI does not run them again (`npm run test:fuzz` and
 * `npm run test:e2e` run the rest).
 *
 *   npm run coverage
 *
 * It runs in a scratch copy of the checkout (tracked and new files, the build output, node_modules linked),
 * because instrumentation rewrites the artifacts: the checkout's own build stays valid (no recompile after
 * it), and the end-to-end suites can run in the checkout at the same time.
 *
 * Hardhat 3.17 writes lines to coverage/lcov.info but statements only to its console table, so the
 * gate reads the table; a core file missing from it fails too. The report is copied back to coverage/.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, rm } from "node:fs/promises";
import { join, relative } from "node:path";

import { ROOT, solidityFiles } from "./solidity-files.js";
import { copyCheckout } from "../tools/checkout.js";
import { sourceFiles } from "../tools/import-graph.js";
import { COVERED_SOLIDITY } from "../tools/suites.js";

const sourceFilesUnder = (dir: string) => sourceFiles(ROOT, [dir]).map((f) => relative(ROOT, f));

const EXCLUDED = ["contracts/test/", "contracts/interfaces/"];

/**
 * What coverage instruments: every mocha suite that runs in-process (the end-to-end ones skip themselves under
 * DD_SKIP_E2E) and the Solidity suite of the ID types (whose helpers the optimizer inlines elsewhere). The
 * fuzz and invariant suites add no line coverage and run plain, once, at full strength (`npm run test:fuzz`):
 * instrumented, they take twice as long.
 */
const COVERED = [
  ...COVERED_SOLIDITY,
  ...sourceFilesUnder("test")
    .filter((f) => f.endsWith(".test.ts"))
    .sort(),
];

// The checkout's build goes along, so only the instrumented compilation happens there.
const scratch = await copyCheckout(ROOT, "dd-coverage-", ["artifacts", "cache", "typechain-types"]);
let status: number;
let output = "";
try {
  // The end-to-end tests deploy to separate node processes, which would receive instrumented (oversized)
  // bytecode and add no contract coverage of their own: they run in the plain run instead (test:e2e).
  const child = spawn(join(ROOT, "node_modules/.bin/hardhat"), ["test", "--coverage", ...COVERED], {
    cwd: scratch,
    stdio: ["inherit", "pipe", "inherit"],
    env: { ...process.env, DD_SKIP_E2E: "1", HARDHAT_CONFIG: join(scratch, "hardhat.config.ts") },
  });
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    output += chunk.toString();
  });
  status = await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
  if (existsSync(join(scratch, "coverage"))) {
    await rm(join(ROOT, "coverage"), { recursive: true, force: true });
    await cp(join(scratch, "coverage"), join(ROOT, "coverage"), { recursive: true });
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
if (status !== 0) {
  console.error(`coverage: the test run failed (exit ${status}); no coverage verdict`);
  process.exit(status);
}

// Rows look like: ║ contracts/RewardVault.sol │ 100.00 │ 100.00 │ - ║
const measured = new Map<string, { lines: number; statements: number }>();
for (const m of output.matchAll(/║\s*(contracts\/\S+\.sol)\s*│\s*([\d.]+)\s*│\s*([\d.]+)\s*│/g)) {
  measured.set(m[1], { lines: Number(m[2]), statements: Number(m[3]) });
}

const failures: string[] = [];
const core = solidityFiles("contracts", EXCLUDED);
for (const file of core) {
  const row = measured.get(file);
  if (row === undefined) failures.push(`${file}: not in the coverage report (never executed?)`);
  else if (row.lines < 100 || row.statements < 100) {
    failures.push(`${file}: ${row.lines}% lines, ${row.statements}% statements (100% required)`);
  }
}
for (const failure of failures) console.error(`coverage: ${failure}`);
if (failures.length > 0) {
  console.error(`error: ${failures.length} core file(s) below 100% lines and statements`);
  process.exit(1);
}
console.log(`coverage gate: ${core.length} core contracts and libraries at 100% lines and statements`);
