/**
 * Crowd datasets: registering a share tree, claiming a tree slot without handling its proof, what an identity
 * (`hf:alice`) has earned before it has a wallet, and the binding, veto, completion and sweep of identity slots.
 * Every send is simulated first (the contract's own error is said, nothing is sent that it would refuse), and a
 * tree whose root is not the dataset's registered one is refused before any transaction.
 */
import { ZeroAddress, getAddress, isAddress, type Signer } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import { earned } from "../../protocol/earnings.js";
import { datasetId, type DatasetId, type ModelId } from "../../protocol/ids.js";
import {
  MAX_SLOTS,
  MAX_TREE_SHARES,
  climb,
  parseHolder,
  type SlotLeaf,
  type SlotProofPath,
} from "../../protocol/share-tree.js";
import { address, bytes32, hexBytes, int, parseInput, uintString, z } from "../../protocol/schema.js";
import { checkedURI } from "../../protocol/uri.js";
import type { ShareTreeTerms } from "../events.js";
import { decoding } from "../revert.js";
import { shareTreesDomain, signBinding } from "../signatures.js";
import { registerWithPriority, type RegisterDatasetOptions, type RegisterDatasetResult } from "./register-dataset.js";

/**
 * Where a tree's slots and proofs come from: a tree file (`ShareTreeFile` of `datadividends/node`) or anything
 * that serves the same (an indexer).
 */
export interface ShareTreeSource {
  readonly root: string;
  readonly slotCount: number;
  readonly totalShares: bigint;
  /** Slot indexes whose holder is `holder` (an address or a handle). */
  find(holder: string): Promise<number[]>;
  slot(index: number): Promise<{ index: number; shares: bigint; leaf: SlotLeaf }>;
  proof(index: number): Promise<SlotProofPath>;
}

export interface RegisterShareTreeParameters {
  contentHash: string;
  metadataURI: string;
  /** The tree (its root, slot count and total shares), usually the tree file just built. */
  tree: Pick<ShareTreeSource, "root" | "slotCount" | "totalShares">;
  /** Unix seconds after which unbound identity slots may be swept to `fallbackAccount`. */
  deadline: bigint;
  fallbackAccount: string;
  /** Whether a person may still bind a swept slot (and receive what it earns from then on). Default true. */
  keepsEarning?: boolean;
}

/** Registers a share-tree dataset for the signer, with the registry's priority rules (commit, wait, reveal). */
export async function registerShareTree(
  ctx: ClientContext,
  parameters: RegisterShareTreeParameters,
  options: RegisterDatasetOptions = {},
): Promise<RegisterDatasetResult> {
  const registrant = await ctx.signerAddress();
  const id = datasetId(parameters.contentHash);
  checkedURI(parameters.metadataURI);
  const { root, slotCount, totalShares } = parameters.tree;
  if (!Number.isInteger(slotCount) || slotCount < 1 || slotCount > MAX_SLOTS) {
    throw new DataDividendsError("INVALID_INPUT", `a share tree holds 1 to ${MAX_SLOTS} slots, not ${slotCount}`);
  }
  if (totalShares < 1n || totalShares > BigInt(MAX_TREE_SHARES)) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `a share tree's total shares are 1 to ${MAX_TREE_SHARES}, not ${totalShares}`,
    );
  }
  if (!isAddress(parameters.fallbackAccount) || getAddress(parameters.fallbackAccount) === ZeroAddress) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the fallback account must be an address, not "${parameters.fallbackAccount}"`,
    );
  }
  const now = BigInt((await ctx.provider.getBlock("latest"))!.timestamp);
  if (parameters.deadline <= now) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the deadline ${new Date(Number(parameters.deadline) * 1000).toISOString()} has passed: unbound slots would go to the fallback at once`,
    );
  }
  const record = await ctx.datasets.dataset(id);
  if (record.registrant !== ZeroAddress && getAddress(record.registrant) === registrant) {
    const terms = (await ctx.events.history()).trees.get(id);
    if (terms?.root === root) return { id, registrant, status: "already-registered", transactions: [] };
    throw new DataDividendsError(
      "ALREADY_REGISTERED",
      `dataset ${id} is already registered by ${registrant}${terms ? ` with the share tree ${terms.root}` : " with a contributor list"}: a registration is permanent`,
    );
  }
  const registration = {
    contentHash: id,
    metadataURI: parameters.metadataURI,
    tree: {
      root,
      slotCount,
      totalShares,
      deadline: parameters.deadline,
      fallbackAccount: getAddress(parameters.fallbackAccount),
      keepsEarning: parameters.keepsEarning ?? true,
    },
  };
  return registerWithPriority(ctx, id, registrant, record, options, "registerTree", (salt) =>
    ctx.shareTrees.registerTree(registration, salt),
  );
}

