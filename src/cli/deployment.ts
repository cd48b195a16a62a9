import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { DataDividendsError } from "../protocol/errors.js";
import { RECORD_KEYS, parseAddressesFile, parseDeploymentRecord, type DeploymentRecord } from "../protocol/record.js";
import type { DataDividendsAddresses } from "../sdk/types.js";
import { UsageError } from "./run.js";

/** Where Hardhat Ignition keeps the record of a deployment: `chain-<chainId>` unless named otherwise. */
export function deploymentDirectory(chainId: bigint, deploymentId?: string, root = "ignition/deployments"): string {
  return join(root, deploymentId !== undefined && deploymentId !== "" ? deploymentId : `chain-${chainId}`);
}

/**
 * Reads the deployed addresses (and the first deployment block, to bound event scans) from an Ignition
 * deployment folder (the plain or the governed module), or from a JSON addresses file
 * `{ token, datasets, models, vault, vaults? }` (`vaults`: `[{ token, vault }]` of other reward tokens).
 * Both are parsed by the rulebook's one record parser (src/protocol/record.ts), as the indexer's are.
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
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new UsageError(`the addresses file ${source.file} is not readable JSON`);
    }
    return addressesOf(usage(() => parseAddressesFile(parsed, source.file!)));
  }
  const dir = deploymentDirectory(source.chainId, source.deploymentId, source.root);
  let addresses: unknown;
  try {
    addresses = JSON.parse(await readFile(join(dir, "deployed_addresses.json"), "utf8"));
  } catch {
    throw new UsageError(
      `no DataDividends deployment for chain ${source.chainId} in ${dir}; deploy first with \`npx hardhat deploy --network <name>\`, or give an addresses file (--addresses, or ADDRESSES for scripts)`,
    );
  }
  const journal = await readFile(join(dir, "journal.jsonl"), "utf8").catch(() => undefined);
  return addressesOf(usage(() => parseDeploymentRecord(addresses, dir, journal)));
}

/** The SDK's addresses of a parsed record. */
function addressesOf(record: DeploymentRecord): DataDividendsAddresses {
  return {
    token: record.token,
    datasets: record.datasets,
    models: record.models,
    vault: record.vault,
    ...(record.vaults.length > 0 ? { vaults: record.vaults } : {}),
    ...(record.fromBlock === undefined ? {} : { fromBlock: record.fromBlock }),
  };
}

/** A record the parser refuses is the user's to fix: one line, no stack. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof DataDividendsError ? new UsageError(error.message) : error;
  }
}

/** The recorded vault address of a deployment folder, if it has one. */
export async function recordedVault(dir: string): Promise<string | undefined> {
  try {
    const addresses = JSON.parse(await readFile(join(dir, "deployed_addresses.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const vault = addresses[RECORD_KEYS.vault];
    return typeof vault === "string" ? vault : undefined;
  } catch {
    return undefined;
  }
}
