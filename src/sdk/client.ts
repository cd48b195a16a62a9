import {
  ZeroAddress,
  ZeroHash,
  getAddress,
  hexlify,
  randomBytes,
  type ContractTransactionResponse,
  type Provider,
  type Signer,
} from "ethers";

import {
  DataRewardToken__factory,
  DatasetRegistry__factory,
  ModelRegistry__factory,
  RewardVault__factory,
} from "../../types/ethers-contracts/index.js";
import type {
  DataRewardToken,
  DatasetRegistry,
  ModelRegistry,
  RewardVault,
} from "../../types/ethers-contracts/index.js";
import { DataDividendsError, decoding } from "./errors.js";
import { commitmentOf, modelIdOf, sortByAscendingId } from "./ids.js";
import { signPermit } from "./signatures.js";

/** Where a deployment lives. `fromBlock` bounds event scans (the deployment block). */
export interface DataDividendsAddresses {
  token: string;
  datasets: string;
  models: string;
  vault: string;
  fromBlock?: number;
}

export interface ContributorShare {
  account: string;
  shares: bigint | number;
}

export interface RegisterDatasetParameters {
  contentHash: string;
  metadataURI: string;
  contributors: readonly ContributorShare[];
}

export interface RegisterDatasetOptions {
  /** Commitment salt (32 bytes hex); random by default. Reuse it to resume an interrupted registration. */
  salt?: string;
  /**
   * How to let `blocks` blocks pass during the commit delay. Default: wait for the chain to produce
   * them. Development chains can mine instead (`(n) => provider.send("hardhat_mine", [toQuantity(n)])`).
   */
  advanceBlocks?: (blocks: number) => Promise<void>;
  /** Polling interval and give-up time while waiting for blocks (default 2 s, 10 min). */
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** Progress lines, e.g. "committed; waiting 1 block". */
  onStatus?: (status: string) => void;
}

export interface RegisterDatasetResult {
  id: string;
  registrant: string;
  status: "registered" | "already-registered";
  salt?: string;
  transactions: string[];
}

export interface DatasetUsage {
  dataset: string;
  weight: bigint | number;
}

export interface RegisterModelParameters {
  artifactHash: string;
  metadataURI: string;
  parent?: string;
  usage: readonly DatasetUsage[];
}

export interface RegisterModelResult {
  id: string;
  status: "registered" | "declared" | "already-registered";
  transactions: string[];
}

/** One (model, dataset, share) edge an account holds, and what it has taken and may take. */
export interface ClaimableEdge {
  model: string;
  dataset: string;
  index: number;
  released: bigint;
  claimable: bigint;
}

export interface ClaimableReport {
  account: string;
  total: bigint;
  edges: ClaimableEdge[];
  /** Claimable per dataset ID. */
  byDataset: Map<string, bigint>;
}

export interface ClaimResult {
  account: string;
  paid: bigint;
  edges: number;
  transactions: string[];
}

export interface RegisteredDataset {
  id: string;
  registrant: string;
  metadataURI: string;
  contributors: string[];
  shares: bigint[];
  blockNumber: number;
}

export interface RegisteredModel {
  id: string;
  owner: string;
  artifactHash: string;
  parent: string;
  metadataURI: string;
  usage: { dataset: string; weight: bigint }[];
  blockNumber: number;
}

export interface Payout {
  model: string;
  dataset: string;
  account: string;
  index: number;
  amount: bigint;
  transactionHash: string;
  blockNumber: number;
}

