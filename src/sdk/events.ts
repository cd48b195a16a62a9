/**
 * The deployment's history, read from its events alone (as an indexer would), cached between calls:
 * each read scans only the blocks since the last, and keeps only blocks a reorganisation can no
 * longer touch (`REORG_DEPTH` below the head); the newest blocks are rescanned every time.
 */
import { ZeroHash, getAddress } from "ethers";

import type { DatasetRegistry, ModelRegistry, ShareTrees } from "../typechain.js";
import { DataDividendsError } from "../protocol/errors.js";
import type { DatasetId, ModelId } from "../protocol/ids.js";

/** A registration as its `DatasetRegistered` event tells it. */
export interface RegisteredDataset {
  id: DatasetId;
  registrant: string;
  metadataURI: string;
  contributors: string[];
  shares: bigint[];
  blockNumber: number;
}

/** A model and its declaration, as `ModelRegistered` and `UsageDeclared` tell them. */
export interface RegisteredModel {
  id: ModelId;
  owner: string;
  artifactHash: string;
  parent: ModelId | undefined;
  parentWeight: bigint;
  totalWeight: bigint;
  minRoyaltyBps: bigint;
  metadataURI: string;
  usage: { dataset: DatasetId; weight: bigint }[];
  blockNumber: number;
}

/** A share slot given to `account`: moved to it, or assigned by an upheld flag. */
interface SlotGrant {
  dataset: DatasetId;
  index: number;
  account: string;
}

interface Declaration {
  datasets: DatasetId[];
  weights: bigint[];
  parentWeight: bigint;
  totalWeight: bigint;
}

/** A share-tree dataset's terms, as its `ShareTreeRegistered` event tells them (what later calls pass again). */
export interface ShareTreeTerms {
  root: string;
  slotCount: bigint;
  totalShares: bigint;
  deadline: bigint;
  fallbackAccount: string;
  keepsEarning: boolean;
}

/** Everything scanned so far. */
export interface History {
  datasets: RegisteredDataset[];
  models: RegisteredModel[];
  /** Slots moved, ruled, proven, bound or swept to an account since registration, oldest first. */
  grants: SlotGrant[];
  /** Share-tree datasets' terms in force, by dataset (the latest registration's, or the tree a ruling installed). */
  trees: Map<DatasetId, ShareTreeTerms>;
}

interface Scan {
  datasets: RegisteredDataset[];
  models: Omit<RegisteredModel, "usage" | "parentWeight" | "totalWeight">[];
  declarations: Map<ModelId, Declaration>;
  grants: SlotGrant[];
  trees: Map<DatasetId, ShareTreeTerms>;
  /** Replacement trees named by arbiters, by `${dataset}:${disputeId}`. */
  named: Map<string, ShareTreeTerms>;
  /** Trees replaced by executed rulings, oldest first: each installs the terms named for its dispute. */
  replaced: { dataset: DatasetId; key: string }[];
}

/** Blocks below the head that are kept from one read to the next; newer ones are read again each time. */
export const REORG_DEPTH = 12;