/** The dataset's tree terms as registered (its `ShareTreeRegistered`), checked against the module's stored hash. */
export async function treeTermsOf(ctx: ClientContext, dataset: DatasetId): Promise<ShareTreeTerms> {
  const terms = (await ctx.events.history()).trees.get(dataset);
  if (terms === undefined) {
    throw new DataDividendsError("NOT_FOUND", `dataset ${dataset} is not a share-tree dataset of this deployment`);
  }
  return terms;
}

/** Refuses a tree source that is not the dataset's registered tree, before anything is sent. */
export async function checkedSource(
  ctx: ClientContext,
  dataset: DatasetId,
  source: ShareTreeSource,
): Promise<ShareTreeTerms> {
  const terms = await treeTermsOf(ctx, dataset);
  if (terms.root.toLowerCase() !== source.root.toLowerCase() || terms.totalShares !== source.totalShares) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the tree given has root ${source.root} (${source.totalShares} shares), not dataset ${dataset}'s registered root ${terms.root} (${terms.totalShares} shares): it is another tree file`,
    );
  }
  return terms;
}

type SlotProofArgs = {
  dataset: string;
  tree: ShareTreeTerms;
  index: number;
  account: string;
  identity: string;
  shares: bigint;
  hashes: string[];
  sums: string;
};

/** Slot `index`'s `SlotProof` for the module, checked against the terms locally first. */
async function slotProof(
  dataset: DatasetId,
  terms: ShareTreeTerms,
  source: ShareTreeSource,
  index: number,
): Promise<SlotProofArgs> {
  const { leaf } = await source.slot(index);
  const path = await source.proof(index);
  const reached = climb(leaf, index, path);
  if (reached.root.toLowerCase() !== terms.root.toLowerCase() || BigInt(reached.total) !== terms.totalShares) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `slot ${index}'s proof does not reach dataset ${dataset}'s root ${terms.root}: the tree file is damaged`,
    );
  }
  return { dataset, tree: terms, index, ...leaf, ...path };
}

/** The models that declared `dataset` (from the event history). */
async function modelsUsing(ctx: ClientContext, dataset: DatasetId): Promise<ModelId[]> {
  const { models } = await ctx.events.history();
  return models.filter((m) => m.usage.some((u) => u.dataset === dataset)).map((m) => m.id);
}

export interface TreeClaimResult {
  /** Slots of the account in the tree, and which of them this claim proved first. */
  slots: number[];
  proved: number[];
  /** What the vault paid, in its token's base units. */
  amount: bigint;
  transaction: string;
}

/**
 * Claims everything `account`'s slots of a share-tree dataset have earned, in the bundled token's vault or
 * `options.token`'s: slots not yet proven are proven in the same transaction (`proveAndClaim`), so the
 * contributor never handles a proof. Slots the account no longer holds (moved) are left out.
 */
