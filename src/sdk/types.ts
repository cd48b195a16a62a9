/**
 * The types every part of the SDK shares: where a deployment lives, how the client waits, and where
 * pending commitments are kept. Each action's own parameters and result live beside the action.
 */

import type { DatasetId, ModelId } from "../protocol/ids.js";
import type { DeploymentAddresses, TokenVault } from "../protocol/record.js";
import type { EdgeState } from "../protocol/standing.js";

/**
 * Where a deployment lives: the bundled reward token and its vault (`token`, `vault`), both registries, the
 * vaults of other reward tokens (`vaults`) and the deployment block (`fromBlock`, to bound log scans). The
 * one address shape of every layer (`DeploymentAddresses` in the rulebook).
 */
export type DataDividendsAddresses = DeploymentAddresses;
export type { TokenVault };

/** How the client waits for its transactions. */
export interface ClientOptions {
  /** Blocks a transaction must have (1: mined). Default 1. */
  confirmations?: number;
  /** Give up waiting for a transaction after this long, in milliseconds. Default 5 minutes. */
  txTimeoutMs?: number;
  /**
   * The DataDividends indexer's URL (`npm run indexer`, e.g. `http://127.0.0.1:42069`). Given, `claimable`
   * and `claimAll` read what is owed from it instead of scanning every registration log from the
   * deployment block; the amounts are the vaults' own (`claimAll` still simulates before it sends).
   */
  indexer?: string;
  /** Give up on an indexer request after this long, in milliseconds. Default 10 s. */
  indexerTimeoutMs?: number;
}

export const DEFAULT_TX_TIMEOUT_MS = 300_000;

/** How to wait for blocks (commit delays, provisional windows). */
export interface WaitOptions {
  /**
   * How to let `blocks` blocks pass during the commit delay. Default: wait for the chain to produce
   * them. Development chains can mine instead: `(n) => mineBlocks((m, p) => provider.send(m, p), n)`
   * (`mineBlocks` mines real blocks an indexer can follow, unlike one long `hardhat_mine`).
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

/** One (model, dataset, share) edge an account holds in one token's vault, and what it has taken and may take. */
export interface ClaimableEdge {
  /** The reward token this edge pays in. */
  token: string;
  model: ModelId;
  dataset: DatasetId;
  index: number;
  released: bigint;
  /** Earned and not yet taken, whether or not it can be paid now. */
  owed: bigint;
  /** What a claim pays now (0 while frozen or cooling off), the lineage forwards it sends first included. */
  claimable: bigint;
  /** The part of `claimable` that the claim's lineage forwards bring (0 with nothing to forward). */
  fromForwards: bigint;
  /** Whether its dataset's slots pay now (the rulebook's `edgeState`), whatever it owes. */
  state: EdgeState;
}

export interface TokenAmount {
  token: string;
  amount: bigint;
}

export interface ClaimableReport {
  account: string;
  edges: ClaimableEdge[];
  /** What a claim pays now, per reward token: one entry per vault of the deployment, in its order. */
  totals: TokenAmount[];
}
