/**
 * The README's walkthrough, run as written: every "$ " line of the block after its walkthrough marker
 * runs in bash from the repository root against a fresh `hardhat node`, and must print exactly the
 * lines that follow it. The samples in the README are therefore what the tasks print.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { startHardhatNode } from "../../tools/nodes.js";

const RECORD = "ignition/deployments/chain-31337";

/** The walkthrough's commands (continuation lines joined) and the output each must print. */
export function walkthrough(readme: string): { command: string; output: string[] }[] {
  const marker = readme.indexOf("<!-- walkthrough:");
  if (marker < 0) throw new Error("the README has no walkthrough marker");
  const block = /```console\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (block === null) throw new Error("no console block after the README's walkthrough marker");
  const steps: { command: string; output: string[] }[] = [];
  const lines = block[1].replace(/\n$/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("$ ")) {
      let command = lines[i].slice(2);
      while (command.endsWith("\\")) command = `${command.slice(0, -1).trimEnd()} ${lines[++i].trim()}`;
      steps.push({ command, output: [] });
    } else {
      if (steps.length === 0) throw new Error(`output before any command: ${lines[i]}`);
      steps[steps.length - 1].output.push(lines[i]);
    }
  }
  return steps;
}

/** Whether a printed line is the sample line, `<…>` in the sample matching any text. */
function matches(line: string, sample: string): boolean {
  if (!sample.includes("<…>")) return line === sample;
  const pattern = sample
    .split("<…>")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".+");
  return new RegExp(`^${pattern}$`).test(line);
}

function bash(
  command: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", command], { env: { ...process.env, FORCE_COLOR: "0", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the README", function () {
  before(function () {
    if (process.env.DD_SKIP_E2E === "1") this.skip();
  });
  this.timeout(600_000);

  it("parses its walkthrough into commands and their outputs", async function () {
    const steps = walkthrough(await readFile("README.md", "utf8"));
    expect(
      steps.map((s) =>
        s.command
          .split(" ")
          .slice(0, 5)
          .join(" ")
          .replace(/ --.*$/, ""),
      ),
    ).to.include.members([
      "npx hardhat datadividends deploy",
      "npx hardhat datadividends dataset hash",
      "npx hardhat datadividends model register",
      "npx hardhat datadividends rewards claim",
    ]);
    expect(steps.every((s) => s.output.length > 0)).to.equal(true);
  });

  it('shows under "Deploy to a local node" what the walkthrough\'s deploy prints', async function () {
    const readme = await readFile("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## Deploy to a local node"));
    const sample = /\n```\n(contract[\s\S]*?)```/.exec(section);
    expect(sample, "the section's output block").to.not.equal(null);
    const deploy = walkthrough(readme).find(
      (s) => s.command === "npx hardhat datadividends deploy --network localhost",
    );
    expect(sample![1].replace(/\n$/, "").split("\n")).to.deep.equal(deploy?.output);
  });

  it("names the folder wherever it shows dataset hash --verify (the task needs it)", async function () {
    const readme = await readFile("README.md", "utf8");
    const uses = [...readme.matchAll(/dataset hash([^`\n]*?)--verify/g)].map((m) => m[1].trim());
    expect(uses.length).to.be.greaterThan(0);
    for (const before of uses) expect(before, "dataset hash <folder> --verify").to.match(/^\S+/);
  });

  it("walkthrough runs as written on a fresh node and prints exactly its sample outputs", async function () {
    const steps = walkthrough(await readFile("README.md", "utf8"));
    const scratch = await mkdtemp(join(tmpdir(), "dd-readme-"));
    // The walkthrough writes the default record of chain 31337: keep a developer's own one aside.
    const kept = existsSync(RECORD) ? `${RECORD}.kept-${process.pid}` : undefined;
    if (kept !== undefined) await rename(RECORD, kept);
    const node = await startHardhatNode();
    try {
      const env = { LOCALHOST_URL: node.url, DD: scratch, DATADIVIDENDS_JOURNAL: join(scratch, "commitments.json") };
      for (const step of steps) {
        const run = await bash(step.command, env);
        expect(run.code, `${step.command}\n${run.stderr}`).to.equal(0);
        const printed = run.stdout
          .replace(/\n$/, "")
          .split("\n")
          .map((l) => l.trimEnd());
        const expected = step.output.map((l) => l.replaceAll("$DD", scratch).trimEnd());
        // `<…>` in a sample stands for what differs from run to run (a time, a hash): it matches any text.
        const shown = printed.map((line, i) => (matches(line, expected[i] ?? "") ? expected[i] : line));
        expect(shown, step.command).to.deep.equal(expected);
      }
    } finally {
      await node.stop();
      await rm(RECORD, { recursive: true, force: true });
      if (kept !== undefined) await rename(kept, RECORD);
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
