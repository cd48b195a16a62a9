/**
 * `DataDividends`: a typed client over one deployment. Each method is one action in `actions/`; this
 * class only holds the connection they share (`ClientContext`).
 */
import { getAddress, type Provider, type Signer } from "ethers";

import type { DataRewardToken, DatasetRegistry, ModelRegistry, RewardVault, ShareTrees } from "../typechain.js";
import { DataRewardToken__factory } from "../typechain.js";
import { claimAll, type ClaimResult } from "./actions/claim-all.js";
import { claimable } from "./actions/claimable.js";
import { forward, type ForwardResult } from "./actions/forward.js";
import { deposit, type DepositOptions, type DepositResult } from "./actions/deposit.js";
import { dispute, flag, resolveFlag, type DisputeReport, type FlagResult, type Ruling } from "./actions/disputes.js";
import {
  registerDataset,
  type RegisterDatasetOptions,
  type RegisterDatasetParameters,
  type RegisterDatasetResult,
} from "./actions/register-dataset.js";
import { moveShare, retire, withdrawBond, type BondWithdrawal } from "./actions/holdings.js";
import { relayClaim, revokeClaim, signClaim, type RelayResult, type SignedClaim } from "./actions/relay.js";
import { registerModel, type RegisterModelParameters, type RegisterModelResult } from "./actions/register-model.js";
import {
  claimTreeSlots,
  completeBinding,
  identityEarnings,
  proposeBinding,
  registerShareTree,
  signAttestation,
  sweepSlots,
  vetoBinding,
  type IdentitySlotEarnings,
  type RegisterShareTreeParameters,
  type ShareTreeSource,
  type SignedAttestation,
  type TreeClaimResult,
} from "./actions/share-trees.js";
import { ClientContext, type VaultHandle } from "./context.js";
import { DataDividendsError } from "../protocol/errors.js";
import type { RegisteredDataset, RegisteredModel, ShareTreeTerms } from "./events.js";
import type { DatasetId, ModelId } from "../protocol/ids.js";
import type { ClaimableReport, ClientOptions, DataDividendsAddresses, WaitOptions } from "./types.js";

/** A payout, as a vault's `RewardReleased` event tells it. */
export interface Payout {
  token: string;
  model: ModelId;
  dataset: DatasetId;
  account: string;
  index: number;
  amount: bigint;
  transactionHash: string;
  blockNumber: number;
}

/**
 * A typed client over one DataDividends deployment.
 *
 * @example
 * const dd = DataDividends.connect(signer, addresses);
 * const { id } = await dd.registerDataset({ contentHash: root, metadataURI, contributors });
 * await dd.deposit(modelId, 10n ** 18n);
 * await dd.claimAll(await signer.getAddress());
 */
export class DataDividends {
  private readonly ctx: ClientContext;
  readonly datasets: DatasetRegistry;
  readonly models: ModelRegistry;
  /** The registry's share-tree module (crowd datasets). */
  readonly shareTrees: ShareTrees;
  /** The bundled reward token's vault. */
  readonly vault: RewardVault;
  /** The bundled reward token. */
  readonly token: DataRewardToken;

  private constructor(
    readonly runner: Signer | Provider,
    readonly addresses: DataDividendsAddresses,
    readonly options: ClientOptions = {},
  ) {
    this.ctx = new ClientContext(runner, addresses, options);
    this.datasets = this.ctx.datasets;
    this.models = this.ctx.models;
    this.shareTrees = this.ctx.shareTrees;
    this.vault = this.ctx.allVaults[0].vault;
    this.token = DataRewardToken__factory.connect(addresses.token, runner);
  }

  /** A client that signs with `signer` (or only reads, given a provider). */
  static connect(
    runner: Signer | Provider,
    addresses: DataDividendsAddresses,
    options: ClientOptions = {},
  ): DataDividends {
    return new DataDividends(runner, addresses, options);
  }

  /** Every vault of the deployment (the bundled token's first), with its token. */
  get allVaults(): readonly VaultHandle[] {
    return this.ctx.allVaults;
  }

