import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The Hardhat CLI entry (its package `bin`) installed in `project`, to run with this process's Node: no npx wrapper to orphan children. */
export function hardhatCli(project?: string): string {
  const require = createRequire(project === undefined ? import.meta.url : join(project, "package.json"));
  const pkgPath = require.resolve("hardhat/package.json");
  const bin = (JSON.parse(readFileSync(pkgPath, "utf8")) as { bin: Record<string, string> }).bin.hardhat;
  return join(dirname(pkgPath), bin);
}

/** This project's Hardhat CLI entry. */
export const HARDHAT_CLI = hardhatCli();

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command <args>` to completion and collects its output; kills it after `timeoutMs` (default 2 minutes). */
export function run(
  command: string,
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    // Its own process group, so that a timeout stops what it started too (a grandchild holding the
    // output pipes open would otherwise keep this waiting for ever).
    const child = spawn(command, args, {
      env: { ...process.env, FORCE_COLOR: "0", ...options.env },
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `hardhat <args>` in the project (this process's Node, no wrapper) and collects its output. */
export function hardhat(
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliRun> {
  return run(process.execPath, [HARDHAT_CLI, ...args], options);
}

/** A `hardhat <args>` process running in the background, for tests that act on it mid-run. */
export interface BackgroundRun {
  pid: number;
  /** Resolves once stderr contains `text` (`times` times, default once); rejects after `timeoutMs` with what it printed. */
  waitFor(text: string, timeoutMs: number, times?: number): Promise<void>;
  /** Resolves when it exits, with its exit code, the signal that ended it, and its output. */
  exited: Promise<CliRun & { signal: NodeJS.Signals | null }>;
  /** `exited`, or undefined if it is still running after `timeoutMs`. */
  exitedWithin(timeoutMs: number): Promise<(CliRun & { signal: NodeJS.Signals | null }) | undefined>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts `hardhat <args>` (this process's Node, no wrapper) without waiting for it. */
export function startHardhat(args: string[], env: NodeJS.ProcessEnv = {}): BackgroundRun {
  const child = spawn(process.execPath, [HARDHAT_CLI, ...args], {
    env: { ...process.env, FORCE_COLOR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    pid: child.pid!,
    exited,
    exitedWithin: (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
      return Promise.race([exited, late]).finally(() => clearTimeout(timer));
    },
    kill: (signal) => child.kill(signal),
    waitFor: (text, timeoutMs, times = 1) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (stderr.split(text).length - 1 < times) return false;
          clearTimeout(timer);
          child.stderr.off("data", check);
          resolve();
          return true;
        };
        const timer = setTimeout(() => {
          child.stderr.off("data", check);
          reject(new Error(`"${text}" not printed within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        if (!check()) child.stderr.on("data", check);
      }),
  };
}