export async function claimTreeSlots(
  ctx: ClientContext,
  dataset: DatasetId,
  source: ShareTreeSource,
  account: string,
  options: { token?: string } = {},
): Promise<TreeClaimResult> {
  const who = getAddress(account);
  const terms = await checkedSource(ctx, dataset, source);
  const slots = await source.find(who);
  if (slots.length === 0) {
    throw new DataDividendsError("NOT_FOUND", `${who} holds no slot in dataset ${dataset}'s share tree`);
  }
  const held: number[] = [];
  const proofs: SlotProofArgs[] = [];
  for (const index of slots) {
    // No one (zero) for a slot never written, or written under a tree a ruling has replaced since.
    const holder = getAddress((await ctx.datasets.payoutOf(dataset, index)).account);
    if (holder === ZeroAddress) proofs.push(await slotProof(dataset, terms, source, index));
    if (holder === ZeroAddress || holder === who) held.push(index);
  }
  if (held.length === 0) {
    throw new DataDividendsError(
      "NOT_FOUND",
      `${who}'s slots ${slots.join(", ")} of ${dataset} have moved to other accounts`,
    );
  }
  const models = await modelsUsing(ctx, dataset);
  if (models.length === 0) throw new DataDividendsError("NOT_FOUND", `no model has declared dataset ${dataset} yet`);
  const requests = models.flatMap((model) => held.map((index) => ({ model, dataset, index })));
  const handle = ctx.vaultFor(options.token);
  const vault = await handle.vault.getAddress();
  const tx = await decoding(proofs.length > 0 ? "proveAndClaim" : "claim", () =>
    proofs.length > 0 ? ctx.shareTrees.proveAndClaim(vault, who, proofs, requests) : handle.vault.claim(who, requests),
  );
  const receipt = await ctx.receipt(tx);
  let amount = 0n;
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== vault.toLowerCase()) continue;
    const parsed = handle.vault.interface.parseLog(log);
    if (parsed?.name === "RewardReleased") amount += parsed.args.amount as bigint;
  }
  return { slots, proved: proofs.map((p) => p.index), amount, transaction: receipt.hash };
}

/** Where an identity slot stands, and what the person does next. */
export type SlotStanding =
  | { state: "unbound"; next: string }
  | { state: "pending"; account: string; effectiveAt: bigint; next: string }
  | { state: "bound"; account: string; next: string }
  | { state: "swept"; account: string; next: string };

export interface IdentitySlotEarnings {
  dataset: DatasetId;
  index: number;
  shares: bigint;
  totalShares: bigint;
  standing: SlotStanding;
  /** Earned and not yet released, per model and vault token (base units). */
  owed: { model: ModelId; token: string; amount: bigint }[];
}

/**
 * What a person known by `handle` has earned in the given share-tree datasets, before any wallet exists: for
 * each of their slots, per model and token, what the slot earned and did not release (the vault's own rule,
 * read from its pool, the model's weights and the slot's release), and what to do to receive it.
 */
export async function identityEarnings(
  ctx: ClientContext,
  handle: string,
  sources: ReadonlyMap<DatasetId, ShareTreeSource>,
): Promise<IdentitySlotEarnings[]> {
  const holder = parseHolder(handle);
  if (holder.kind !== "identity") {
    throw new DataDividendsError("INVALID_INPUT", `"${handle}" is an address: use claimable(account) for it`);
  }
  const history = await ctx.events.history();
  const out: IdentitySlotEarnings[] = [];
  for (const [dataset, source] of sources) {
    const terms = await checkedSource(ctx, dataset, source);
    const models = history.models.filter((m) => m.usage.some((u) => u.dataset === dataset));
    for (const index of await source.find(holder.handle)) {
      const { shares } = await source.slot(index);
      const binding = await ctx.shareTrees.bindingOf(dataset, index);
      const holderNow = getAddress((await ctx.datasets.payoutOf(dataset, index)).account);
      const owed: IdentitySlotEarnings["owed"] = [];
      for (const model of models) {
        const weight = model.usage.find((u) => u.dataset === dataset)!.weight;
        for (const { token, vault } of ctx.allVaults) {
          const [inflow, released] = await Promise.all([
            vault.inflow(model.id),
            vault.released(model.id, dataset, index),
          ]);
          const total = earned(inflow, weight, model.totalWeight, shares, terms.totalShares);
          if (total > released) owed.push({ model: model.id, token, amount: total - released });
        }
      }
      out.push({
        dataset,
        index,
        shares,
        totalShares: terms.totalShares,
        standing: standingOf(binding, holderNow, terms),
        owed,
      });
    }
  }
  return out;
}

