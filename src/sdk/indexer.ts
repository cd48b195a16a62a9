/**
 * Reads from the DataDividends indexer (indexer/, Ponder) instead of scanning logs: what an account
 * is owed, edge by edge, and the lineage hops that feed those edges. Every request is bounded.
 */
import { getAddress } from "ethers";

import { claimableResponseSchema, slotProofSchema, treeSlotsSchema, type ClaimableResponse } from "../protocol/api.js";
import { parseInput } from "../protocol/schema.js";
import type { ClaimableEdge, ClaimableReport } from "./types.js";
import type { ClientContext } from "./context.js";
import { totalsOf } from "./totals.js";
import { DataDividendsError } from "../protocol/errors.js";
import type { DatasetId, ModelId } from "../protocol/ids.js";
import type { ShareTreeSource } from "./actions/share-trees.js";

export const DEFAULT_INDEXER_TIMEOUT_MS = 10_000;

/** What the indexer says `account` is owed, plus the (child, parent) hops under the models it is owed through. */
export interface IndexedReport {
  report: ClaimableReport;
  lineage: { id: ModelId; parent: ModelId }[];
  /** The block the indexer's answer is as of (the API's `AsOf`, as bigints). */
  asOf: { number: bigint; timestamp: bigint; clock: bigint };
}

/** GET `path` from the indexer, as JSON; any failure is an `INDEXER_UNAVAILABLE` error naming the URL. */
export async function fromIndexer<T>(base: string, path: string, timeoutMs = DEFAULT_INDEXER_TIMEOUT_MS): Promise<T> {
  const url = new URL(path, base.endsWith("/") ? base : `${base}/`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  } catch (error) {
    const why =
      (error as Error).name === "TimeoutError" ? `did not answer within ${timeoutMs} ms` : "cannot be reached";
    throw new DataDividendsError(
      "INDEXER_UNAVAILABLE",
      `the indexer at ${base} ${why} (is \`npm run indexer\` running?); leave the indexer out to read from the node instead`,
      { cause: error },
    );
  }
  const text = await response.text();
  if (!response.ok) {
    const detail = /"error":"([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 200);
    throw new DataDividendsError(
      "INDEXER_UNAVAILABLE",
      `the indexer at ${base} answered ${response.status} for ${url.pathname}: ${detail}`,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new DataDividendsError(
      "INDEXER_UNAVAILABLE",
      `the indexer at ${base} answered ${url.pathname} with something other than JSON`,
      {
        cause: error,
      },
    );
  }
}

/** `claimable` through the indexer, checked to be about this client's deployment. */
export async function indexedClaimable(ctx: ClientContext, indexer: string, account: string): Promise<IndexedReport> {
  const who = getAddress(account);
  const path = `accounts/${who}/claimable`;
  const answer = await fromIndexer<unknown>(indexer, path, ctx.options.indexerTimeoutMs);
  // An answer of another shape (another version, a proxy's page) is refused before anything acts on it.
  let body: ClaimableResponse;
  try {
    body = parseInput(claimableResponseSchema, answer, `the indexer at ${indexer} (/${path})`);
  } catch (error) {
    throw new DataDividendsError("INDEXER_UNAVAILABLE", (error as Error).message, { cause: error });
  }
  // An indexer of another deployment (or chain) would answer with confident, wrong amounts.
  const ours = ctx.allVaults.map((v) => `${v.vault.target as string}`.toLowerCase()).sort();
  const theirs = body.vaults.map((v) => v.vault.toLowerCase()).sort();
  if (ours.join() !== theirs.join()) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the indexer at ${indexer} indexes the vaults ${theirs.join(", ") || "(none)"}, not this deployment's ${ours.join(", ")}`,
    );
  }
  const edges = body.edges.map((e): ClaimableEdge => ({
    token: getAddress(e.token),
    model: e.model as ModelId,
    dataset: e.dataset as DatasetId,
    index: e.index,
    released: BigInt(e.released),
    owed: BigInt(e.owed),
    claimable: BigInt(e.claimable),
    fromForwards: 0n,
    state: e.state,
  }));
  return {
    report: { account: who, edges, totals: totalsOf(ctx.allVaults, edges) },
    lineage: body.lineage.map((h) => ({ id: h.child as ModelId, parent: h.parent as ModelId })),
    asOf: { number: BigInt(body.asOf.number), timestamp: BigInt(body.asOf.timestamp), clock: BigInt(body.asOf.clock) },
  };
}

/**
 * A crowd dataset's tree as the indexer serves it from the published tree file: a `ShareTreeSource` for
 * `claimTreeSlots`, `proposeBinding` and `sweepSlots`, so nobody handles a proof or the file. Every answer is
 * parsed by schema, and each proof is checked against the registered root before anything is sent.
 *
 * @example
 * const tree = await indexerTreeSource("http://127.0.0.1:42069", dataset);
 * await dd.claimTreeSlots(dataset, tree, account);
 */
export async function indexerTreeSource(
  base: string,
  dataset: DatasetId,
  timeoutMs = DEFAULT_INDEXER_TIMEOUT_MS,
): Promise<ShareTreeSource> {
  const at = (path: string) => fromIndexer<unknown>(base, path, timeoutMs);
  const cache = new Map<number, ReturnType<typeof parseSlot>>();
  const parseSlot = (json: unknown, index: number) =>
    parseInput(slotProofSchema, json, `${base} slot ${index} of ${dataset}`);
  const proofOf = async (index: number) => {
    let found = cache.get(index);
    if (found === undefined) {
      found = parseSlot(await at(`datasets/${dataset}/slots/${index}/proof`), index);
      cache.set(index, found);
    }
    return found;
  };
  const first = await proofOf(0);
  return {
    root: first.tree.root,
    slotCount: Number(first.tree.slotCount),
    totalShares: first.tree.totalShares,
    async find(holder: string) {
      const json = await at(`datasets/${dataset}/slots?holder=${encodeURIComponent(holder)}`);
      return parseInput(treeSlotsSchema, json, `${base} slots of ${holder}`).indexes;
    },
    async slot(index: number) {
      const p = await proofOf(index);
      return { index, shares: p.shares, leaf: { account: p.account, identity: p.identity, shares: p.shares } };
    },
    async proof(index: number) {
      const p = await proofOf(index);
      return { hashes: p.hashes, sums: p.sums };
    },
  };
}
