import { AbiCoder, keccak256 } from "ethers";

import { DataDividendsError } from "./errors.js";

const coder = AbiCoder.defaultAbiCoder();

declare const brand: unique symbol;

/**
 * A dataset's ID: its content hash, `0x` and 64 lowercase hex digits. Branded, so that a model ID (or
 * any other string) cannot be passed where a dataset ID is expected: make one with `datasetId`.
 */
export type DatasetId = `0x${string}` & { readonly [brand]: "DatasetId" };

/** A model's ID, `modelIdOf(owner, artifactHash)`. Branded: make one with `modelId` or `modelIdOf`. */
export type ModelId = `0x${string}` & { readonly [brand]: "ModelId" };

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

function bytes32(value: string, what: string): `0x${string}` {
  if (!BYTES32.test(value)) {
    throw new DataDividendsError("INVALID_INPUT", `${what} must be 0x and 64 hex digits, got "${value}"`);
  }
  return value.toLowerCase() as `0x${string}`;
}

/**
 * Checks a dataset ID (a content hash) and brands it.
 *
 * @example
 * const id = datasetId(manifest["dd:contentHash"]);
 */
export function datasetId(value: string): DatasetId {
  return bytes32(value, "a dataset ID") as DatasetId;
}

/**
 * Checks a model ID and brands it.
 *
 * @example
 * await dd.deposit(modelId(process.env.MODEL_ID ?? ""), 10n ** 18n);
 */
export function modelId(value: string): ModelId {
  return bytes32(value, "a model ID") as ModelId;
}

/**
 * The ID `ModelRegistry` gives `artifactHash` registered by `owner`: `keccak256(abi.encode(owner, artifactHash))`.
 *
 * @example
 * const id = modelIdOf(await signer.getAddress(), artifactHash);
 */
export function modelIdOf(owner: string, artifactHash: string): ModelId {
  return keccak256(coder.encode(["address", "bytes32"], [owner, artifactHash])) as ModelId;
}

/**
 * The commitment `DatasetRegistry.commit` expects before `register` reveals `contentHash`:
 * `keccak256(abi.encode(contentHash, registrant, salt))`.
 *
 * @example
 * const salt = hexlify(randomBytes(32));
 * await registry.commit(commitmentOf(root, registrant, salt));
 */
export function commitmentOf(contentHash: string, registrant: string, salt: string): string {
  return keccak256(coder.encode(["bytes32", "address", "bytes32"], [contentHash, registrant, salt]));
}

/** `a` before `b` by numeric value (what the registries mean by "strictly ascending"): -1, 0 or 1. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `items` sorted ascending by the hex ID or address `key` returns (a copy), as `DatasetRegistry`
 * wants contributors and `ModelRegistry` wants datasets.
 *
 * @example
 * const contributors = sortByAscendingId(list, (c) => c.account);
 */
export function sortByAscendingId<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareIds(key(a), key(b)));
}

/** `IDatasetRegistry.DatasetStatus`, as the contract's `statusOf` returns it. */
export const DatasetStatus = { None: 0n, Provisional: 1n, Active: 2n, Frozen: 3n, Retired: 4n } as const;

/** `IDatasetRegistry.DisputeState`: where a dataset's latest dispute stands. */
export const DisputeState = {
  None: 0n,
  Open: 1n,
  Upheld: 2n,
  Dismissed: 3n,
  Expired: 4n,
  Executed: 5n,
} as const;

/** "open", "upheld", … for a `DisputeState` value. */
export function disputeStateName(state: bigint): string {
  const entry = Object.entries(DisputeState).find(([, value]) => value === state);
  return entry === undefined ? `state ${state}` : entry[0].toLowerCase();
}

/** "active", "frozen", … for a `statusOf` value. */
export function datasetStatusName(status: bigint): string {
  const entry = Object.entries(DatasetStatus).find(([, value]) => value === status);
  return entry === undefined ? `status ${status}` : entry[0] === "None" ? "not registered" : entry[0].toLowerCase();
}

/** `IDatasetRegistry.FlagReason`, as `flag` takes it. */
export const FlagReason = { Other: 0n, NotTheOwner: 1n, StolenData: 2n, JunkData: 3n, WrongContributors: 4n } as const;
