/**
 * The indexer's HTTP answers (indexer/src/api), one set of types for the server and its clients. Each
 * answer is declared once, as the body a route builds (`…Body`, amounts as bigint); what a client reads is
 * its wire form, `Json<…Body>` (every bigint a decimal string: JSON has no bigint). The indexer's `reply`
 * takes only a declared body, so a route cannot answer a field its clients do not know of.
 */
import type { DeploymentAddresses, TokenVault } from "./record.js";
import { address, bytes32, hexBytes, int, uintString, z } from "./schema.js";
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

/**
 * A 503 while the indexer is indexing the chain's history: how far it has got. Routes whose answers would be about
 * a past block (an account's money, a dataset's earnings, a model's payers, a handle's slots) answer this instead.
 */
export interface CatchingUpBody extends ErrorBody {
  indexed: { number: bigint; timestamp: bigint };
}
export type CatchingUp = Json<CatchingUpBody>;

/**
 * `GET /sync`: whether the indexer is following the chain. `indexed` is the block its tables are true at; `head`
 * the node's newest block (null where the node did not answer within its bound); 200 when the history is in and
 * the indexer is at most `staleAfter` blocks behind, else 503 with `reason`.
 */
export interface SyncBody {
  ready: boolean;
  indexed: { number: bigint; timestamp: bigint };
  head: { number: bigint } | null;
  behind: bigint | null;
  staleAfter: bigint;
  stale: boolean;
  reason?: string;
}
export type SyncInfo = Json<SyncBody>;

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
  /** The models that declared it, each with its ancestors (nearest first, the model's parent excluded, down to the base model). */
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
  /**
   * Per token: claimed, owed, claimable (the vaults' views), `claimPays` (what a claim of everything pays now: the
   * views plus what the royalty forwards it sends first add) and earned.
   */
  tokens: {
    token: string;
    vault: string;
    claimed: bigint;
    owed: bigint;
    claimable: bigint;
    claimPays: bigint;
    earned: bigint;
  }[];
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
  /** The `offset` of the next page (`?limit=&offset=`, up to 1,000 rows of each list), where there is one. */
  next?: number;
}
export type DatasetEarnings = Json<DatasetEarningsBody>;

/** `GET /models/:id/payers`: who paid a model, per token, largest first. */
export interface ModelPayersBody {
  model: string;
  payers: { payer: string; token: string; amount: bigint; deposits: number; lastBlock: bigint }[];
  /** The `offset` of the next page (`?limit=&offset=`), where there is one. */
  next?: number;
}
export type ModelPayers = Json<ModelPayersBody>;

/** Where an identity slot stands: no wallet yet, a binding waiting out its veto window, bound, or swept. */
export type SlotStandingName = "unbound" | "pending" | "bound" | "swept";

/** One slot a handle holds in a crowd dataset, with what it earned and what its person does next. */
export interface IdentitySlotBody {
  dataset: `0x${string}`;
  index: number;
  shares: bigint;
  totalShares: bigint;
  standing: SlotStandingName;
  /** The wallet that holds the slot now (bound, or the fallback after a sweep), or the pending binding's. */
  account: `0x${string}` | null;
  /** When a pending binding can be completed (seconds). */
  effectiveAt: bigint | null;
  /** The dataset's deadline for unbound slots (seconds). */
  deadline: bigint;
  /** Earned and not yet paid out, per token and model. */
  owed: { token: `0x${string}`; model: `0x${string}`; amount: bigint }[];
  /** What to do next, in plain words. */
  next: string;
}

/** `GET /identities/:handle`: a person's slots in every crowd dataset whose tree the indexer has. */
export interface IdentityBody {
  handle: string;
  asOf: AsOfBody;
  slots: IdentitySlotBody[];
  totals: { token: `0x${string}`; amount: bigint }[];
}
export type IdentityView = Json<IdentityBody>;

/** `GET /datasets/:id/slots/:index/proof`: a tree slot's leaf and proof, ready for `ShareTrees`. */
export interface SlotProofBody {
  dataset: `0x${string}`;
  index: number;
  account: `0x${string}`;
  identity: `0x${string}`;
  shares: bigint;
  hashes: `0x${string}`[];
  sums: `0x${string}`;
  tree: {
    root: `0x${string}`;
    slotCount: bigint;
    totalShares: bigint;
    deadline: bigint;
    fallbackAccount: `0x${string}`;
    keepsEarning: boolean;
  };
}
export type SlotProofJson = Json<SlotProofBody>;

/** `GET /datasets/:id/slots?holder=…`: the slots a holder (an address or a handle) has in a crowd dataset. */
export interface TreeSlotsBody {
  dataset: `0x${string}`;
  holder: string;
  indexes: number[];
}

/** The indexer's slot proof, by schema: the SDK sends what it read only after this and a local check. */
export const slotProofSchema = z.looseObject({
  dataset: bytes32,
  index: int(0, 0xffffffff),
  account: address,
  identity: bytes32,
  shares: uintString(32, 1n),
  hashes: z.array(bytes32).max(32),
  sums: hexBytes(),
  tree: z.looseObject({
    root: bytes32,
    slotCount: uintString(40, 1n),
    totalShares: uintString(40, 1n),
    deadline: uintString(40),
    fallbackAccount: address,
    keepsEarning: z.boolean(),
  }),
});

/** The indexer's list of a holder's slots, by schema. */
export const treeSlotsSchema = z.looseObject({
  dataset: bytes32,
  indexes: z.array(int(0, 0xffffffff)).max(1_000_000),
});