function standingOf(
  binding: { account: string; effectiveAt: bigint; flags: bigint },
  holderNow: string,
  terms: ShareTreeTerms,
): SlotStanding {
  const deadline = new Date(Number(terms.deadline) * 1000).toISOString();
  if ((binding.flags & 2n) !== 0n) {
    return { state: "bound", account: holderNow, next: `claim with the wallet ${holderNow}` };
  }
  if ((binding.flags & 1n) !== 0n) {
    const at = new Date(Number(binding.effectiveAt) * 1000).toISOString();
    return {
      state: "pending",
      account: getAddress(binding.account),
      effectiveAt: binding.effectiveAt,
      next: `a binding to ${getAddress(binding.account)} takes effect at ${at} unless vetoed; then anyone may complete it and that wallet claims`,
    };
  }
  if (holderNow !== ZeroAddress) {
    return {
      state: "swept",
      account: holderNow,
      next: terms.keepsEarning
        ? `the deadline (${deadline}) passed and what the slot earned until then went to ${holderNow}; ask an attester to bind your handle to a wallet to receive what it earns from now on`
        : `the deadline (${deadline}) passed: the slot now belongs to ${holderNow}`,
    };
  }
  return {
    state: "unbound",
    next: `ask an attester to bind your handle to a wallet before ${deadline}; the wallet then claims everything the slot earned`,
  };
}

/** An attester's signed binding of one identity slot, ready for anyone to submit. */
export interface SignedAttestation {
  dataset: DatasetId;
  index: number;
  identity: string;
  attestation: { account: string; attester: string; attempt: number; deadline: bigint };
  signature: string;
}

/**
 * Signs, as an attester, that the person behind slot `index` of `dataset` controls `account` (EIP-712, the
 * module's domain), at the slot's current binding attempt. The attester checks the handle off-chain (the tree
 * file says which handle the slot's commitment is).
 */
export async function signAttestation(
  ctx: ClientContext,
  attester: Signer,
  parameters: { dataset: DatasetId; source: ShareTreeSource; index: number; account: string; deadline: bigint },
): Promise<SignedAttestation> {
  const { dataset, source, index } = parameters;
  await checkedSource(ctx, dataset, source);
  if (!isAddress(parameters.account) || getAddress(parameters.account) === ZeroAddress) {
    throw new DataDividendsError("INVALID_INPUT", `a slot is bound to an address, not "${parameters.account}"`);
  }
  const { leaf } = await source.slot(index);
  if (leaf.account !== ZeroAddress) {
    throw new DataDividendsError("INVALID_INPUT", `slot ${index} of ${dataset} is held by an address, not an identity`);
  }
  const attempt = Number((await ctx.shareTrees.bindingOf(dataset, index)).attempts);
  const { chainId } = await ctx.provider.getNetwork();
  const domain = shareTreesDomain(chainId, await ctx.shareTrees.getAddress());
  const account = getAddress(parameters.account);
  const message = { dataset, index, identity: leaf.identity, account, attempt, deadline: parameters.deadline };
  const signature = await signBinding(attester, domain, message);
  return {
    dataset,
    index,
    identity: leaf.identity,
    attestation: { account, attester: getAddress(await attester.getAddress()), attempt, deadline: parameters.deadline },
    signature,
  };
}

