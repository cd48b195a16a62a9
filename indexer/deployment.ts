/**
 * Which contracts the indexer follows, from where they start, and on which chain: read from the
 * Hardhat Ignition deployment record (the folder `npx hardhat deploy` writes), never hand-typed.
 *
 *   DD_DEPLOYMENT  the record's folder (default: ignition/deployments/chain-31337 of this checkout)
 *   DD_ADDRESSES   or a JSON file { chainId, token, datasets, models, vault, vaults?, governor?, fromBlock? }
 *   DD_RPC_URL     the node (default http://127.0.0.1:8545)
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { allVaults, parseAddressesFile, parseDeploymentRecord, type DeploymentRecord } from "../src/protocol/record.js";
import { parseInput, rpcUrl as rpcUrlSchema } from "../src/protocol/schema.js";
import { shareTreesAddress } from "../src/protocol/share-tree.js";

type Hex = `0x${string}`;

/**
 * What the indexer follows: the deployment in the one address shape (lower-cased for the database), with
 * `allVaults`, every vault it indexes (the bundled token's first), its chain and its node.
 */
export interface IndexedDeployment {
  record: DeploymentRecord & { fromBlock: number };
  chainId: number;
  /**
   * A local chain (31337: Hardhat, anvil), which restarts from genesis under the same chain ID and, after a
   * redeploy, the same addresses: the config and `npm run indexer` keep its fetched data per history.
   */
  local: boolean;
  rpcUrl: string;
  datasets: Hex;
  /** The registry's share-tree module (crowd datasets). */
  shareTrees: Hex;
  models: Hex;
  allVaults: { token: Hex; vault: Hex }[];
  governor: Hex | undefined;
  /** Where it was read from, for messages. */
  source: string;
}

// vite-node (which loads Ponder's config) gives `import.meta.url`, not `import.meta.dirname`.
const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));

function fail(message: string): never {
  throw new Error(`indexer: ${message}`);
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    fail(`cannot read ${what} ${file}`);
  }
}

function readJson(file: string, what: string): unknown {
  const text = readText(file, what);
  try {
    return JSON.parse(text);
  } catch {
    fail(`${what} ${file} is not readable JSON`);
  }
}

/** The rulebook's parser, its refusal as the indexer's one line. */
function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    return fail((error as Error).message);
  }
}

const lower = (a: string) => a.toLowerCase() as `0x${string}`;

/** The indexer's view of a parsed record: the bundled token's vault first, as the toolkit lists them. */
function indexed(record: DeploymentRecord, chainId: number, rpcUrl: string, source: string): IndexedDeployment {
  return {
    record: { ...record, fromBlock: record.fromBlock ?? 0 },
    chainId,
    local: chainId === 31337,
    rpcUrl,
    datasets: lower(record.datasets),
    shareTrees: lower(shareTreesAddress(record.datasets)),
    models: lower(record.models),
    allVaults: allVaults(record).map((v) => ({ vault: lower(v.vault), token: lower(v.token) })),
    governor: record.governor === undefined ? undefined : lower(record.governor),
    source,
  };
}

/** An Ignition record (the plain or governed module, and one vault per `TokenVault_<token>`). */
function fromRecord(dir: string, rpcUrl: string): IndexedDeployment {
  const file = join(dir, "deployed_addresses.json");
  if (!existsSync(file)) {
    fail(`no deployment record in ${dir}; deploy first (npx hardhat deploy --network localhost) or set DD_DEPLOYMENT`);
  }
  const addresses = readJson(file, "the deployment record");
  const journalFile = join(dir, "journal.jsonl");
  const journal = existsSync(journalFile) ? readText(journalFile, "the deployment journal") : undefined;
  const record = parsed(() => parseDeploymentRecord(addresses, dir, journal));
  const chain = /^chain-(\d+)$/.exec(basename(dir));
  const chainId = Number(process.env.DD_CHAIN_ID ?? chain?.[1] ?? Number.NaN);
  if (!Number.isSafeInteger(chainId)) fail(`cannot tell the chain of ${dir}: set DD_CHAIN_ID`);
  return indexed(record, chainId, rpcUrl, dir);
}

/** An addresses file, as the toolkit's `--addresses` takes it, plus `chainId`. */
function fromFile(file: string, rpcUrl: string): IndexedDeployment {
  const json = readJson(file, "the addresses file") as Record<string, unknown>;
  const record = parsed(() => parseAddressesFile(json, file));
  const chainId = Number(process.env.DD_CHAIN_ID ?? json.chainId);
  if (!Number.isSafeInteger(chainId)) fail(`${file} has no "chainId" (or set DD_CHAIN_ID)`);
  return indexed(record, chainId, rpcUrl, file);
}

export function readIndexedDeployment(env: NodeJS.ProcessEnv = process.env): IndexedDeployment {
  const rpcUrl = parsed(() => parseInput(rpcUrlSchema, env.DD_RPC_URL ?? "http://127.0.0.1:8545", "DD_RPC_URL"));
  if (env.DD_ADDRESSES !== undefined && env.DD_ADDRESSES !== "") return fromFile(resolve(env.DD_ADDRESSES), rpcUrl);
  const dir = resolve(env.DD_DEPLOYMENT ?? join(repositoryRoot, "ignition", "deployments", "chain-31337"));
  return fromRecord(dir, rpcUrl);
}
