import { AbiCoder, keccak256 } from "ethers";

const coder = AbiCoder.defaultAbiCoder();

/**
 * The ID `ModelRegistry` gives `artifactHash` registered by `owner`: `keccak256(abi.encode(owner, artifactHash))`.
 *
 * @example
 * const id = modelIdOf(await signer.getAddress(), artifactHash);
 */
export function modelIdOf(owner: string, artifactHash: string): string {
  return keccak256(coder.encode(["address", "bytes32"], [owner, artifactHash]));
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
export const DatasetStatus = { None: 0n, Active: 1n, Retired: 2n } as const;
