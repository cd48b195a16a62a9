/**
 * The indexer's HTTP answers (indexer/src/api), one set of types for the server and its clients. Each
 * answer is declared once, as the body a route builds (`…Body`, amounts as bigint); what a client reads is
 * its wire form, `Json<…Body>` (every bigint a decimal string: JSON has no bigint). The indexer's `reply`
 * takes only a declared body, so a route cannot answer a field its clients do not know of.
 */
import type { DeploymentAddresses, TokenVault } from "./record.js";
import { z } from "./schema.js";
import type { EdgeState } from "./standing.js";

/** A decimal string of a bigint. */
export type Decimal = string;

/** The wire form of a body: every bigint a decimal string, everything else as it is. */
export type Json<T> = T extends bigint
  ? Decimal
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Json<T[K]> }
      : T;

/** An error answer (400, 404): one line naming the bad input. */
export interface ErrorBody {
  error: string;
}

/** One reward token of the deployment. */
export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
}

/** `GET /deployment`: the chain, the addresses (the one address shape, `DeploymentAddresses`) and each token. */
export interface DeploymentBody {
  chainId: number;
  addresses: DeploymentAddresses & { vaults: TokenVault[]; fromBlock: number };
  tokens: TokenInfo[];
}
export type DeploymentInfo = Json<DeploymentBody>;

/**
 * The block an answer is as of, and the registry clock at it (`DatasetRegistry.clock()`: the blocks in which
 * registration was not paused), in which `provisionalUntil` is counted.
 */
export interface AsOfBody {
  number: bigint;
  timestamp: bigint;
  clock: bigint;
}
export type AsOf = Json<AsOfBody>;

/** One (vault, model, dataset, share) edge an account holds, as the vault's views would answer at `asOf`. */
export interface ClaimableEdgeBody {
  token: string;
  vault: string;
  model: string;
  dataset: string;
  index: number;
  released: bigint;
  owed: bigint;
  claimable: bigint;
  state: EdgeState;
}
export type ClaimableEdgeJson = Json<ClaimableEdgeBody>;

/** `GET /accounts/:account/claimable`: what the vaults owe `account`, and the hops a claim forwards first. */
export interface ClaimableBody {
  account: string;
  asOf: AsOfBody;
  /** Every vault the answer covers, the bundled token's first (what `allVaults` lists). */
  vaults: TokenVault[];
  edges: ClaimableEdgeBody[];
  totals: { token: string; amount: bigint }[];
  /** Every (child, parent) hop below the models of `edges`, deepest first (the rulebook's `forwardsInto`). */
  lineage: { child: string; parent: string }[];
}
export type ClaimableResponse = Json<ClaimableBody>;

const decimal = z.string().regex(/^\d+$/, "expected a whole number as a decimal string");
const hex = z.string().regex(/^0x[0-9a-fA-F]*$/, "expected hex (0x…)");

/**
 * `ClaimableResponse` by schema, for a client to check an indexer's answer before it acts on it (the SDK does):
 * held to the type by `SameAs` below, so the two cannot drift.
 */
export const claimableResponseSchema = z.object({
  account: hex,
  asOf: z.object({ number: decimal, timestamp: decimal, clock: decimal }),
  vaults: z.array(z.object({ token: hex, vault: hex })),
  edges: z.array(
    z.object({
      token: hex,
      vault: hex,
      model: hex,
      dataset: hex,
      index: z.number().int().min(0),
      released: decimal,
      owed: decimal,
      claimable: decimal,
      state: z.enum(["payable", "frozen", "cooling-off"]),
    }),
  ),
  totals: z.array(z.object({ token: hex, amount: decimal })),
  lineage: z.array(z.object({ child: hex, parent: hex })),
});

/** Compiles only where the schema's output and the declared type are the same. */
type SameAs<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _claimableSchemaIsTheType: SameAs<z.output<typeof claimableResponseSchema>, ClaimableResponse> = true;
void _claimableSchemaIsTheType;

/** A dataset's earnings over time in one token. */
export interface EarningsLineBody {
  token: string;
  dataset: string;
  points: { timestamp: bigint; block: bigint; earned: bigint }[];
}
export type EarningsLine = Json<EarningsLineBody>;

/** What the dashboard says of a dataset: the rulebook's edge state, told apart further for people. */
export type DatasetViewStatus = "frozen" | "provisional" | "retired" | "cooling-off" | "reassigned" | "active";

/** A flag on a dataset, as the contributor's view shows it. */
export interface DisputeViewBody {
  number: bigint;
  challenger: string;
  reason: number;
  status: string;
  evidenceURI: string;
  openedAt: bigint;
  executableAt: bigint | null;
}

/** A dataset one of the account's share slots is in. */
export interface DatasetViewBody {
  id: string;
  registrant: string;
  metadataURI: string;
  status: DatasetViewStatus;
  state: EdgeState;
  provisionalUntil: bigint;
  payableFrom: bigint;
  /** The flag open on it now (or upheld and waiting out its appeal window), if any. */
  openDispute: DisputeViewBody | null;
  disputes: DisputeViewBody[];
  /** The account's slots in it. */
  slots: { index: number; shares: bigint; totalShares: bigint }[];
  /** The models that declared it, each with its ancestors (nearest first, the model's parent excluded). */
  models: {
    id: string;
    owner: string;
    metadataURI: string;
    weight: bigint;
    totalWeight: bigint;
    parent: string | null;
    ancestors: string[];
  }[];
}

/** A payment the account received, and the path it came by. */
export interface PaymentViewBody {
  token: string;
  vault: string;
  amount: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transaction: string;
  path: {
    /** The derived models whose royalties were forwarded into `model`'s pool before the payment. */
    fedBy: { model: string; forwarded: bigint }[];
    model: string;
    parent: string | null;
    dataset: string;
    /** Null where the indexer no longer finds the edge's weights or the slot's shares. */
    weight: bigint | null;
    totalWeight: bigint | null;
    index: number;
    shares: bigint | null;
    totalShares: bigint | null;
  };
}

/** `GET /accounts/:account`: the contributor's view the dashboard draws. */
export interface AccountBody {
  account: string;
  asOf: AsOfBody;
  /** The registry's claim cooling-off, in seconds. */
  claimDelay: bigint;
  tokens: { token: string; vault: string; claimed: bigint; owed: bigint; claimable: bigint; earned: bigint }[];
  datasets: DatasetViewBody[];
  edges: ClaimableEdgeBody[];
  payments: PaymentViewBody[];
  history: EarningsLineBody[];
}
export type AccountView = Json<AccountBody>;

/** `GET /datasets/:id/earnings`: what each inflow credited a dataset, and each claim released from it. */
export interface DatasetEarningsBody {
  dataset: { id: string; registrant: string; metadataURI: string; totalShares: bigint; registeredAt: bigint };
  credited: {
    vault: string;
    token: string;
    model: string;
    source: "deposit" | "forward";
    amount: bigint;
    credited: bigint;
    blockNumber: bigint;
    timestamp: bigint;
    transaction: string;
  }[];
  releases: {
    vault: string;
    model: string;
    index: number;
    account: string;
    amount: bigint;
    blockNumber: bigint;
    timestamp: bigint;
    transaction: string;
  }[];
}
export type DatasetEarnings = Json<DatasetEarningsBody>;

/** `GET /models/:id/payers`: who paid a model, per token, largest first. */
export interface ModelPayersBody {
  model: string;
  payers: { payer: string; token: string; amount: bigint; deposits: number; lastBlock: bigint }[];
}
export type ModelPayers = Json<ModelPayersBody>;
