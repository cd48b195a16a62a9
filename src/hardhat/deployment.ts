import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";

import { DataDividendsError } from "../protocol/errors.js";
import { RECORD_KEYS, firstJournalBlockHash, parseAddressesFile, parseDeploymentRecord } from "../protocol/record.js";
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
    return usage(() => parseAddressesFile(parsed, source.file!));
  }
  const dir = deploymentDirectory(source.chainId, source.deploymentId, source.root);
  let addresses: unknown;
  try {
    addresses = JSON.parse(await readFile(join(dir, "deployed_addresses.json"), "utf8"));
  } catch {
    throw new UsageError(
      `no DataDividends deployment for chain ${source.chainId} in ${shownPath(dir)}; deploy first with \`npx hardhat datadividends deploy --network <name>\`, or give an addresses file (--addresses, or ADDRESSES for scripts)`,
    );
  }
  const journal = await readFile(join(dir, "journal.jsonl"), "utf8").catch(() => undefined);
  return usage(() => parseDeploymentRecord(addresses, dir, journal));
}

/** A record the parser refuses is the user's to fix: one line, no stack. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof DataDividendsError ? new UsageError(error.message) : error;
  }
}

/** A path as a message shows it: relative to the working folder when inside it, else absolute. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" || rel.startsWith("..") ? path : rel;
}

/** Where a record stands against the chain a command runs on. */
export type RecordStanding =
  | { kind: "none" }
  | { kind: "ours" }
  /** The record's first block is not this chain's (another node, a restarted one, the in-process network). */
  | { kind: "foreign"; block: number }
  /** No journal block to compare, and the recorded vault has no code here. */
  | { kind: "stale"; vault: string };

/**
 * Whether the record in `dir` was written on this chain: its journal's earliest block must have the same
 * hash here (chain IDs alone do not tell a restarted node, or the in-process network, from the node that
 * wrote it); a record without one falls back to the recorded vault having code.
 */
export async function recordStanding(
  dir: string,
  provider: { getBlock(n: number): Promise<{ hash: string | null } | null>; getCode(a: string): Promise<string> },
): Promise<RecordStanding> {
  const vault = await recordedVault(dir);
  if (vault === undefined) return { kind: "none" };
  const first = firstJournalBlockHash(await readFile(join(dir, "journal.jsonl"), "utf8").catch(() => undefined));
  if (first !== undefined) {
    const block = await provider.getBlock(first.number);
    return block?.hash?.toLowerCase() === first.hash ? { kind: "ours" } : { kind: "foreign", block: first.number };
  }
  return (await provider.getCode(vault)) === "0x" ? { kind: "stale", vault } : { kind: "ours" };
}

/**
 * The one line for a record that does not belong to this chain. On the in-process network it is a
 * forgotten `--network`: the record is some node's, and nothing here suggests removing it. On a node it
 * names the command that replaces it, `--network` included (the old record is kept as a backup).
 */
export function foreignRecordMessage(
  dir: string,
  standing: Exclude<RecordStanding, { kind: "none" } | { kind: "ours" }>,
  network: { name: string; inProcess: boolean },
): string {
  const what =
    standing.kind === "foreign"
      ? `was written on another chain (its block ${standing.block} is not this chain's)`
      : `names a vault ${standing.vault} this chain does not have`;
  if (network.inProcess) {
    return `the deployment record in ${dir} ${what}: it belongs to a node, and this is the in-process network "${network.name}"; did you forget --network (e.g. --network localhost)?`;
  }
  return `the deployment record in ${dir} ${what} (a restarted node?); deploy afresh with \`npx hardhat datadividends deploy --reset --network ${network.name}\` (the old record is kept as a backup)`;
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
