/**
 * Processes a test starts (nodes, the indexer, Postgres, the dashboard's server): each in its own
 * process group, so that stopping it stops everything it started, and each stopped by the test, or
 * at the latest when the test process exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface Started {
  child: ChildProcess;
  /** The last 8 KB of its output. */
  log(): string;
  /** Whether it has ended. */
  ended(): boolean;
  /** Stops the group with `signal` (SIGKILL after `graceMs`), and waits for the process to end. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Belt and braces: whatever happens to the test run, nothing it started outlives it.
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

const hasEnded = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || hasEnded(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
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

export function startProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; signal?: NodeJS.Signals; graceMs?: number } = {},
): Started {
  const child = spawn(command, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  running.add(child);
  let log = "";
  const keep = (d: Buffer) => (log = (log + d.toString()).slice(-8000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return {
    child,
    log: () => log,
    ended: () => hasEnded(child),
    stop: async () => {
      killGroup(child, options.signal ?? "SIGTERM");
      const exited = new Promise<void>((resolve) =>
        hasEnded(child) ? resolve() : child.once("exit", () => resolve()),
      );
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), options.graceMs ?? 5000);
      await exited;
      clearTimeout(timer);
      // A grandchild may outlive its parent in the group; nothing of it may stay.
      killGroup(child, "SIGKILL");
      running.delete(child);
    },
  };
}

/**
 * Polls `ready` every 250 ms until it answers true, the process ends, or `timeoutMs` passes; then stops
 * the process and throws with `name` and the end of its output.
 */
export async function waitUntil(
  name: string,
  process_: Started,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (process_.ended() || Date.now() > deadline) {
      await process_.stop();
      const tail = process_.log().trim().split("\n").slice(-4).join(" | ");
      throw new Error(`${name} ${process_.ended() ? "ended" : `was not ready within ${timeoutMs} ms`}: ${tail}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
