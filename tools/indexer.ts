/**
 * The indexer as `npm run indexer` runs it (scripts/indexer.ts → `ponder start`), on a free port,
 * for tests and the benchmark: started against a node and an addresses file, on PGlite in a temp
 * folder or on the Postgres server given, and stopped with SIGINT (SIGTERM would leave Ponder's schema
 * lock behind).
 */
import { join } from "node:path";

import { freePort, startProcess, waitUntil, type Started } from "./processes.js";

const ROOT = join(import.meta.dirname, "..");

export interface RunningIndexer {
  url: string;
  process: Started;
  /** Resolves once the indexer has indexed block `block` (its `/status`), or throws after `timeoutMs`. */
  caughtUp(block: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The highest block the indexer at `url` has indexed, from Ponder's `/status` (-1 before any). */
export async function indexedBlock(url: string): Promise<number> {
  const status = (await (await fetch(`${url}/status`)).json()) as Record<string, { block?: { number: number } }>;
  return Math.max(-1, ...Object.values(status).map((chain) => chain.block?.number ?? -1));
}

export async function startIndexer(options: {
  /** An addresses file (DD_ADDRESSES); without it, the deployment record of chain 31337 in this checkout. */
  addresses?: string;
  rpcUrl: string;
  /** A Postgres URL; without it, PGlite in `pgliteDir`. */
  databaseUrl?: string;
  pgliteDir?: string;
  /** A folder of published share-tree files (DD_TREES), for the crowd routes. */
  trees?: string;
  readyTimeoutMs?: number;
  /** Return once the history is indexed (`/ready`, the default) or as soon as the API answers (`/health`). */
  waitFor?: "ready" | "listening";
}): Promise<RunningIndexer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DD_RPC_URL: options.rpcUrl,
    ...(options.pgliteDir ? { DD_PGLITE_DIR: options.pgliteDir } : {}),
  };
  delete env.DATABASE_URL;
  delete env.DD_DEPLOYMENT;
  delete env.DD_ADDRESSES;
  if (options.addresses) env.DD_ADDRESSES = options.addresses;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  delete env.DD_TREES;
  if (options.trees) env.DD_TREES = options.trees;
  const child = startProcess(
    process.execPath,
    ["--import", "tsx", join(ROOT, "scripts", "indexer.ts"), "--port", String(port)],
    {
      cwd: ROOT,
      env,
      signal: "SIGINT",
      graceMs: 20_000,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    "the indexer",
    child,
    async () => (await fetch(`${url}/${options.waitFor === "listening" ? "health" : "ready"}`)).ok,
    options.readyTimeoutMs ?? 120_000,
  );
  return {
    url,
    process: child,
    caughtUp: async (block, timeoutMs = 60_000) => {
      await waitUntil(
        `the indexer (catching up to block ${block})`,
        child,
        async () => (await indexedBlock(url)) >= block,
        timeoutMs,
      );
    },
    stop: () => child.stop(),
  };
}
