/**
 * The indexer's HTTP answers (indexer/src/api), as the SDK and the dashboard read them: one set of types
 * for the server and both clients. Amounts, block numbers and timestamps are decimal strings (JSON has no
 * bigint).
 */
import type { DeploymentAddresses, TokenVault } from "./record.js";
import type { EdgeState } from "./standing.js";

/** A decimal string of a bigint. */
export type Decimal = string;

/** One reward token of the deployment. */
export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
}

/** `GET /deployment`: the chain, the addresses (as the SDK's `DataDividendsAddresses`) and each token. */
export interface DeploymentInfo {
  chainId: number;
  addresses: DeploymentAddresses & { vaults: TokenVault[]; fromBlock: number };
  tokens: TokenInfo[];
}

/** One (vault, model, dataset, share) edge an account holds, as the vault's views would answer at `asOf`. */
export interface ClaimableEdgeJson {
  token: string;
  vault: string;
  model: string;
  dataset: string;
  index: number;
  released: Decimal;
  owed: Decimal;
  claimable: Decimal;
  state: EdgeState;
}

/** `GET /accounts/:account/claimable`: what the vaults owe `account`, and the hops a claim forwards first. */
/**
 * The block an answer is as of, and the registry clock at it (`DatasetRegistry.clock()`: the blocks in which
 * registration was not paused), in which `provisionalUntil` is counted.
 */
export interface AsOf {
  number: Decimal;
  timestamp: Decimal;
  clock: Decimal;
}

export interface ClaimableResponse {
  account: string;
  asOf: AsOf;
  /** Every vault the answer covers, the bundled token's first (what `allVaults` lists). */
  vaults: TokenVault[];
  edges: ClaimableEdgeJson[];
  totals: { token: string; amount: Decimal }[];
  /** Every (child, parent) hop below the models of `edges`, deepest first (the rulebook's `forwardsInto`). */
  lineage: { child: string; parent: string }[];
}

/** A dataset's earnings over time in one token. */
export interface EarningsLine {
  token: string;
  dataset: string;
  points: { timestamp: Decimal; block: Decimal; earned: Decimal }[];
}

/** `GET /accounts/:account`: the contributor's view the dashboard draws. */
export interface AccountView {
  account: string;
  asOf: AsOf;
  tokens: { token: string; claimed: Decimal; owed: Decimal; claimable: Decimal; earned: Decimal }[];
  datasets: {
    id: string;
    status: string;
    metadataURI: string;
    provisionalUntil: Decimal;
    payableFrom: Decimal;
    openDispute: { openedAt: Decimal; evidenceURI: string } | null;
    disputes: { status: string }[];
    slots: { index: number; shares: Decimal; totalShares: Decimal }[];
    models: {
      id: string;
      metadataURI: string;
      weight: Decimal;
      totalWeight: Decimal;
      parent: string | null;
      ancestors: string[];
    }[];
  }[];
  payments: {
    token: string;
    amount: Decimal;
    timestamp: Decimal;
    transaction: string;
    path: {
      fedBy: { model: string; forwarded: Decimal }[];
      model: string;
      dataset: string;
      /** Null where the indexer no longer finds the edge's weights or the slot's shares. */
      weight: Decimal | null;
      totalWeight: Decimal | null;
      index: number;
      shares: Decimal | null;
      totalShares: Decimal | null;
    };
  }[];
  history: EarningsLine[];
}
