/**
 * `npm run indexer`: the DataDividends indexer (Ponder, indexer/) for the deployment this checkout
 * recorded, serving its API on 127.0.0.1.
 *
 *   npm run indexer [-- --port 42069]
 *
 * Environment:
 *   DD_DEPLOYMENT   Ignition deployment folder (default ignition/deployments/chain-31337)
 *   DD_ADDRESSES    or an addresses file with "chainId" (scripts/history.ts writes one)
 *   DD_RPC_URL      the node (default http://127.0.0.1:8545)
 *   DATABASE_URL    a Postgres server; without it, embedded PGlite
 *   DD_PGLITE_DIR   PGlite's folder (default indexer/.ponder/pglite); a local chain's history (chain 31337)
 *                   gets a folder of its own inside it, named like the schema, so a restart resumes from
 *                   what was fetched; delete the folders of histories that are gone
 *   DD_STALE_BLOCKS, DD_NODE_TIMEOUT_MS, DD_SQL_MAX_ROWS, DD_SQL_MAX_COST, DD_ANSWER_CACHE_MB
 *                   the API's settings (indexer/settings.ts), refused here in one line when malformed
 *
 * The database schema is named after the chain, the hash of the deployment's first block and the indexer's
 * build (its config, tables, handlers and rulebook), so a changed indexer indexes afresh into new tables and a
 * restarted local node (same chain ID, same addresses, new history) is indexed from scratch instead of
 * resuming another run's tables. Ctrl-C stops it cleanly (SIGINT: Ponder releases its schema lock).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { PGlite } from "@electric-sql/pglite";

import { readIndexedDeployment, type IndexedDeployment } from "../indexer/deployment.js";
import { readSettings } from "../indexer/settings.js";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The PGlite Ponder runs (its dependency, pinned; this checkout pins the same, so npm installs one). */
const PGLITE_VERSION = (
  JSON.parse(
    readFileSync(
      join(dirname(fileURLToPath(import.meta.resolve("@electric-sql/pglite"))), "..", "package.json"),
      "utf8",
    ),
  ) as { version: string }
).version;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

/** One JSON-RPC call, bounded: the indexer must not start against a node that is not there. */
async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new Error(body.error.message);
  return body.result as T;
}

/**
 * What Ponder builds its indexing from: the config, the tables, the handlers and the rulebook they import. Ponder
 * refuses to reuse a schema another build wrote ("previously used by a different Ponder app"), so a changed
 * indexer gets new tables (indexed afresh from what was fetched) instead of that refusal.
 */
