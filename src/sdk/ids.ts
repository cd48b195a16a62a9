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
