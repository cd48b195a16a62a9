import {
  ZeroAddress,
  ZeroHash,
  getAddress,
  isAddress,
  isError,
  hexlify,
  randomBytes,
  type ContractTransactionReceipt,
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
import { DataDividendsError } from "./errors.js";
import { decodeRevert, decoding, toDataDividendsError } from "./revert.js";
import {
  DatasetStatus,
  commitmentOf,
  datasetStatusName,
  minimumParentWeight,
  modelIdOf,
  sortByAscendingId,
} from "./ids.js";
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

/** How to wait for blocks (commit delays, provisional windows). */
export interface WaitOptions {
  /**
   * How to let `blocks` blocks pass during the commit delay. Default: wait for the chain to produce
   * them. Development chains can mine instead (`(n) => provider.send("hardhat_mine", [toQuantity(n)])`).
   */
  advanceBlocks?: (blocks: number) => Promise<void>;
  /** Polling interval and give-up time while waiting for blocks (default 2 s, 10 min). */
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** Progress lines, e.g. "waiting for 1 more block(s) before the reveal". */
  onStatus?: (status: string) => void;
}

/** A commitment paid for and not yet revealed: what a rerun needs to reveal it instead of paying again. */
export interface PendingCommitment {
  chainId: string;
  registry: string;
  contentHash: string;
  registrant: string;
  salt: string;
}

/**
 * Where pending commitments are kept between runs (the CLI keeps a file; an app may keep a database).
 * `registerDataset` saves an entry before it sends the commit and removes it once the dataset is
 * registered, so a process killed in between loses nothing it paid for.
 */
export interface CommitmentJournal {
  find(key: Omit<PendingCommitment, "salt">): Promise<PendingCommitment | undefined>;
  save(entry: PendingCommitment): Promise<void>;
  remove(key: Omit<PendingCommitment, "salt">): Promise<void>;
}

export interface RegisterDatasetOptions extends WaitOptions {
  /** Commitment salt (32 bytes hex); random by default. Reuse it to resume an interrupted registration. */
  salt?: string;
  /** Pending commitments: found and revealed on a rerun, saved before a commit is sent. */
  journal?: CommitmentJournal;
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
  usage: readonly DatasetUsage[];
  /** The model this one derives from (a fine-tune of it). */
  parent?: string;
  /** The parent edge's weight; default: the least that meets the parent's royalty floor (at least 1). */
  parentWeight?: bigint | number;
  /** What this model asks of its own derivatives, in basis points of their total weight (default 0). */
  minRoyaltyBps?: bigint | number;
}

export interface RegisterModelResult {
  id: string;
  status: "registered" | "already-registered";
  /** The parent edge's weight as registered (0 without a parent). */
  parentWeight: bigint;
  transactions: string[];
}

/** Why an edge pays nothing now although it is owed something. */
export type EdgeState = "payable" | "frozen" | "cooling-off";

/** One (model, dataset, share) edge an account holds, and what it has taken and may take. */
export interface ClaimableEdge {
  model: string;
  dataset: string;
  index: number;
  released: bigint;
  /** Earned and not yet taken, whether or not it can be paid now. */
  owed: bigint;
  /** What a claim pays now (0 while frozen or cooling off). */
  claimable: bigint;
  state: EdgeState;
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
  /** Lineage hops forwarded in the same transaction before the claim. */
  forwards: number;
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
  parentWeight: bigint;
  totalWeight: bigint;
  minRoyaltyBps: bigint;
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

/**
 * Contributors as the registry wants them (checksummed, strictly ascending), refused here, before any
 * transaction, for everything the registry would refuse at the reveal.
 */
function checkedContributors(contributors: readonly ContributorShare[]): { account: string; shares: bigint }[] {
  if (contributors.length === 0)
    throw new DataDividendsError("INVALID_INPUT", "a dataset needs at least one contributor");
  if (contributors.length > 256) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${contributors.length} contributors; a dataset may list at most 256`,
    );
  }
  const sorted = sortByAscendingId(
    contributors.map((c) => {
      if (!isAddress(c.account))
        throw new DataDividendsError("INVALID_INPUT", `contributor "${c.account}" is not an address`);
      const shares = BigInt(c.shares);
      if (shares < 1n || shares > 0xffffffffn) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `shares of ${c.account} must be from 1 to 4294967295, got ${shares}`,
        );
      }
      return { account: getAddress(c.account), shares };
    }),
    (c) => c.account,
  );
  sorted.forEach((c, i) => {
    if (c.account === ZeroAddress)
      throw new DataDividendsError("INVALID_INPUT", "the zero address cannot be a contributor");
    if (i > 0 && c.account === sorted[i - 1].account) {
      throw new DataDividendsError("INVALID_INPUT", `contributor ${c.account} is listed twice`);
    }
  });
  return sorted;
}

/** What a block wait says while it waits and when it gives up. */
interface BlockWait {
  status(missing: number): string;
  timeout(target: bigint): string;
}

const REVEAL_WAIT: BlockWait = {
  status: (missing) => `committed; waiting for ${missing} more block(s) before the reveal`,
  timeout: (target) => `block ${target} did not arrive in time; rerun with the same salt to resume the reveal`,
};

const PROVISIONAL_WAIT: BlockWait = {
  status: (missing) => `waiting for ${missing} more block(s) until the datasets' provisional window closes`,
  timeout: (target) => `block ${target} did not arrive in time (the datasets' provisional window); rerun to resume`,
};

/** How the client waits for its transactions. */
export interface ClientOptions {
  /** Blocks a transaction must have (1: mined). Default 1. */
  confirmations?: number;
  /** Give up waiting for a transaction after this long, in milliseconds. Default 5 minutes. */
  txTimeoutMs?: number;
}

export const DEFAULT_TX_TIMEOUT_MS = 300_000;

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
    readonly options: ClientOptions = {},
  ) {
    this.datasets = DatasetRegistry__factory.connect(addresses.datasets, runner);
    this.models = ModelRegistry__factory.connect(addresses.models, runner);
    this.vault = RewardVault__factory.connect(addresses.vault, runner);
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

  /**
   * Waits, bounded, for a sent transaction: `confirmations` blocks, at most `txTimeoutMs`. A timeout, a
   * replaced or dropped transaction and a revert each end in their own error code, naming the hash.
   */
  private async receipt(tx: ContractTransactionResponse): Promise<ContractTransactionReceipt> {
    const timeoutMs = this.options.txTimeoutMs ?? DEFAULT_TX_TIMEOUT_MS;
    let receipt: ContractTransactionReceipt | null;
    try {
      receipt = await tx.wait(this.options.confirmations ?? 1, timeoutMs);
    } catch (error) {
      if (isError(error, "TIMEOUT")) {
        throw new DataDividendsError(
          "TIMEOUT",
          `transaction ${tx.hash} was not mined within ${Math.round(timeoutMs / 1000)} s; it may still be: look it up before sending it again`,
          { cause: error },
        );
      }
      if (isError(error, "TRANSACTION_REPLACED")) {
        throw new DataDividendsError(
          "TRANSACTION_DROPPED",
          `transaction ${tx.hash} was ${error.reason === "cancelled" ? "cancelled" : "replaced"} by ${error.replacement.hash}`,
          { cause: error },
        );
      }
      throw toDataDividendsError(error, `transaction ${tx.hash}`);
    }
    if (receipt === null) {
      throw new DataDividendsError("TRANSACTION_DROPPED", `transaction ${tx.hash} was dropped before it was mined`);
    }
    return receipt;
  }

  private async mined(tx: ContractTransactionResponse): Promise<string> {
    return (await this.receipt(tx)).hash;
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
    const sorted = checkedContributors(parameters.contributors);
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
      transactions.push(await this.mined(tx));
      return { id, registrant, status: "registered", transactions };
    }

    const key = {
      chainId: (await this.provider.getNetwork()).chainId.toString(),
      registry: getAddress(this.addresses.datasets),
      contentHash: id,
      registrant,
    };
    const journaled = options.salt === undefined ? await options.journal?.find(key) : undefined;
    let salt = options.salt ?? journaled?.salt ?? hexlify(randomBytes(32));
    let committedAt = await this.datasets.committedAt(commitmentOf(id, registrant, salt));
    if (committedAt !== 0n) {
      const expiresAt = committedAt + delay + (await this.datasets.commitWindow());
      if (BigInt(await this.provider.getBlockNumber()) + 1n > expiresAt) {
        options.onStatus?.(
          `the commitment made at block ${committedAt} expired at block ${expiresAt}; committing again`,
        );
        salt = hexlify(randomBytes(32));
        committedAt = 0n;
      } else {
        options.onStatus?.(`resuming the commitment made at block ${committedAt} (salt ${salt})`);
      }
    }
    if (committedAt === 0n) {
      // Written before anything is paid: a process killed after the commit can still reveal it.
      await options.journal?.save({ ...key, salt });
      options.onStatus?.(`committing (salt ${salt})`);
      const tx = await decoding("commit", () => this.datasets.commit(commitmentOf(id, registrant, salt)));
      transactions.push(await this.mined(tx));
      committedAt = await this.datasets.committedAt(commitmentOf(id, registrant, salt));
    }
    // The reveal's own block must be at least committedAt + delay.
    const readyAt = committedAt + delay;
    await this.waitForBlock(readyAt - 1n, options, REVEAL_WAIT);
    const tx = await decoding("register (reveal)", () => this.datasets.register(registration, salt));
    transactions.push(await this.mined(tx));
    await options.journal?.remove(key);
    return { id, registrant, status: "registered", salt, transactions };
  }

  /** Waits (bounded) for block `target`, mining through where `advanceBlocks` is given; `why` words it. */
  private async waitForBlock(target: bigint, options: WaitOptions, why: BlockWait): Promise<void> {
    const current = BigInt(await this.provider.getBlockNumber());
    if (current >= target) return;
    const missing = Number(target - current);
    options.onStatus?.(why.status(missing));
    if (options.advanceBlocks !== undefined) {
      await options.advanceBlocks(missing);
      return;
    }
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    while (BigInt(await this.provider.getBlockNumber()) < target) {
      if (Date.now() > deadline) {
        throw new DataDividendsError("TIMEOUT", why.timeout(target));
      }
      await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 2000));
    }
  }

  /* MODELS */

  /**
   * Registers a model owned by the signer with its declaration, in one transaction (datasets sorted for
   * you; the parent edge's weight defaults to the least that meets the parent's royalty floor). Every
   * dataset is checked first, so nothing is sent that the registry would refuse.
   */
  async registerModel(parameters: RegisterModelParameters, options: WaitOptions = {}): Promise<RegisterModelResult> {
    const owner = await this.signerAddress();
    const id = modelIdOf(owner, parameters.artifactHash);
    const record = await this.models.model(id);
    if (record.owner !== ZeroAddress) {
      return { id, status: "already-registered", parentWeight: 0n, transactions: [] };
    }
    const usage = sortByAscendingId(parameters.usage, (u) => u.dataset);
    let statuses = await Promise.all(usage.map((u) => this.datasets.statusOf(u.dataset)));
    // A provisional dataset (just registered with a commit delay) becomes declarable once its window
    // closes: wait for that block rather than refuse.
    const provisional = usage.filter((_, i) => statuses[i] === DatasetStatus.Provisional);
    if (provisional.length > 0) {
      const records = await Promise.all(provisional.map((u) => this.datasets.dataset(u.dataset)));
      const finalFrom = records.reduce((max, r) => (r.provisionalUntil > max ? r.provisionalUntil : max), 0n) + 1n;
      await this.waitForBlock(finalFrom, options, PROVISIONAL_WAIT);
      statuses = await Promise.all(usage.map((u) => this.datasets.statusOf(u.dataset)));
    }
    statuses.forEach((status, i) => {
      if (status !== DatasetStatus.Active) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `dataset ${usage[i].dataset} cannot be declared: it is ${datasetStatusName(status)} (only active datasets can)`,
        );
      }
    });
    const parent = parameters.parent ?? ZeroHash;
    let parentWeight = BigInt(parameters.parentWeight ?? 0);
    if (parent !== ZeroHash && parameters.parentWeight === undefined) {
      const parentRecord = await this.models.model(parent);
      if (parentRecord.owner === ZeroAddress) {
        throw new DataDividendsError("NOT_FOUND", `parent model ${parent} is not registered`);
      }
      const datasetWeight = usage.reduce((sum, u) => sum + BigInt(u.weight), 0n);
      parentWeight = minimumParentWeight(parentRecord.minRoyaltyBps, datasetWeight);
    }
    const registration = {
      artifactHash: parameters.artifactHash,
      metadataURI: parameters.metadataURI,
      datasets: usage.map((u) => u.dataset),
      weights: usage.map((u) => BigInt(u.weight)),
      parent,
      parentWeight,
      minRoyaltyBps: BigInt(parameters.minRoyaltyBps ?? 0),
    };
    const tx = await decoding("registerModel", () => this.models.registerModel(registration));
    return { id, status: "registered", parentWeight, transactions: [await this.mined(tx)] };
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
    // Everything the deposit would refuse, refused before an approval is paid for.
    const [balance, totalWeight, paused] = await Promise.all([
      this.token.balanceOf(payer),
      this.models.totalWeightOf(model),
      this.vault.paused(),
    ]);
    if (totalWeight === 0n) throw new DataDividendsError("NOT_FOUND", `model ${model} is not registered`);
    if (balance < amount) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${payer} holds ${balance} base units of the token, less than ${amount}`,
      );
    }
    if (paused) throw new DataDividendsError("INVALID_INPUT", `the vault ${vault} is paused: deposits are stopped`);
    if (options.permit) {
      const deadline = options.deadline ?? BigInt(Math.floor(Date.now() / 1000) + 3600);
      const { chainId } = await this.provider.getNetwork();
      const signature = await signPermit(this.runner as Signer, this.token, vault, amount, deadline, chainId);
      const tx = await decoding("depositWithPermit", () =>
        this.vault.depositWithPermit(model, amount, deadline, signature.v, signature.r, signature.s),
      );
      transactions.push(await this.mined(tx));
      return transactions;
    }
    const allowance = await this.token.allowance(payer, vault);
    if (allowance < amount) {
      const tx = await decoding("approve", () => this.token.approve(vault, amount));
      transactions.push(await this.mined(tx));
    }
    const tx = await decoding("deposit", () => this.vault.deposit(model, amount));
    transactions.push(await this.mined(tx));
    return transactions;
  }

  /* DISPUTES */

  /**
   * Flags a dataset as stolen, squatted or junk, posting the registry's bond from the signer. Refuses,
   * before sending, a dataset that cannot be flagged and a bond the signer cannot pay.
   */
  async flag(
    dataset: string,
    reason: bigint,
    evidenceURI: string,
  ): Promise<{ bond: bigint; expiresAt: bigint; transaction: string }> {
    const challenger = await this.signerAddress();
    const [status, bond, timeout, balance] = await Promise.all([
      this.datasets.statusOf(dataset),
      this.datasets.flagBond(),
      this.datasets.disputeTimeout(),
      this.provider.getBalance(challenger),
    ]);
    if (status !== DatasetStatus.Active && status !== DatasetStatus.Retired) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `dataset ${dataset} cannot be flagged: it is ${datasetStatusName(status)} (only registered, final, unflagged datasets can)`,
      );
    }
    if (balance < bond) {
      throw new DataDividendsError("INVALID_INPUT", `the bond is ${bond} wei and ${challenger} holds ${balance}`);
    }
    const tx = await decoding("flag", () => this.datasets.flag(dataset, reason, evidenceURI, { value: bond }));
    const transaction = await this.mined(tx);
    // From the record the flag wrote, not the latest block (which may already be a later one).
    const opened = await this.datasets.disputeOf(dataset);
    return { bond, expiresAt: opened.openedAt + timeout, transaction };
  }

  /** A dataset's status, registrant and open flag (with when anyone may end it). */
  async dispute(dataset: string): Promise<{
    status: bigint;
    registrant: string;
    /** Share slots, each of which an upholding ruling must name a holder for. */
    contributorCount: number;
    open?: { challenger: string; reason: bigint; openedAt: bigint; expiresAt: bigint };
  }> {
    const [status, record, open, timeout] = await Promise.all([
      this.datasets.statusOf(dataset),
      this.datasets.dataset(dataset),
      this.datasets.disputeOf(dataset),
      this.datasets.disputeTimeout(),
    ]);
    return {
      status,
      registrant: record.registrant,
      contributorCount: Number(record.contributorCount),
      ...(open.challenger === ZeroAddress
        ? {}
        : {
            open: {
              challenger: open.challenger,
              reason: open.reason,
              openedAt: open.openedAt,
              expiresAt: open.openedAt + timeout,
            },
          }),
    };
  }

  /**
   * Ends an open flag: `dismiss` or `uphold` (the signer must hold the arbiter role; upholding names a
   * holder for every share slot), or `expire` (anyone, once the timeout has passed). Checked first.
   */
  async resolveFlag(
    dataset: string,
    ruling: { ruling: "dismiss" } | { ruling: "expire" } | { ruling: "uphold"; registrant: string; holders: string[] },
  ): Promise<string> {
    const signer = await this.signerAddress();
    const { open, contributorCount: count } = await this.dispute(dataset);
    if (open === undefined) throw new DataDividendsError("INVALID_INPUT", `dataset ${dataset} has no open flag`);
    if (ruling.ruling === "expire") {
      const now = BigInt((await this.provider.getBlock("latest"))?.timestamp ?? 0);
      if (now < open.expiresAt) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `the flag on ${dataset} can be ended by anyone from ${new Date(Number(open.expiresAt) * 1000).toISOString()}`,
        );
      }
      return this.mined(await decoding("expireFlag", () => this.datasets.expireFlag(dataset)));
    }
    if (!(await this.datasets.hasRole(await this.datasets.ARBITER_ROLE(), signer))) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${signer} does not hold the arbiter role on ${this.addresses.datasets}`,
      );
    }
    if (ruling.ruling === "dismiss")
      return this.mined(await decoding("dismissFlag", () => this.datasets.dismissFlag(dataset)));
    if (ruling.holders.length !== count) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `dataset ${dataset} has ${count} share slot(s); name a holder for each, got ${ruling.holders.length}`,
      );
    }
    for (const holder of [ruling.registrant, ...ruling.holders]) {
      if (!isAddress(holder) || holder === ZeroAddress || getAddress(holder) === signer) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `"${holder}" cannot be a holder (an address other than the arbiter)`,
        );
      }
    }
    return this.mined(
      await decoding("upholdFlag", () => this.datasets.upholdFlag(dataset, ruling.registrant, ruling.holders)),
    );
  }

  /* LINEAGE */

  /**
   * Forwards `child`'s royalty to its parent (anyone may; no tokens leave the vault). Returns the
   * transaction hash, or undefined when nothing was due.
   */
  async forward(child: string): Promise<{ parent: string; amount: bigint; transaction?: string }> {
    const parent = (await this.models.model(child)).parent;
    if (parent === ZeroHash) throw new DataDividendsError("INVALID_INPUT", `model ${child} has no parent`);
    const amount = await this.vault.forwardable(child, parent);
    if (amount === 0n) return { parent, amount };
    const tx = await decoding("forward", () => this.vault.forward(child, parent));
    return { parent, amount, transaction: await this.mined(tx) };
  }

  /* CLAIMS */

  /** Every (model, dataset, share) edge `account` holds now, with what each has released, owes and pays now. */
  async claimable(account: string): Promise<ClaimableReport> {
    const who = getAddress(account);
    const slots = await this.sharesHeldBy(who);
    const usage = await this.declarationsByDataset();
    const pairs = slots.flatMap(({ dataset, index }) =>
      (usage.get(dataset) ?? []).map((model) => ({ model, dataset, index })),
    );
    const edges = await Promise.all(
      pairs.map(async ({ model, dataset, index }): Promise<ClaimableEdge> => {
        const [released, owed, claimable, status] = await Promise.all([
          this.vault.released(model, dataset, index),
          this.vault.owed(model, dataset, index),
          this.vault.claimable(model, dataset, index),
          this.datasets.statusOf(dataset),
        ]);
        const state: EdgeState =
          owed === claimable ? "payable" : status === DatasetStatus.Frozen ? "frozen" : "cooling-off";
        return { model, dataset, index, released, owed, claimable, state };
      }),
    );
    const byDataset = new Map<string, bigint>();
    for (const e of edges) byDataset.set(e.dataset, (byDataset.get(e.dataset) ?? 0n) + e.claimable);
    return { account: who, total: edges.reduce((s, e) => s + e.claimable, 0n), edges, byDataset };
  }

  /**
   * Claims everything owed to `account` (anyone may send this; only `account` is paid): in one
   * transaction per `MAX_EDGES_PER_CLAIM` edges, each first forwarding the royalties of every model
   * derived (at any depth) from the models it claims through, deepest first (`multicall`). The batch is
   * simulated first; returns `paid = 0`, sending nothing, when nothing is owed. `paid` and `edges` are read
   * from the receipts' `RewardReleased` events.
   */
  async claimAll(account: string): Promise<ClaimResult> {
    const report = await this.claimable(account);
    const payable = report.edges.filter((e) => e.state === "payable");
    const forwards = await this.forwardsInto(new Set(payable.map((e) => e.model)));
    const transactions: string[] = [];
    let paid = 0n;
    let edges = 0;
    for (let i = 0; i < payable.length; i += MAX_EDGES_PER_CLAIM) {
      const batch = payable
        .slice(i, i + MAX_EDGES_PER_CLAIM)
        .map((e) => ({ model: e.model, dataset: e.dataset, index: e.index }));
      const calls = [
        ...(i === 0 ? forwards : []).map((f) =>
          this.vault.interface.encodeFunctionData("forward", [f.child, f.parent]),
        ),
        this.vault.interface.encodeFunctionData("claim", [report.account, batch]),
      ];
      try {
        await this.vault.multicall.staticCall(calls);
      } catch (error) {
        if (decodeRevert(error)?.name === "NothingToClaim") continue;
        throw toDataDividendsError(error, "claim");
      }
      const tx = await decoding("claim", () => this.vault.multicall(calls));
      const receipt = await this.receipt(tx);
      transactions.push(tx.hash);
      for (const log of receipt.logs) {
        const parsed = this.vault.interface.parseLog(log);
        if (parsed?.name !== "RewardReleased") continue;
        paid += parsed.args.amount as bigint;
        edges += 1;
      }
    }
    return { account: report.account, paid, edges, forwards: edges > 0 ? forwards.length : 0, transactions };
  }

  /**
   * The (child, parent) hops that feed `models`' pools: every model derived from them at any depth,
   * deepest first, so each forward carries what the hops below it just forwarded.
   */
  private async forwardsInto(models: Set<string>): Promise<{ child: string; parent: string }[]> {
    if (models.size === 0) return [];
    const children = new Map<string, string[]>();
    for (const m of await this.listModels()) {
      if (m.parent !== ZeroHash) children.set(m.parent, [...(children.get(m.parent) ?? []), m.id]);
    }
    // Each model has one parent, so lineages are trees; a child reached from two listed models (one an
    // ancestor of the other) is kept once, at its greater depth.
    const hops = new Map<string, { child: string; parent: string; depth: number }>();
    const visit = (parent: string, depth: number) => {
      for (const child of children.get(parent) ?? []) {
        if ((hops.get(child)?.depth ?? -1) < depth) hops.set(child, { child, parent, depth });
        visit(child, depth + 1);
      }
    };
    for (const m of models) visit(m, 0);
    return [...hops.values()].sort((a, b) => b.depth - a.depth).map(({ child, parent }) => ({ child, parent }));
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

  /** Every registered model with its declaration, oldest first. */
  async listModels(): Promise<RegisteredModel[]> {
    const from = this.addresses.fromBlock ?? 0;
    const [registered, declared] = await Promise.all([
      this.models.queryFilter(this.models.filters.ModelRegistered(), from),
      this.models.queryFilter(this.models.filters.UsageDeclared(), from),
    ]);
    const usage = new Map(declared.map((e) => [e.args.id, e.args]));
    return registered.map((e) => {
      const declaration = usage.get(e.args.id);
      const datasets = declaration === undefined ? [] : [...declaration.datasets];
      const weights = declaration === undefined ? [] : [...declaration.weights];
      return {
        id: e.args.id,
        owner: e.args.owner,
        artifactHash: e.args.artifactHash,
        parent: e.args.parent,
        parentWeight: declaration?.parentWeight ?? 0n,
        totalWeight: declaration?.totalWeight ?? 0n,
        minRoyaltyBps: e.args.minRoyaltyBps,
        metadataURI: e.args.metadataURI,
        usage: datasets.map((dataset, i) => ({ dataset, weight: weights[i] })),
        blockNumber: e.blockNumber,
      };
    });
  }

  /** Every payout (optionally to one account), oldest first. */
  async listPayouts(account?: string): Promise<Payout[]> {
    const filter = this.vault.filters.RewardReleased(
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
    // Slots an upheld flag gave to the account (holders are not indexed: scan the rulings).
    for (const e of await this.datasets.queryFilter(this.datasets.filters.FlagUpheld(), from)) {
      e.args.holders.forEach((holder, index) => {
        if (getAddress(holder) === account) candidates.set(`${e.args.id}:${index}`, { dataset: e.args.id, index });
      });
    }
    // The registry is the authority on who holds a slot now (a share may have moved on since).
    const slots = [...candidates.values()];
    const holders = await Promise.all(slots.map((slot) => this.datasets.contributor(slot.dataset, slot.index)));
    return slots.filter((_, i) => getAddress(holders[i].account) === account);
  }

  private async declarationsByDataset(): Promise<Map<string, string[]>> {
    const events = await this.models.queryFilter(this.models.filters.UsageDeclared(), this.addresses.fromBlock ?? 0);
    const byDataset = new Map<string, string[]>();
    for (const e of events) for (const d of e.args.datasets) byDataset.set(d, [...(byDataset.get(d) ?? []), e.args.id]);
    return byDataset;
  }
}
