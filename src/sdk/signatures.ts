import type { Signer, TypedDataDomain, TypedDataField } from "ethers";

/** The fields a relayed registration signs, as `DatasetRegistry.REGISTER_TYPEHASH` declares them. */
export const REGISTER_DATASET_TYPES: Record<string, TypedDataField[]> = {
  RegisterDataset: [
    { name: "contentHash", type: "bytes32" },
    { name: "metadataURI", type: "string" },
    { name: "contributors", type: "address[]" },
    { name: "shares", type: "uint32[]" },
    { name: "salt", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The EIP-712 domain of a `DatasetRegistry` deployment. */
export function datasetRegistryDomain(chainId: bigint, verifyingContract: string): TypedDataDomain {
  return { name: "DataDividends DatasetRegistry", version: "1", chainId, verifyingContract };
}

/** What a registrant signs so that a relayer can call `registerFor` for them. */
export interface RegisterDatasetMessage {
  contentHash: string;
  metadataURI: string;
  contributors: string[];
  shares: bigint[];
  salt: string;
  nonce: bigint;
  deadline: bigint;
}

/**
 * Signs a relayed dataset registration (EIP-712). The signature binds every field, the nonce, the
 * deadline, the chain and the registry, so a relayer can change none of them.
 *
 * @example
 * const nonce = await registry.nonces(registrant.address);
 * const sig = await signRegistration(registrant, domain, { ...fields, nonce, deadline });
 * await registry.connect(relayer).registerFor(registration, salt, registrant.address, deadline, sig);
 */
export async function signRegistration(
  signer: Signer,
  domain: TypedDataDomain,
  message: RegisterDatasetMessage,
): Promise<string> {
  return signer.signTypedData(domain, REGISTER_DATASET_TYPES, message);
}
