import { readFile } from "node:fs/promises";
import { join } from "node:path";

import type { DataDividendsAddresses } from "../sdk/types.js";
import { UsageError } from "./run.js";

/** Where Hardhat Ignition keeps the record of a deployment: `chain-<chainId>` unless named otherwise. */
export function deploymentDirectory(chainId: bigint, deploymentId?: string, root = "ignition/deployments"): string {
  return join(root, deploymentId !== undefined && deploymentId !== "" ? deploymentId : `chain-${chainId}`);
}

const KEYS = {
  token: "DataRewardToken#DataRewardToken",
  datasets: "DatasetRegistry#DatasetRegistry",
  models: "ModelRegistry#ModelRegistry",
  vault: "RewardVault#RewardVault",
} as const;

/**
 * Reads the deployed addresses (and the first deployment block, to bound event scans) from an
 * Ignition deployment folder, or from a JSON file `{ token, datasets, models, vault, vaults? }` (`vaults`: `[{ token, vault }]` of
 * other reward tokens).
 */
export async function readDeployment(source: {
  chainId: bigint;
  file?: string;
  deploymentId?: string;
  root?: string;
}): Promise<DataDividendsAddresses> {
  if (source.file !== undefined && source.file !== "") {
    const raw = await readFile(source.file, "utf8").catch(() => {
      throw new UsageError(`cannot read the addresses file ${source.file}`);
    });
    let parsed: Partial<DataDividendsAddresses>;
    try {
      parsed = JSON.parse(raw) as Partial<DataDividendsAddresses>;
    } catch {
      throw new UsageError(`the addresses file ${source.file} is not readable JSON`);
    }
    for (const key of ["token", "datasets", "models", "vault"] as const) {
      if (typeof parsed[key] !== "string") throw new UsageError(`${source.file} has no "${key}" address`);
    }
    const vaults: unknown = parsed.vaults;
    if (
      vaults !== undefined &&
      (!Array.isArray(vaults) ||
        !vaults.every((v: Record<string, unknown>) => typeof v?.token === "string" && typeof v?.vault === "string"))
    ) {
      throw new UsageError(`${source.file}: "vaults" must be a list of { "token": "0x…", "vault": "0x…" }`);
    }
    return parsed as DataDividendsAddresses;
  }
  const dir = deploymentDirectory(source.chainId, source.deploymentId, source.root);
  let addresses: Record<string, string>;
  try {
    addresses = JSON.parse(await readFile(join(dir, "deployed_addresses.json"), "utf8")) as Record<string, string>;
  } catch {
    throw new UsageError(
      `no DataDividends deployment for chain ${source.chainId} in ${dir}; deploy first with \`npx hardhat deploy --network <name>\`, or give an addresses file (--addresses, or ADDRESSES for scripts)`,
    );
  }
  const missing = Object.values(KEYS).filter((k) => addresses[k] === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `the deployment in ${dir} is incomplete (missing ${missing.join(", ")}); rerun the deploy task`,
    );
  }
  // Vaults of other tokens: one `TokenVault_<token>` module each (ignition/modules/TokenVault.ts).
  const vaults = Object.entries(addresses).flatMap(([key, vault]) => {
    const m = /^TokenVault_([0-9a-fA-F]{40})#RewardVault$/.exec(key);
    return m === null ? [] : [{ token: `0x${m[1]}`, vault }];
  });
  return {
    token: addresses[KEYS.token],
    datasets: addresses[KEYS.datasets],
    models: addresses[KEYS.models],
    vault: addresses[KEYS.vault],
    ...(vaults.length > 0 ? { vaults } : {}),
    fromBlock: await firstBlock(dir),
  };
}

/** The recorded vault address of a deployment folder, if it has one. */
export async function recordedVault(dir: string): Promise<string | undefined> {
  try {
    const addresses = JSON.parse(await readFile(join(dir, "deployed_addresses.json"), "utf8")) as Record<
      string,
      string
    >;
    return addresses[KEYS.vault];
  } catch {
    return undefined;
  }
}

/** The earliest block in the deployment journal, so event scans need not start at genesis. */
async function firstBlock(dir: string): Promise<number | undefined> {
  try {
    const journal = await readFile(join(dir, "journal.jsonl"), "utf8");
    const blocks = [...journal.matchAll(/"blockNumber":\s*(\d+)/g)].map((m) => Number(m[1]));
    return blocks.length > 0 ? Math.min(...blocks) : undefined;
  } catch {
    return undefined;
  }
}
