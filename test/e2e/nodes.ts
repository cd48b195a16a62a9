/**
 * Real Ethereum nodes for end-to-end tests: `hardhat node` and anvil, each on a free loopback port,
 * started as its own process group so that stopping it stops everything it started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

import { HARDHAT_CLI, hardhatCli } from "../helpers/cli.js";

const require = createRequire(import.meta.url);

export interface RunningNode {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** The anvil binary from the optional npm package, where this platform has it. */
export function anvilBinary(): string | undefined {
  try {
    const pkg = require.resolve("@foundry-rs/anvil-linux-amd64/package.json");
    const bin = join(dirname(pkg), "bin", "anvil");
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const running = new Set<ChildProcess>();
// Belt and braces: whatever happens to the test run, no node outlives it.
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/** Whether the process has ended (a process ended by a signal has no exit code, only a signal code). */
const ended = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || ended(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function start(name: string, command: string, args: string[], port: number, cwd?: string): Promise<RunningNode> {
  const child = spawn(command, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], ...(cwd ? { cwd } : {}) });
  running.add(child);
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  child.stderr?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    killGroup(child, "SIGTERM");
    const exited = new Promise<void>((resolve) => (ended(child) ? resolve() : child.once("exit", () => resolve())));
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
    running.delete(child);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
      });
      if (response.ok) return { name, url, stop };
      throw new Error(`HTTP ${response.status}`);
    } catch {
      if (ended(child) || Date.now() > deadline) {
        await stop();
        throw new Error(`${name} did not start on ${url}: ${log.trim().split("\n").slice(-3).join(" | ")}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * `npx hardhat node`, bound to 127.0.0.1 (it binds 0.0.0.0 unless told), run as the real binary: this
 * project's, or, given `project` (a folder), that project's own Hardhat in that folder.
 */
export async function startHardhatNode(port?: number, project?: string): Promise<RunningNode> {
  const p = port ?? (await freePort());
  const cli = project === undefined ? HARDHAT_CLI : hardhatCli(project);
  return start(
    "hardhat node",
    process.execPath,
    [cli, "node", "--hostname", "127.0.0.1", "--port", String(p)],
    p,
    project,
  );
}

/** anvil, a node nobody here wrote, with Hardhat's default mnemonic so the same accounts exist. */
export async function startAnvil(binary: string, port?: number): Promise<RunningNode> {
  const p = port ?? (await freePort());
  return start("anvil", binary, ["--host", "127.0.0.1", "--port", String(p), "--silent"], p);
}
