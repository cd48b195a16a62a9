/**
 * Everything the contracts' events say, as tables. Every row comes from events alone (plus the
 * registry's immutable `claimDelay`, read once); the HTTP routes compute what is owed from these.
 * Amounts are `bigint` (numeric(78)), addresses and IDs lower-case hex.
 */
import { index, onchainTable, primaryKey, relations } from "ponder";

/** One row per contract setting the routes need: the dataset registry's claim delay. */
/** The registry's settings, from its RegistrySettings event (emitted once, at deployment). */
export const settings = onchainTable("settings", (t) => ({
  id: t.text().primaryKey(),
  /** The dataset registry's address (its pauses drive the registry clock). */
  registry: t.hex().notNull(),
  commitDelay: t.bigint().notNull(),
  commitWindow: t.bigint().notNull(),
  claimDelay: t.bigint().notNull(),
  flagBond: t.bigint().notNull(),
  disputeTimeout: t.bigint().notNull(),
  appealWindow: t.bigint().notNull(),
}));

export const dataset = onchainTable(
  "dataset",
  (t) => ({
    id: t.hex().primaryKey(),
    registrant: t.hex().notNull(),
    metadataURI: t.text().notNull(),
    contributorCount: t.integer().notNull(),
    totalShares: t.bigint().notNull(),
    /** Last block in which an older commitment may still replace it (0: final at once). */
    provisionalUntil: t.bigint().notNull(),
    registeredAt: t.bigint().notNull(),
    registeredBlock: t.bigint().notNull(),
    frozen: t.boolean().notNull(),
    retired: t.boolean().notNull(),
    /** An upheld flag gave its shares to other holders. */
    reassigned: t.boolean().notNull(),
    displacements: t.integer().notNull(),
  }),
  (table) => ({ registrantIndex: index().on(table.registrant) }),
);

/** Share slot `index` of a dataset and who holds it now. */
export const share = onchainTable(
  "share",
  (t) => ({
    dataset: t.hex().notNull(),
    index: t.bigint().notNull(),
    account: t.hex().notNull(),
    shares: t.bigint().notNull(),
    totalShares: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.dataset, table.index] }), accountIndex: index().on(table.account) }),
);

/** A share-tree dataset's terms, as its `ShareTreeRegistered` says them (the latest registration's). */
export const shareTree = onchainTable("share_tree", (t) => ({
  id: t.hex().primaryKey(),
  root: t.hex().notNull(),
  slotCount: t.bigint().notNull(),
  totalShares: t.bigint().notNull(),
  deadline: t.bigint().notNull(),
  fallbackAccount: t.hex().notNull(),
  keepsEarning: t.boolean().notNull(),
}));

/** A tree an arbiter named for a dispute on a share-tree dataset, installed when that ruling is executed. */
export const treeReplacement = onchainTable("tree_replacement", (t) => ({
  /** `${dataset}:${disputeId}` */
  id: t.text().primaryKey(),
  dataset: t.hex().notNull(),
  disputeId: t.bigint().notNull(),
  root: t.hex().notNull(),
  slotCount: t.bigint().notNull(),
  totalShares: t.bigint().notNull(),
  deadline: t.bigint().notNull(),
  fallbackAccount: t.hex().notNull(),
  keepsEarning: t.boolean().notNull(),
  installed: t.boolean().notNull(),
}));

/** An identity slot's binding: proposed, then vetoed or bound (one row per slot, the latest attempt). */
export const binding = onchainTable(
  "binding",
  (t) => ({
    dataset: t.hex().notNull(),
    index: t.bigint().notNull(),
    identity: t.hex().notNull(),
    account: t.hex().notNull(),
    attester: t.hex().notNull(),
    effectiveAt: t.bigint().notNull(),
    /** "pending", "vetoed" or "bound". */
    state: t.text().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.dataset, table.index] }) }),
);

