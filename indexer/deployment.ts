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

export interface IndexedVault {
  vault: `0x${string}`;
  token: `0x${string}`;
}

export interface IndexedDeployment {
  chainId: number;
  rpcUrl: string;
  datasets: `0x${string}`;
  models: `0x${string}`;
  vaults: IndexedVault[];
  governor: `0x${string}` | undefined;
  startBlock: number;
  /** Where it was read from, for messages. */
  source: string;
}

// vite-node (which loads Ponder's config) gives `import.meta.url`, not `import.meta.dirname`.
const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));

function fail(message: string): never {
  throw new Error(`indexer: ${message}`);
}

function address(value: unknown, what: string, source: string): `0x${string}` {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) fail(`${source} has no valid ${what} address`);
  return value.toLowerCase() as `0x${string}`;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    fail(`cannot read ${what} ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    fail(`${what} ${file} is not readable JSON`);
  }
}

/** The addresses of an Ignition record: the plain or governed module's contracts, and one vault per `TokenVault_<token>`. */
function fromRecord(dir: string, rpcUrl: string): IndexedDeployment {
  const file = join(dir, "deployed_addresses.json");
  if (!existsSync(file)) {
    fail(`no deployment record in ${dir}; deploy first (npx hardhat deploy --network localhost) or set DD_DEPLOYMENT`);
  }
  const record = readJson(file, "the deployment record") as Record<string, string>;
  const find = (suffix: string) => Object.entries(record).find(([key]) => key.endsWith(`#${suffix}`))?.[1];
  const token = find("DataRewardToken");
  const vaults: IndexedVault[] = [];
  for (const [key, vault] of Object.entries(record)) {
    if (!key.endsWith("#RewardVault")) continue;
    const other = /^TokenVault_([0-9a-fA-F]{40})#/.exec(key);
    vaults.push({
      vault: address(vault, key, file),
      token: address(other === null ? token : `0x${other[1]}`, `token of ${key}`, file),
    });
  }
  if (vaults.length === 0) fail(`${file} has no RewardVault`);
  // The bundled token's vault first, as the toolkit lists them.
  vaults.sort((a, b) => Number(b.token === token?.toLowerCase()) - Number(a.token === token?.toLowerCase()));
  const journal = join(dir, "journal.jsonl");
  const blocks = existsSync(journal)
    ? [...readFileSync(journal, "utf8").matchAll(/"blockNumber":\s*(\d+)/g)].map((m) => Number(m[1]))
    : [];
  const chain = /^chain-(\d+)$/.exec(basename(dir));
  const chainId = Number(process.env.DD_CHAIN_ID ?? chain?.[1] ?? Number.NaN);
  if (!Number.isSafeInteger(chainId)) fail(`cannot tell the chain of ${dir}: set DD_CHAIN_ID`);
  const governor = find("DataDividendsGovernor");
  return {
    chainId,
    rpcUrl,
    datasets: address(find("DatasetRegistry"), "DatasetRegistry", file),
    models: address(find("ModelRegistry"), "ModelRegistry", file),
    vaults,
    governor: governor === undefined ? undefined : address(governor, "DataDividendsGovernor", file),
    startBlock: blocks.length > 0 ? Math.min(...blocks) : 0,
    source: dir,
  };
}

/** An addresses file, as the toolkit's `--addresses` takes it, plus `chainId` (and optionally `governor`). */
function fromFile(file: string, rpcUrl: string): IndexedDeployment {
  const parsed = readJson(file, "the addresses file") as Record<string, unknown>;
  const chainId = Number(process.env.DD_CHAIN_ID ?? parsed.chainId);
  if (!Number.isSafeInteger(chainId)) fail(`${file} has no "chainId" (or set DD_CHAIN_ID)`);
  const token = address(parsed.token, "token", file);
  const others = Array.isArray(parsed.vaults) ? (parsed.vaults as Record<string, unknown>[]) : [];
  return {
    chainId,
    rpcUrl,
    datasets: address(parsed.datasets, "datasets", file),
    models: address(parsed.models, "models", file),
    vaults: [
      { vault: address(parsed.vault, "vault", file), token },
      ...others.map((v, i) => ({
        vault: address(v.vault, `vaults[${i}].vault`, file),
        token: address(v.token, `vaults[${i}].token`, file),
      })),
    ],
    governor: parsed.governor === undefined ? undefined : address(parsed.governor, "governor", file),
    startBlock: typeof parsed.fromBlock === "number" ? parsed.fromBlock : 0,
    source: file,
  };
}

export function readIndexedDeployment(env: NodeJS.ProcessEnv = process.env): IndexedDeployment {
  const rpcUrl = env.DD_RPC_URL ?? "http://127.0.0.1:8545";
  if (env.DD_ADDRESSES !== undefined && env.DD_ADDRESSES !== "") return fromFile(resolve(env.DD_ADDRESSES), rpcUrl);
  const dir = resolve(env.DD_DEPLOYMENT ?? join(repositoryRoot, "ignition", "deployments", "chain-31337"));
  return fromRecord(dir, rpcUrl);
}