  /** Registers a dataset for the signer (commit, wait, reveal where the registry asks for it). See `actions/register-dataset.ts`. */
  registerDataset(
    parameters: RegisterDatasetParameters,
    options?: RegisterDatasetOptions,
  ): Promise<RegisterDatasetResult> {
    return registerDataset(this.ctx, parameters, options);
  }

  /**
   * Registers a crowd dataset whose contributors are a share tree (`buildShareTree` of `datadividends/node`), with
   * the registry's priority rules. See `actions/share-trees.ts`.
   */
  registerShareTree(
    parameters: RegisterShareTreeParameters,
    options?: RegisterDatasetOptions,
  ): Promise<RegisterDatasetResult> {
    return registerShareTree(this.ctx, parameters, options);
  }

  /** Claims what `account`'s slots of a share-tree dataset earned, proving unproven slots in the same transaction. */
  claimTreeSlots(
    dataset: DatasetId,
    tree: ShareTreeSource,
    account: string,
    options: { token?: string } = {},
  ): Promise<TreeClaimResult> {
    return claimTreeSlots(this.ctx, dataset, tree, account, options);
  }

  /** What a person known by `handle` (`hf:alice`) earned in these share trees, and what to do to receive it. */
  identityEarnings(handle: string, trees: ReadonlyMap<DatasetId, ShareTreeSource>): Promise<IdentitySlotEarnings[]> {
    return identityEarnings(this.ctx, handle, trees);
  }