/** Every change of a slot's holder: a move by its holder, or a ruling. */
export const shareMove = onchainTable(
  "share_move",
  (t) => ({
    id: t.text().primaryKey(),
    dataset: t.hex().notNull(),
    index: t.bigint().notNull(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    cause: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transaction: t.hex().notNull(),
  }),
  (table) => ({ datasetIndex: index().on(table.dataset), toIndex: index().on(table.to) }),
);

/**
 * A commitment, as `RegistrationCommitted` tells it. Who sent it is not recorded: the commitment binds its
 * registrant inside the hash, and the transaction's sender is a relayer, a batcher or a smart wallet as often
 * as the registrant, so no sender an indexer could read would be the truth.
 */
export const commitment = onchainTable("commitment", (t) => ({
  id: t.hex().primaryKey(),
  /** The block the commitment was (last) made in. */
  blockNumber: t.bigint().notNull(),
  /** The registration whose reveal consumed it (DatasetRegistered's `commitment`), if any yet. */
  consumedBy: t.hex(),
  consumedBlock: t.bigint(),
}));

export const displacement = onchainTable("displacement", (t) => ({
  id: t.text().primaryKey(),
  dataset: t.hex().notNull(),
  displaced: t.hex().notNull(),
  registrant: t.hex().notNull(),
  blockNumber: t.bigint().notNull(),
}));

export const dispute = onchainTable(
  "dispute",
  (t) => ({
    id: t.text().primaryKey(),
    dataset: t.hex().notNull(),
    /** The dispute's number on its dataset (rulings name it). */
    number: t.bigint().notNull(),
    challenger: t.hex().notNull(),
    reason: t.integer().notNull(),
    /** Every bond posted on it: the opener's and each joiner's. */
    bond: t.bigint().notNull(),
    joiners: t.integer().notNull(),
    evidenceURI: t.text().notNull(),
    openedAt: t.bigint().notNull(),
    /** open, upheld (waiting out its appeal window), executed, dismissed or expired. */
    status: t.text().notNull(),
    arbiter: t.hex(),
    ruledAt: t.bigint(),
    /** An upheld ruling: when it may take effect, whether it was appealed, and what it names. */
    executableAt: t.bigint(),
    appealed: t.boolean().notNull(),
    rulingRegistrant: t.hex(),
    rulingHolders: t.json().$type<string[]>(),
  }),
  (table) => ({ datasetIndex: index().on(table.dataset) }),
);

/** Open disputes by dataset (at most one at a time), pointing at the `dispute` row. */
export const openDispute = onchainTable("open_dispute", (t) => ({
  dataset: t.hex().primaryKey(),
  dispute: t.text().notNull(),
}));

export const bondWithdrawal = onchainTable("bond_withdrawal", (t) => ({
  id: t.text().primaryKey(),
  account: t.hex().notNull(),
  to: t.hex().notNull(),
  amount: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
}));

export const model = onchainTable(
  "model",
  (t) => ({
    id: t.hex().primaryKey(),
    owner: t.hex().notNull(),
    parent: t.hex(),
    /** Its ancestors, nearest first (written at registration from the parent's row): a lineage in one read. */
    ancestors: t.hex().array().notNull(),
    artifactHash: t.hex().notNull(),
    minRoyaltyBps: t.bigint().notNull(),
    metadataURI: t.text().notNull(),
    parentWeight: t.bigint().notNull(),
    totalWeight: t.bigint().notNull(),
    registeredAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({
    parentIndex: index().on(table.parent),
    ownerIndex: index().on(table.owner),
    // `ancestors && {roots}`: every model below the roots in one indexed read (`descendants` in api/shared.ts).
    ancestorsIndex: index().using("gin", table.ancestors),
  }),
);

/** A model's declared weight for one dataset. */
export const usage = onchainTable(
  "usage",
  (t) => ({
    model: t.hex().notNull(),
    dataset: t.hex().notNull(),
    weight: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.model, table.dataset] }), datasetIndex: index().on(table.dataset) }),
);

export const vault = onchainTable("vault", (t) => ({
  id: t.hex().primaryKey(),
  token: t.hex().notNull(),
  /** Its place in the deployment record: the bundled token's vault is 0. */
  position: t.integer().notNull(),
}));

/** A model's pool in one vault: everything that entered it (deposits plus royalties forwarded in). */
export const pool = onchainTable(
  "pool",
  (t) => ({
    vault: t.hex().notNull(),
    model: t.hex().notNull(),
    inflow: t.bigint().notNull(),
    deposited: t.bigint().notNull(),
    forwardedIn: t.bigint().notNull(),
    forwardedOut: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.vault, table.model] }) }),
);