/** Submits an attester's binding (anyone may send it): it takes effect after the window unless vetoed. */
export async function proposeBinding(
  ctx: ClientContext,
  source: ShareTreeSource,
  signed: SignedAttestation,
): Promise<{ effectiveAt: bigint; transaction: string }> {
  const terms = await checkedSource(ctx, signed.dataset, source);
  const proof = await slotProof(signed.dataset, terms, source, signed.index);
  if (proof.identity !== signed.identity) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the attestation is for identity ${signed.identity}, but slot ${signed.index} holds ${proof.identity}`,
    );
  }
  const tx = await decoding("proposeBinding", () =>
    ctx.shareTrees.proposeBinding(proof, signed.attestation, signed.signature),
  );
  const transaction = await ctx.mined(tx);
  const { effectiveAt } = await ctx.shareTrees.bindingOf(signed.dataset, signed.index);
  return { effectiveAt, transaction };
}

/** Vetoes a pending binding in its window (the dataset's registrant or an arbiter). */
export async function vetoBinding(ctx: ClientContext, dataset: DatasetId, index: number): Promise<string> {
  return ctx.mined(await decoding("vetoBinding", () => ctx.shareTrees.vetoBinding(dataset, index)));
}

/** Completes a pending binding after its window (anyone may): the bound wallet then claims the slot. */
export async function completeBinding(ctx: ClientContext, dataset: DatasetId, index: number): Promise<string> {
  const terms = await treeTermsOf(ctx, dataset);
  return ctx.mined(await decoding("completeBinding", () => ctx.shareTrees.completeBinding(dataset, index, terms)));
}

/** After the deadline, hands unbound identity slots to the fallback account (anyone may), one transaction each. */
export async function sweepSlots(
  ctx: ClientContext,
  dataset: DatasetId,
  source: ShareTreeSource,
  indexes: readonly number[],
): Promise<string[]> {
  const terms = await checkedSource(ctx, dataset, source);
  // Every proof checked before the first send: a damaged file stops the run, not half of it.
  const proofs = await Promise.all(indexes.map((index) => slotProof(dataset, terms, source, index)));
  const transactions: string[] = [];
  for (const proof of proofs) {
    transactions.push(await ctx.mined(await decoding("sweep", () => ctx.shareTrees.sweep(proof))));
  }
  return transactions;
}

/** The tree a ruling on a share-tree dataset installs: new holders, the same total and written slots' shares. */
export interface TreeReplacement {
  /** The rightful tree, usually its tree file. */
  tree: ShareTreeSource;
  /** Unix seconds after which its unbound identity slots may be swept to `fallbackAccount`. */
  deadline: bigint;
  fallbackAccount: string;
  /** Whether a person may still bind a swept slot. Default true. */
  keepsEarning?: boolean;
}

/**
 * Names the tree the ruling on open dispute `disputeId` of share-tree dataset `dataset` will install (the
 * arbiter). Refused here, before anything is sent, when the registry would refuse a slot of it later: a total
 * other than the dataset's, or a slot already written under the current tree that the replacement gives other
 * shares or leaves out (its vaults released against those shares, so it keeps them).
 */
export async function nameTreeReplacement(
  ctx: ClientContext,
  dataset: DatasetId,
  disputeId: bigint,
  replacement: TreeReplacement,
): Promise<string> {
  const current = await treeTermsOf(ctx, dataset);
  const { tree } = replacement;
  if (tree.totalShares !== current.totalShares) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the replacement tree holds ${tree.totalShares} shares and dataset ${dataset}'s tree ${current.totalShares}: a ruling keeps the total`,
    );
  }
  const history = await ctx.events.history();
  const written = [...new Set(history.grants.filter((g) => g.dataset === dataset).map((g) => g.index))];
  for (const index of written.sort((a, b) => a - b)) {
    const { account, shares } = await ctx.datasets.contributor(dataset, index);
    if (account === ZeroAddress) continue;
    const given = index < tree.slotCount ? (await tree.slot(index)).shares : undefined;
    if (given !== BigInt(shares)) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `slot ${index} of ${dataset} was written with ${shares} share(s), and the replacement tree ${
          given === undefined ? `has only ${tree.slotCount} slots` : `gives it ${given}`
        }: a written slot keeps its shares`,
      );
    }
  }
  const terms = {
    root: tree.root,
    slotCount: BigInt(tree.slotCount),
    totalShares: tree.totalShares,
    deadline: replacement.deadline,
    fallbackAccount: getAddress(replacement.fallbackAccount),
    keepsEarning: replacement.keepsEarning ?? true,
  };
  return ctx.mined(
    await decoding("nameReplacement", () => ctx.shareTrees.nameReplacement(dataset, disputeId, current, terms)),
  );
}

/** A file of signed attestations (`identity attest` writes one), by schema: one or a list. */
export const signedAttestationSchema = z.strictObject({
  dataset: bytes32,
  index: int(0, 0xffffffff),
  identity: bytes32,
  attestation: z.strictObject({
    account: address,
    attester: address,
    attempt: int(0, 0xffff),
    deadline: uintString(40, 1n),
  }),
  signature: hexBytes(),
});

/** Reads signed attestations (one object or a list) from JSON text, naming `source` in a refusal. */
export function parseSignedAttestations(json: unknown, source: string): SignedAttestation[] {
  const list = Array.isArray(json) ? json : [json];
  return list.map((item, i) => {
    const parsed = parseInput(signedAttestationSchema, item, Array.isArray(json) ? `${source}[${i}]` : source);
    return { ...parsed, dataset: datasetId(parsed.dataset) };
  });
}

/** A signed attestation as JSON (the deadline as a decimal string). */
export function signedAttestationJson(signed: SignedAttestation): unknown {
  return { ...signed, attestation: { ...signed.attestation, deadline: signed.attestation.deadline.toString() } };
}
