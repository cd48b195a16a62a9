import { Signature, type Signer, type TypedDataDomain, type TypedDataField } from "ethers";

/** The fields a relayed registration signs, as `DatasetRegistry.REGISTER_TYPEHASH` declares them. */
export const REGISTER_DATASET_TYPES: Record<string, TypedDataField[]> = {
  RegisterDataset: [
    { name: "contentHash", type: "bytes32" },
    { name: "metadataURI", type: "string" },
    { name: "contributors", type: "address[]" },
    { name: "shares", type: "uint32[]" },
    { name: "registrant", type: "address" },
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
  /** The account recorded as registrant (and whose signature this must be). */
  registrant: string;
  salt: string;
  nonce: bigint;
  deadline: bigint;
}

/**
 * Signs a relayed dataset registration (EIP-712). The signature binds every field, the registrant,
 * the nonce, the deadline, the chain and the registry, so a relayer can change none of them (nor pick
 * another account that shares the signer's ERC-1271 wallet check).
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

/** EIP-2612 `Permit`, as OpenZeppelin's `ERC20Permit` (and most permit tokens) define it. */
export const PERMIT_TYPES: Record<string, TypedDataField[]> = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The reads a permit signature needs from its token. */
export interface PermitToken {
  name(): Promise<string>;
  nonces(owner: string): Promise<bigint>;
  getAddress(): Promise<string>;
}

/**
 * Signs an EIP-2612 permit letting `spender` take `value` of `owner`'s tokens until `deadline`, at
 * the owner's current nonce (domain version "1", as OpenZeppelin's `ERC20Permit`).
 *
 * @example
 * const sig = await signPermit(owner, token, vaultAddress, amount, deadline, chainId);
 * await vault.depositWithPermit(model, amount, deadline, sig.v, sig.r, sig.s);
 */
export async function signPermit(
  owner: Signer,
  token: PermitToken,
  spender: string,
  value: bigint,
  deadline: bigint,
  chainId: bigint,
): Promise<Signature> {
  const ownerAddress = await owner.getAddress();
  const [name, nonce, verifyingContract] = await Promise.all([
    token.name(),
    token.nonces(ownerAddress),
    token.getAddress(),
  ]);
  const domain = { name, version: "1", chainId, verifyingContract };
  const message = { owner: ownerAddress, spender, value, nonce, deadline };
  return Signature.from(await owner.signTypedData(domain, PERMIT_TYPES, message));
}

/** The fields a relayed claim signs, as `RewardVault.CLAIM_TYPEHASH` declares them. */
export const CLAIM_TYPES: Record<string, TypedDataField[]> = {
  Claim: [
    { name: "account", type: "address" },
    { name: "requests", type: "ClaimRequest[]" },
    { name: "relayer", type: "address" },
    { name: "maxTip", type: "uint256" },
    { name: "maxTipBps", type: "uint16" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
  ClaimRequest: [
    { name: "model", type: "bytes32" },
    { name: "dataset", type: "bytes32" },
    { name: "index", type: "uint32" },
  ],
};

/** The EIP-712 domain of one `RewardVault` (each vault signs for itself). */
export function rewardVaultDomain(chainId: bigint, verifyingContract: string): TypedDataDomain {
  return { name: "DataDividends RewardVault", version: "1", chainId, verifyingContract };
}

/** What a contributor signs so that a relayer (or anyone) can send their claim (`RewardVault.claimBySig`). */
export interface ClaimMessage {
  /** The contributor: the signer, and who is paid. */
  account: string;
  requests: { model: string; dataset: string; index: number | bigint }[];
  /** The only address that may send it; the zero address lets anyone. */
  relayer: string;
  /** The most the sender may take, in the vault token's base units. */
  maxTip: bigint;
  /** The most the sender may take as a share of what the claim pays, in basis points (10,000 = all). */
  maxTipBps: number | bigint;
  /** The vault's `nonces(account)` now. */
  nonce: bigint;
  /** The last timestamp (chain clock) the signature may be used at. */
  deadline: bigint;
}

/**
 * Signs a claim for `message.account` that `message.relayer` (or anyone, where it is the zero address) may
 * send (EIP-712, the vault's own domain). The signature binds the edges, the relayer, both caps on the tip,
 * the nonce, the deadline, the chain and the vault.
 *
 * @example
 * const nonce = await vault.nonces(contributor.address);
 * const terms = { relayer, maxTip, maxTipBps: 500, deadline };
 * const sig = await signClaim(contributor, rewardVaultDomain(chainId, vaultAddress), { account, requests, ...terms, nonce });
 * await vault.connect(relayerSigner).claimBySig(account, requests, terms, tip, sig);
 */
export async function signClaim(signer: Signer, domain: TypedDataDomain, message: ClaimMessage): Promise<string> {
  return signer.signTypedData(domain, CLAIM_TYPES, message);
}

/** The fields an attester signs to bind an identity slot, as `ShareTrees.BINDING_TYPEHASH` declares them. */
export const BINDING_TYPES: Record<string, TypedDataField[]> = {
  Binding: [
    { name: "dataset", type: "bytes32" },
    { name: "index", type: "uint32" },
    { name: "identity", type: "bytes32" },
    { name: "account", type: "address" },
    { name: "attempt", type: "uint16" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The EIP-712 domain of a deployment's `ShareTrees` module. */
export function shareTreesDomain(chainId: bigint, verifyingContract: string): TypedDataDomain {
  return { name: "DataDividends ShareTrees", version: "1", chainId, verifyingContract };
}

/** What an attester signs: the person behind slot `index`'s identity controls `account`. */
export interface BindingMessage {
  dataset: string;
  index: number | bigint;
  /** The slot's identity commitment (from the tree file). */
  identity: string;
  account: string;
  /** The slot's binding attempt (`ShareTrees.bindingOf(dataset, index).attempts`). */
  attempt: number | bigint;
  deadline: bigint;
}

/**
 * Signs an attestation (EIP-712, the module's domain) that anyone may submit with `proposeBinding`.
 *
 * @example
 * const signature = await signBinding(attester, shareTreesDomain(chainId, shareTrees), { dataset, index, identity, account, attempt: 0, deadline });
 */
export async function signBinding(signer: Signer, domain: TypedDataDomain, message: BindingMessage): Promise<string> {
  return signer.signTypedData(domain, BINDING_TYPES, message);
}