function indexingBuild(): string {
  const hash = createHash("sha256");
  const files = [
    ...["ponder.config.ts", "ponder.schema.ts", "abis.ts", "deployment.ts"].map((f) => join(root, "indexer", f)),
    ...readdirSync(join(root, "indexer", "src"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(root, "indexer", "src", f)),
    ...readdirSync(join(root, "src", "protocol"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(root, "src", "protocol", f)),
  ].sort();
  for (const file of files) hash.update(file.slice(root.length)).update(readFileSync(file));
  return hash.digest("hex").slice(0, 6);
}

/**
 * `dd_<chain>_<first 8 hex digits of the start block's hash>`: a new history on the same chain gets new tables;
 * with `_<build>` (`indexingBuild`), so does a changed indexer. The first part names the history's PGlite folder.
 */
export async function schemaFor(deployment: IndexedDeployment): Promise<string> {
  let chainId: string;
  let block: { hash: string } | null;
  try {
    chainId = await rpc<string>(deployment.rpcUrl, "eth_chainId", []);
    block = await rpc<{ hash: string } | null>(deployment.rpcUrl, "eth_getBlockByNumber", [
      `0x${deployment.record.fromBlock.toString(16)}`,
      false,
    ]);
  } catch (error) {
    throw new Error(
      `cannot reach the node at ${deployment.rpcUrl} (set DD_RPC_URL): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (Number(chainId) !== deployment.chainId) {
    throw new Error(
      `the node at ${deployment.rpcUrl} is chain ${Number(chainId)}, but ${deployment.source} is for chain ${deployment.chainId}`,
    );
  }
  if (block === null)
    throw new Error(`the node at ${deployment.rpcUrl} has no block ${deployment.record.fromBlock}: was it restarted?`);
  return `dd_${deployment.chainId}_${block.hash.slice(2, 10)}`;
}

/** Where the empty database `copyEmptyDatabase` copies lives: in the checkout, named after PGlite's version. */
const EMPTY_DATABASE = join(root, "indexer", ".ponder", `pglite-empty-${PGLITE_VERSION}`);

/**
 * `folder` as a copy of an empty PGlite database, made once per checkout (into a temporary folder renamed into
 * place, so that two indexers starting together do not write one folder). A copy of a cleanly closed database
 * is that database; Ponder then opens it as one it made.
 */
async function copyEmptyDatabase(folder: string): Promise<void> {
  if (!existsSync(EMPTY_DATABASE)) {
    mkdirSync(dirname(EMPTY_DATABASE), { recursive: true });
    const making = `${EMPTY_DATABASE}.${process.pid}`;
    const database = new PGlite(making);
    await database.waitReady;
    await database.close();
    try {
      renameSync(making, EMPTY_DATABASE);
    } catch {
      rmSync(making, { recursive: true, force: true }); // another indexer made it first
    }
  }
  mkdirSync(dirname(folder), { recursive: true });
  cpSync(EMPTY_DATABASE, folder, { recursive: true });
}

/** Refuses a busy port: Ponder would quietly move to the next one, where nothing expects it. */
async function checkPort(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", () =>
      reject(new Error(`port ${port} on 127.0.0.1 is in use; stop what holds it or pass --port`)),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

async function main(): Promise<number> {
  const port = option("port", process.env.PORT ?? "42069");
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65_535)
    throw new Error(`--port must be a port number, not "${port}"`);
  const deployment = readIndexedDeployment();
  // The API's settings, refused here in one line rather than by Ponder's build of the API.
  readSettings();
  await checkPort(Number(port));
  const history = await schemaFor(deployment);
  const schema = option("schema", `${history}_${indexingBuild()}`);
  // Its entry is dist/esm/index.js; the CLI sits beside it (the package exports no ./package.json).
  const ponder = join(dirname(fileURLToPath(import.meta.resolve("ponder"))), "bin", "ponder.js");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PONDER_TELEMETRY_DISABLED: "true",
    // The API reads Ponder's checkpoint from the schema (what its answers are true at).
    DD_SCHEMA: schema,
    // Node keeps the modules it compiled: the next start is about a second quicker.
    NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(root, "indexer", ".ponder", "compile-cache"),
  };
  let storage = "Postgres (DATABASE_URL)";
  if (!process.env.DATABASE_URL) {
    const base = resolve(process.env.DD_PGLITE_DIR ?? join(root, "indexer", ".ponder", "pglite"));
    env.DD_PGLITE_DIR = base;
    if (deployment.local) {
      // A local chain's history gets a folder of its own, so Ponder may keep what it fetched (see ponder.config.ts).
      env.DD_PGLITE_DIR = join(base, history);
      env.DD_SYNC_STORE = "per-history";
      // A new local history starts from a copy of an empty database, made once: PGlite's own first start (initdb
      // in WebAssembly) takes seconds, every time a local node is restarted.
      if (!existsSync(env.DD_PGLITE_DIR)) await copyEmptyDatabase(env.DD_PGLITE_DIR);
    }
    storage = `embedded PGlite in ${relative(process.cwd(), env.DD_PGLITE_DIR) || "."}`;
  }
  console.log(
    `indexer: ${deployment.source} on chain ${deployment.chainId} from block ${deployment.record.fromBlock}, ${storage}, schema ${schema}; API on http://127.0.0.1:${port}`,
  );
  const child = spawn(process.execPath, [ponder, "start", "--schema", schema, "-H", "127.0.0.1", "-p", port], {
    cwd: join(root, "indexer"),
    stdio: "inherit",
    env,
  });
  // Ctrl-C reaches the whole foreground group; a SIGTERM from a supervisor becomes Ponder's clean SIGINT.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => child.kill("SIGINT"));
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal === "SIGINT" ? 0 : 1))));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`indexer: ${error instanceof Error ? error.message.replace(/^indexer: /, "") : String(error)}`);
      process.exitCode = 1;
    },
  );
}
