/**
 * Coverage gate: runs every test with coverage (`hardhat test --coverage`), prints Hardhat's per-file
 * table, and fails unless every core contract and library (everything under contracts/ except the
 * test mocks, and the interfaces, which hold no executable code) is at 100% of lines and 100% of statements.
 *
 *   npm run coverage
 *
 * Hardhat 3.17 writes lines to coverage/lcov.info but statements only to its console table, so the
 * gate reads the table; a core file missing from it fails too.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

import { ROOT, solidityFiles } from "./solidity-files.js";

const EXCLUDED = ["contracts/test/", "contracts/interfaces/"];

const hardhat = join(ROOT, "node_modules/.bin/hardhat");
// The end-to-end tests deploy to separate node processes, which would receive instrumented (oversized)
// bytecode and add no contract coverage of their own: they run in the plain test run instead.
const child = spawn(hardhat, ["test", "--coverage"], {
  cwd: ROOT,
  stdio: ["inherit", "pipe", "inherit"],
  env: { ...process.env, DD_SKIP_E2E: "1" },
});
let output = "";
child.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  output += chunk.toString();
});
const status = await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
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