/** How many edges one claim transaction carries at most (keeps a claim well inside a block). */
export const MAX_EDGES_PER_CLAIM = 200;

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
  readonly datasets: DatasetRegistry;
  readonly models: ModelRegistry;
  readonly vault: RewardVault;
  readonly token: DataRewardToken;

  private constructor(
    readonly runner: Signer | Provider,
    readonly addresses: DataDividendsAddresses,
  ) {
    this.datasets = DatasetRegistry__factory.connect(addresses.datasets, runner);
    this.models = ModelRegistry__factory.connect(addresses.models, runner);
    this.vault = RewardVault__factory.connect(addresses.vault, runner);
    this.token = DataRewardToken__factory.connect(addresses.token, runner);
  }

  /** A client that signs with `signer` (or only reads, given a provider). */
  static connect(runner: Signer | Provider, addresses: DataDividendsAddresses): DataDividends {
    return new DataDividends(runner, addresses);
  }

  private get provider(): Provider {
    const provider =
      "provider" in this.runner && this.runner.provider ? this.runner.provider : (this.runner as Provider);
    if (typeof provider.getBlockNumber !== "function") {
      throw new DataDividendsError("INVALID_INPUT", "the signer has no provider; connect it to one first");
    }
    return provider;
  }

  private async signerAddress(): Promise<string> {
    if (!("signMessage" in this.runner)) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        "this action sends a transaction: connect the client with a signer",
      );
    }
    return getAddress(await this.runner.getAddress());
  }

  /* DATASETS */

  /**
   * Registers a dataset for the signer: one transaction where the registry has no commit delay,
   * otherwise commit, wait the delay, reveal. A hash the signer already registered is reported, not
   * re-sent; one registered by someone else is an `ALREADY_REGISTERED` error.
   */
  async registerDataset(
    parameters: RegisterDatasetParameters,
    options: RegisterDatasetOptions = {},
  ): Promise<RegisterDatasetResult> {
    const registrant = await this.signerAddress();
    const id = parameters.contentHash;
    const existing = (await this.datasets.dataset(id)).registrant;
    if (existing !== ZeroAddress) {
      if (getAddress(existing) === registrant)
        return { id, registrant, status: "already-registered", transactions: [] };
      throw new DataDividendsError("ALREADY_REGISTERED", `dataset ${id} is already registered by ${existing}`);
    }
    const sorted = sortByAscendingId(
      parameters.contributors.map((c) => ({ account: getAddress(c.account), shares: BigInt(c.shares) })),
      (c) => c.account,
    );
    const registration = {
      contentHash: id,
      metadataURI: parameters.metadataURI,
      contributors: sorted.map((c) => c.account),
      shares: sorted.map((c) => c.shares),
    };
    const transactions: string[] = [];
    const delay = await this.datasets.commitDelay();
    if (delay === 0n) {
      const tx = await decoding("register", () => this.datasets.register(registration, ZeroHash));
      transactions.push(await mined(tx));
      return { id, registrant, status: "registered", transactions };
    }

    const salt = options.salt ?? hexlify(randomBytes(32));
    const commitment = commitmentOf(id, registrant, salt);
    let committedAt = await this.datasets.committedAt(commitment);
    if (committedAt === 0n) {
      const tx = await decoding("commit", () => this.datasets.commit(commitment));
      transactions.push(await mined(tx));
      committedAt = await this.datasets.committedAt(commitment);
    }
    // The reveal's own block must be at least committedAt + delay.
    const readyAt = committedAt + delay;
    await this.waitForBlock(readyAt - 1n, options);
    const tx = await decoding("register (reveal)", () => this.datasets.register(registration, salt));
    transactions.push(await mined(tx));
    return { id, registrant, status: "registered", salt, transactions };
  }

  private async waitForBlock(target: bigint, options: RegisterDatasetOptions): Promise<void> {
    const current = BigInt(await this.provider.getBlockNumber());
    if (current >= target) return;
    const missing = Number(target - current);
    options.onStatus?.(`committed; waiting for ${missing} more block(s) before the reveal`);
    if (options.advanceBlocks !== undefined) {
      await options.advanceBlocks(missing);
      return;
    }
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    while (BigInt(await this.provider.getBlockNumber()) < target) {
      if (Date.now() > deadline) {
        throw new DataDividendsError(
          "TIMEOUT",
          `block ${target} did not arrive in time; rerun with the same salt to resume the reveal`,
        );
      }
      await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 2000));
    }
  }

  /* MODELS */

  /**
   * Registers a model owned by the signer and declares its usage (datasets are sorted for you).
   * Resumes where it stopped: a registered but undeclared model is only declared.
   */
  async registerModel(parameters: RegisterModelParameters): Promise<RegisterModelResult> {
    const owner = await this.signerAddress();
    const id = modelIdOf(owner, parameters.artifactHash);
    const record = await this.models.model(id);
    const transactions: string[] = [];
    let status: RegisterModelResult["status"] = "declared";
    if (record.owner === ZeroAddress) {
      const tx = await decoding("registerModel", () =>
        this.models.registerModel(parameters.artifactHash, parameters.metadataURI, parameters.parent ?? ZeroHash),
      );
      transactions.push(await mined(tx));
      status = "registered";
    } else if (record.totalWeight !== 0n) {
      return { id, status: "already-registered", transactions };
    }
    const usage = sortByAscendingId(parameters.usage, (u) => u.dataset);
    const tx = await decoding("declareUsage", () =>
      this.models.declareUsage(
        id,
        usage.map((u) => u.dataset),
        usage.map((u) => BigInt(u.weight)),
      ),
    );
    transactions.push(await mined(tx));
    return { id, status, transactions };
  }

  /* DEPOSITS */

  /**
   * Pays `amount` into a model's pool from the signer: with an EIP-2612 permit where `permit` is set
   * (no approval transaction), else approving the exact amount first when the allowance is short.
   */
  async deposit(
    model: string,
    amount: bigint,
    options: { permit?: boolean; deadline?: bigint } = {},
  ): Promise<string[]> {
    if (amount <= 0n) throw new DataDividendsError("INVALID_INPUT", "the amount must be positive");
    const payer = await this.signerAddress();
    const vault = this.addresses.vault;
    const transactions: string[] = [];
    if (options.permit) {
      const deadline = options.deadline ?? BigInt(Math.floor(Date.now() / 1000) + 3600);
      const { chainId } = await this.provider.getNetwork();
      const signature = await signPermit(this.runner as Signer, this.token, vault, amount, deadline, chainId);
      const tx = await decoding("depositWithPermit", () =>
        this.vault.depositWithPermit(model, amount, deadline, signature.v, signature.r, signature.s),
      );
      transactions.push(await mined(tx));
      return transactions;
    }
    const allowance = await this.token.allowance(payer, vault);
    if (allowance < amount) {
      const tx = await decoding("approve", () => this.token.approve(vault, amount));
      transactions.push(await mined(tx));
    }
    const tx = await decoding("deposit", () => this.vault.deposit(model, amount));
    transactions.push(await mined(tx));
    return transactions;
  }

  /* CLAIMS */

  /** Every (model, dataset, share) edge `account` holds now, with what each has released and may claim. */
  async claimable(account: string): Promise<ClaimableReport> {
    const who = getAddress(account);
    const slots = await this.sharesHeldBy(who);
    const usage = await this.declarationsByDataset();
    const edges: ClaimableEdge[] = [];
    for (const { dataset, index } of slots) {
      for (const model of usage.get(dataset) ?? []) {
        const [released, claimable] = await Promise.all([
          this.vault.released(model, dataset, index),
          this.vault.claimable(model, dataset, index),
        ]);
        edges.push({ model, dataset, index, released, claimable });
      }
    }
    const byDataset = new Map<string, bigint>();
    for (const e of edges) byDataset.set(e.dataset, (byDataset.get(e.dataset) ?? 0n) + e.claimable);
    return { account: who, total: edges.reduce((s, e) => s + e.claimable, 0n), edges, byDataset };
  }

  /**
   * Claims everything owed to `account` (anyone may send this; only `account` is paid), in one
   * transaction per `MAX_EDGES_PER_CLAIM` edges. Returns `paid = 0` when nothing is owed.
   */
  async claimAll(account: string): Promise<ClaimResult> {
    const report = await this.claimable(account);
    const owed = report.edges.filter((e) => e.claimable > 0n);
    const transactions: string[] = [];
    for (let i = 0; i < owed.length; i += MAX_EDGES_PER_CLAIM) {
      const batch = owed
        .slice(i, i + MAX_EDGES_PER_CLAIM)
        .map((e) => ({ model: e.model, dataset: e.dataset, index: e.index }));
      const tx = await decoding("claim", () => this.vault.claim(report.account, batch));
      transactions.push(await mined(tx));
    }
    return {
      account: report.account,
      paid: owed.reduce((s, e) => s + e.claimable, 0n),
      edges: owed.length,
      transactions,
    };
  }

  /* READERS (from events) */

  /** Every registered dataset, oldest first. */
  async listDatasets(): Promise<RegisteredDataset[]> {
    const events = await this.datasets.queryFilter(
      this.datasets.filters.DatasetRegistered(),
      this.addresses.fromBlock ?? 0,
    );
    return events.map((e) => ({
      id: e.args.id,
      registrant: e.args.registrant,
      metadataURI: e.args.metadataURI,
      contributors: [...e.args.contributors],
      shares: [...e.args.shares],
      blockNumber: e.blockNumber,
    }));
  }

  /** Every registered model with its declared usage (empty while undeclared), oldest first. */
  async listModels(): Promise<RegisteredModel[]> {
    const from = this.addresses.fromBlock ?? 0;
    const [registered, declared] = await Promise.all([
      this.models.queryFilter(this.models.filters.ModelRegistered(), from),
      this.models.queryFilter(this.models.filters.UsageDeclared(), from),
    ]);
    const usage = new Map(
      declared.map((e) => [e.args.id, e.args.datasets.map((dataset, i) => ({ dataset, weight: e.args.weights[i] }))]),
    );
    return registered.map((e) => ({
      id: e.args.id,
      owner: e.args.owner,
      artifactHash: e.args.artifactHash,
      parent: e.args.parent,
      metadataURI: e.args.metadataURI,
      usage: usage.get(e.args.id) ?? [],
      blockNumber: e.blockNumber,
    }));
  }

  /** Every payout (optionally to one account), oldest first. */
  async listPayouts(account?: string): Promise<Payout[]> {
    const filter = this.vault.filters.RewardReleased(
      undefined,
      undefined,
      account === undefined ? undefined : getAddress(account),
    );
    const events = await this.vault.queryFilter(filter, this.addresses.fromBlock ?? 0);
    return events.map((e) => ({
      model: e.args.model,
      dataset: e.args.dataset,
      account: e.args.account,
      index: Number(e.args.index),
      amount: e.args.amount,
      transactionHash: e.transactionHash,
      blockNumber: e.blockNumber,
    }));
  }

  /** Share slots `account` holds now: registered to it or moved to it, and still its own. */
  private async sharesHeldBy(account: string): Promise<{ dataset: string; index: number }[]> {
    const from = this.addresses.fromBlock ?? 0;
    const candidates = new Map<string, { dataset: string; index: number }>();
    for (const d of await this.listDatasets()) {
      d.contributors.forEach((c, index) => {
        if (getAddress(c) === account) candidates.set(`${d.id}:${index}`, { dataset: d.id, index });
      });
    }
    const movedIn = await this.datasets.queryFilter(
      this.datasets.filters.ContributorMoved(undefined, undefined, account),
      from,
    );
    for (const e of movedIn)
      candidates.set(`${e.args.id}:${e.args.index}`, { dataset: e.args.id, index: Number(e.args.index) });
    // The registry is the authority on who holds a slot now (a share may have moved on since).
    const held: { dataset: string; index: number }[] = [];
    for (const slot of candidates.values()) {
      const holder = (await this.datasets.contributor(slot.dataset, slot.index)).account;
      if (getAddress(holder) === account) held.push(slot);
    }
    return held;
  }

  private async declarationsByDataset(): Promise<Map<string, string[]>> {
    const events = await this.models.queryFilter(this.models.filters.UsageDeclared(), this.addresses.fromBlock ?? 0);
    const byDataset = new Map<string, string[]>();
    for (const e of events) for (const d of e.args.datasets) byDataset.set(d, [...(byDataset.get(d) ?? []), e.args.id]);
    return byDataset;
  }
}

async function mined(tx: ContractTransactionResponse): Promise<string> {
  const receipt = await tx.wait();
  if (receipt === null || receipt.status !== 1) {
    throw new DataDividendsError("CONTRACT_REVERT", `transaction ${tx.hash} failed`);
  }
  return tx.hash;
}