export class EventIndex {
  private readonly cached: Scan = {
    datasets: [],
    models: [],
    declarations: new Map(),
    grants: [],
    trees: new Map(),
    named: new Map(),
    replaced: [],
  };
  private scannedTo: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly datasets: DatasetRegistry,
    private readonly models: ModelRegistry,
    private readonly shareTrees: ShareTrees,
    fromBlock: number,
  ) {
    this.scannedTo = fromBlock - 1;
  }

  /** The history up to the current head (one read at a time; each scans only what is new). */
  history(): Promise<History> {
    const next = this.queue.then(() => this.read());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<History> {
    const provider = this.datasets.runner?.provider;
    if (!provider) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        "the client has no provider to read events with: connect a signer with a provider",
      );
    }
    const head = await provider.getBlockNumber();
    const settled = head - REORG_DEPTH;
    if (settled > this.scannedTo) {
      merge(this.cached, await this.scan(this.scannedTo + 1, settled));
      this.scannedTo = settled;
    }
    const fresh = head > this.scannedTo ? await this.scan(this.scannedTo + 1, head) : undefined;
    const all: Scan =
      fresh === undefined
        ? this.cached
        : merge(
            {
              ...this.cached,
              datasets: [...this.cached.datasets],
              models: [...this.cached.models],
              declarations: new Map(this.cached.declarations),
              grants: [...this.cached.grants],
              trees: new Map(this.cached.trees),
              named: new Map(this.cached.named),
              replaced: [],
            },
            fresh,
          );
    return {
      datasets: all.datasets,
      grants: all.grants,
      trees: all.trees,
      models: all.models.map((m) => {
        const declared = all.declarations.get(m.id);
        return {
          ...m,
          parentWeight: declared?.parentWeight ?? 0n,
          totalWeight: declared?.totalWeight ?? 0n,
          usage: (declared?.datasets ?? []).map((dataset, i) => ({ dataset, weight: declared!.weights[i] })),
        };
      }),
    };
  }

  private async scan(from: number, to: number): Promise<Scan> {
    const trees = this.shareTrees;
    const [registered, moved, upheld, models, declared, treesRegistered, proven, bound, swept, named, replaced] =
      await Promise.all([
        this.datasets.queryFilter(this.datasets.filters.DatasetRegistered(), from, to),
        this.datasets.queryFilter(this.datasets.filters.ContributorMoved(), from, to),
        this.datasets.queryFilter(this.datasets.filters.FlagUpheld(), from, to),
        this.models.queryFilter(this.models.filters.ModelRegistered(), from, to),
        this.models.queryFilter(this.models.filters.UsageDeclared(), from, to),
        trees.queryFilter(trees.filters.ShareTreeRegistered(), from, to),
        trees.queryFilter(trees.filters.SlotProven(), from, to),
        trees.queryFilter(trees.filters.SlotBound(), from, to),
        trees.queryFilter(trees.filters.SlotSwept(), from, to),
        trees.queryFilter(trees.filters.ReplacementNamed(), from, to),
        trees.queryFilter(trees.filters.TreeReplaced(), from, to),
      ]);
    const treeGrants = [
      ...proven.map((e) => ({ e, account: e.args.account })),
      ...bound.map((e) => ({ e, account: e.args.account })),
      ...swept.map((e) => ({ e, account: e.args.fallbackAccount })),
    ].map(({ e, account }) => ({
      dataset: e.args.id as DatasetId,
      index: Number(e.args.index),
      account: getAddress(account),
      at: [e.blockNumber, e.index] as [number, number],
    }));
    const grants: (SlotGrant & { at: [number, number] })[] = [
      ...moved.map((e) => ({
        dataset: e.args.id as DatasetId,
        index: Number(e.args.index),
        account: getAddress(e.args.to),
        at: [e.blockNumber, e.index] as [number, number],
      })),
      ...upheld.flatMap((e) =>
        e.args.holders.map((holder, index) => ({
          dataset: e.args.id as DatasetId,
          index,
          account: getAddress(holder),
          at: [e.blockNumber, e.index] as [number, number],
        })),
      ),
      ...treeGrants,
    ].sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1]);
    return {
      datasets: registered.map((e) => ({
        id: e.args.id as DatasetId,
        registrant: e.args.registrant,
        metadataURI: e.args.metadataURI,
        contributors: [...e.args.contributors],
        shares: [...e.args.shares],
        blockNumber: e.blockNumber,
      })),
      models: models.map((e) => ({
        id: e.args.id as ModelId,
        owner: e.args.owner,
        artifactHash: e.args.artifactHash,
        parent: e.args.parent === ZeroHash ? undefined : (e.args.parent as ModelId),
        minRoyaltyBps: e.args.minRoyaltyBps,
        metadataURI: e.args.metadataURI,
        blockNumber: e.blockNumber,
      })),
      declarations: new Map(
        declared.map((e) => [
          e.args.id as ModelId,
          {
            datasets: e.args.datasets.map((d) => d as DatasetId),
            weights: [...e.args.weights],
            parentWeight: e.args.parentWeight,
            totalWeight: e.args.totalWeight,
          },
        ]),
      ),
      grants: grants.map(({ dataset, index, account }) => ({ dataset, index, account })),
      trees: new Map(treesRegistered.map((e) => [e.args.id as DatasetId, termsOf(e.args)])),
      named: new Map(named.map((e) => [`${e.args.id}:${e.args.disputeId}`, termsOf(e.args)])),
      replaced: replaced.map((e) => ({ dataset: e.args.id as DatasetId, key: `${e.args.id}:${e.args.disputeId}` })),
    };
  }
}

function merge(into: Scan, scan: Scan): Scan {
  into.datasets.push(...scan.datasets);
  into.models.push(...scan.models);
  for (const [id, d] of scan.declarations) into.declarations.set(id, d);
  into.grants.push(...scan.grants);
  for (const [id, t] of scan.trees) into.trees.set(id, t);
  for (const [key, t] of scan.named) into.named.set(key, t);
  // A ruling installs the tree named for it while its dispute was open (so always in this scan or an earlier one).
  for (const { dataset, key } of scan.replaced) {
    const terms = into.named.get(key);
    if (terms !== undefined) into.trees.set(dataset, terms);
  }
  return into;
}

/** Tree terms as `ShareTreeRegistered` and `ReplacementNamed` give them. */
function termsOf(args: ShareTreeTerms): ShareTreeTerms {
  return {
    root: args.root,
    slotCount: args.slotCount,
    totalShares: args.totalShares,
    deadline: args.deadline,
    fallbackAccount: getAddress(args.fallbackAccount),
    keepsEarning: args.keepsEarning,
  };
}