  /** Signs, as the attester this client signs with, a binding of identity slot `index` to `account`. */
  async signAttestation(parameters: {
    dataset: DatasetId;
    tree: ShareTreeSource;
    index: number;
    account: string;
    deadline: bigint;
  }): Promise<SignedAttestation> {
    if (!("signTypedData" in this.runner)) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        "signing an attestation needs a signer: connect the client with one",
      );
    }
    return signAttestation(this.ctx, this.runner, { ...parameters, source: parameters.tree });
  }

  /** Submits a signed attestation (anyone may); it takes effect after the window unless vetoed. */
  proposeBinding(
    tree: ShareTreeSource,
    signed: SignedAttestation,
  ): Promise<{ effectiveAt: bigint; transaction: string }> {
    return proposeBinding(this.ctx, tree, signed);
  }

  /** Every share-tree dataset's registered terms (root, slots, total, deadline, fallback), by dataset. */
  async shareTreeTerms(): Promise<ReadonlyMap<DatasetId, ShareTreeTerms>> {
    return (await this.ctx.events.history()).trees;
  }

  /** Vetoes a pending binding in its window (the dataset's registrant or an arbiter). */
  vetoBinding(dataset: DatasetId, index: number): Promise<string> {
    return vetoBinding(this.ctx, dataset, index);
  }

  /** Completes a binding whose window has passed (anyone may). */
  completeBinding(dataset: DatasetId, index: number): Promise<string> {
    return completeBinding(this.ctx, dataset, index);
  }

  /** After the deadline, hands unbound identity slots to the dataset's fallback account (anyone may). */
  sweepSlots(dataset: DatasetId, tree: ShareTreeSource, indexes: readonly number[]): Promise<string[]> {
    return sweepSlots(this.ctx, dataset, tree, indexes);
  }

  /** Registers a model owned by the signer with its declaration, in one transaction. See `actions/register-model.ts`. */
  registerModel(parameters: RegisterModelParameters, options?: WaitOptions): Promise<RegisterModelResult> {
    return registerModel(this.ctx, parameters, options);
  }

  /** Pays `amount` (base units) into a model's pool, in the bundled token or `options.token`. See `actions/deposit.ts`. */
  deposit(model: ModelId, amount: bigint, options?: DepositOptions): Promise<DepositResult> {
    return deposit(this.ctx, model, amount, options);
  }

  /** Flags a dataset, posting the bond. See `actions/disputes.ts`. */
  flag(dataset: DatasetId, reason: bigint, evidenceURI: string): Promise<FlagResult> {
    return flag(this.ctx, dataset, reason, evidenceURI);
  }

  /** A dataset's status, registrant and open flag. */
  getDispute(dataset: DatasetId): Promise<DisputeReport> {
    return dispute(this.ctx, dataset);
  }

  /**
   * Acts on a dataset's dispute: dismiss or uphold (arbiter), appeal (registrant), execute an upheld ruling
   * past its window or expire an unruled one (anyone). `disputeId` defaults to the latest.
   */
  resolveFlag(dataset: DatasetId, ruling: Ruling, disputeId?: bigint): Promise<string> {
    return resolveFlag(this.ctx, dataset, ruling, disputeId);
  }

  /** Forwards `child`'s royalty to its parent in every vault where some is due. */
  forward(child: ModelId): Promise<ForwardResult> {
    return forward(this.ctx, child);
  }

  /** Every edge `account` holds, in every vault, with what it has released, owes and pays now. */
  claimable(account: string): Promise<ClaimableReport> {
    return claimable(this.ctx, account);
  }

  /** Claims everything owed to `account` in every vault (anyone may send it; only `account` is paid). */
  claimAll(account: string): Promise<ClaimResult> {
    return claimAll(this.ctx, account);
  }

  /**
   * Signs (sends nothing; no ETH needed) a claim of everything the signer can be paid now in one vault, which
   * `relayer` (default: anyone) may send for a tip of at most `maxTip` base units and `maxTipBps` of what it pays
   * (default 10%): hand the JSON to a relayer or a keeper.
   */
  signClaim(options: {
    maxTip: bigint;
    token?: string;
    validFor?: bigint;
    relayer?: string;
    maxTipBps?: number;
  }): Promise<SignedClaim> {
    return signClaim(this.ctx, options);
  }

  /** Sends a claim someone signed, taking `tip` (default: all its terms allow) out of it; `send: false` simulates. */
  relayClaim(signed: SignedClaim, options: { tip?: bigint; send?: boolean } = {}): Promise<RelayResult> {
    return relayClaim(this.ctx, signed, options);
  }

  /** Spends the signer's current signed-claim nonce in `token`'s vault: a claim it signed can no longer be sent. */
  revokeClaim(options: { token?: string; nonce?: bigint } = {}): Promise<{
    account: string;
    nonce: bigint;
    transaction: string;
  }> {
    return revokeClaim(this.ctx, options);
  }

  /** Moves share slot `index` of `dataset`, held by the signer, to `to` (key rotation); returns the transaction hash. */
  moveShare(dataset: DatasetId, index: number, to: string): Promise<string> {
    return moveShare(this.ctx, dataset, index, to);
  }

  /** Retires `dataset` (the signer is its registrant): no new model may declare it; returns the transaction hash. */
  retire(dataset: DatasetId): Promise<string> {
    return retire(this.ctx, dataset);
  }

  /**
   * Withdraws the signer's credited flag bonds to `to` (default: the signer), reclaiming first the joined
   * bonds of the disputes named in `reclaim`.
   */
  withdrawBond(
    options: { to?: string; reclaim?: readonly { dataset: DatasetId; disputeId: bigint }[] } = {},
  ): Promise<BondWithdrawal> {
    return withdrawBond(this.ctx, options);
  }

  /** Every registered dataset, oldest first (from events; cached between calls). */
  async listDatasets(): Promise<RegisteredDataset[]> {
    return (await this.ctx.events.history()).datasets;
  }

  /** Every registered model with its declaration, oldest first (from events; cached between calls). */
  async listModels(): Promise<RegisteredModel[]> {
    return (await this.ctx.events.history()).models;
  }

  /** Every payout in every vault (optionally to one account), oldest first. */
  async listPayouts(account?: string): Promise<Payout[]> {
    const who = account === undefined ? undefined : getAddress(account);
    const perVault = await Promise.all(
      this.ctx.allVaults.map(async ({ token, vault }) =>
        (await vault.queryFilter(vault.filters.RewardReleased(undefined, who), this.addresses.fromBlock ?? 0)).map(
          (e): Payout => ({
            token,
            model: e.args.model as ModelId,
            dataset: e.args.dataset as DatasetId,
            account: e.args.account,
            index: Number(e.args.index),
            amount: e.args.amount,
            transactionHash: e.transactionHash,
            blockNumber: e.blockNumber,
          }),
        ),
      ),
    );
    return perVault.flat().sort((a, b) => a.blockNumber - b.blockNumber);
  }
}