export const deposit = onchainTable(
  "deposit",
  (t) => ({
    id: t.text().primaryKey(),
    vault: t.hex().notNull(),
    model: t.hex().notNull(),
    payer: t.hex().notNull(),
    amount: t.bigint().notNull(),
    /** The model's pool inflow in this vault once this deposit was in: what a page of earnings is computed from. */
    inflowAfter: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transaction: t.hex().notNull(),
  }),
  (table) => ({ modelIndex: index().on(table.model), payerIndex: index().on(table.payer) }),
);

/** What one (model, dataset, share) edge has released so far, in one vault. */
export const edge = onchainTable(
  "edge",
  (t) => ({
    vault: t.hex().notNull(),
    model: t.hex().notNull(),
    dataset: t.hex().notNull(),
    index: t.bigint().notNull(),
    released: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.vault, table.model, table.dataset, table.index] }),
    // An account's edges are found through its shares (dataset, index).
    slotIndex: index().on(table.dataset, table.index),
  }),
);

export const release = onchainTable(
  "release",
  (t) => ({
    id: t.text().primaryKey(),
    vault: t.hex().notNull(),
    dataset: t.hex().notNull(),
    account: t.hex().notNull(),
    model: t.hex().notNull(),
    index: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transaction: t.hex().notNull(),
  }),
  (table) => ({ datasetIndex: index().on(table.dataset), accountIndex: index().on(table.account) }),
);

export const forward = onchainTable(
  "forward",
  (t) => ({
    id: t.text().primaryKey(),
    vault: t.hex().notNull(),
    child: t.hex().notNull(),
    parent: t.hex().notNull(),
    amount: t.bigint().notNull(),
    /** The parent's pool inflow in this vault once this forward was in. */
    parentInflowAfter: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transaction: t.hex().notNull(),
  }),
  (table) => ({ childIndex: index().on(table.child), parentIndex: index().on(table.parent) }),
);

/** Pauses of any DataDividends contract (the registries' registrations, a vault's deposits). */
export const pause = onchainTable("pause", (t) => ({
  contract: t.hex().primaryKey(),
  paused: t.boolean().notNull(),
  blockNumber: t.bigint().notNull(),
  /** The block of the latest pause, and the blocks spent paused before it: the registry clock (`registryClock`). */
  pausedAt: t.bigint().notNull(),
  pausedBlocks: t.bigint().notNull(),
}));

export const proposal = onchainTable("proposal", (t) => ({
  id: t.bigint().primaryKey(),
  proposer: t.hex().notNull(),
  description: t.text().notNull(),
  voteStart: t.bigint().notNull(),
  voteEnd: t.bigint().notNull(),
  /** created, queued, executed or canceled. */
  status: t.text().notNull(),
  eta: t.bigint(),
  forVotes: t.bigint().notNull(),
  againstVotes: t.bigint().notNull(),
  abstainVotes: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
}));

export const vote = onchainTable("vote", (t) => ({
  id: t.text().primaryKey(),
  proposal: t.bigint().notNull(),
  voter: t.hex().notNull(),
  support: t.integer().notNull(),
  weight: t.bigint().notNull(),
  reason: t.text().notNull(),
  blockNumber: t.bigint().notNull(),
}));

// A row's own `dataset`/`model` column holds the ID; its relation to the full row is `datasetRecord`/`modelRecord`
// (GraphQL has one namespace for both).
export const datasetRelations = relations(dataset, ({ many }) => ({
  shares: many(share),
  usages: many(usage),
  disputes: many(dispute),
  releases: many(release),
}));
export const shareRelations = relations(share, ({ one }) => ({
  datasetRecord: one(dataset, { fields: [share.dataset], references: [dataset.id] }),
}));
export const modelRelations = relations(model, ({ many }) => ({ usages: many(usage), deposits: many(deposit) }));
export const usageRelations = relations(usage, ({ one }) => ({
  modelRecord: one(model, { fields: [usage.model], references: [model.id] }),
  datasetRecord: one(dataset, { fields: [usage.dataset], references: [dataset.id] }),
}));
export const disputeRelations = relations(dispute, ({ one }) => ({
  datasetRecord: one(dataset, { fields: [dispute.dataset], references: [dataset.id] }),
}));
export const releaseRelations = relations(release, ({ one }) => ({
  datasetRecord: one(dataset, { fields: [release.dataset], references: [dataset.id] }),
}));
export const depositRelations = relations(deposit, ({ one }) => ({
  modelRecord: one(model, { fields: [deposit.model], references: [model.id] }),
}));
