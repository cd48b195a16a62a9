import { ZeroHash, getAddress, type Interface } from "ethers";

import type { ClientContext, VaultHandle } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import type { History } from "../events.js";
import type { DatasetId, ModelId } from "../../protocol/ids.js";
import { forwardsInto, hopsWorthSending, type Hop } from "../../protocol/lineage.js";
import { edgeState, isFrozen, type EdgeState } from "../../protocol/standing.js";
import { indexedClaimable } from "../indexer.js";
import { decodeRevert, decoding, toDataDividendsError } from "../revert.js";

export type { EdgeState };

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
  /** What a claim pays now (0 while frozen or cooling off). */
  claimable: bigint;
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

/** What one token's vault paid in a claim. */
export interface ClaimPayment {
  token: string;
  paid: bigint;
  /** Edges paid (from the receipts' `RewardReleased` events). */
  edges: number;
  /** Lineage hops forwarded in the same transaction before the claim. */
  forwards: number;
  transactions: string[];
}

export interface ClaimResult {
  account: string;
  /** One entry per vault that paid something; empty when nothing was owed (and nothing was sent). */
  payments: ClaimPayment[];
  transactions: string[];
}

export interface ForwardResult {
  parent: ModelId;
  /** What was forwarded, per reward token where something was. */
  forwarded: TokenAmount[];
  transactions: string[];
}

/** How many edges one claim transaction carries at most (keeps a claim well inside a block). */
export const MAX_EDGES_PER_CLAIM = 200;

/**
 * How many lineage forwards one transaction carries at most: 100 first forwards are about 6.1M gas
 * (bench/REPORT.md), so with a full claim batch a transaction stays far below the 2^24 gas cap per
 * transaction (EIP-7825). More hops go ahead in transactions of their own, deepest first.
 */
export const MAX_FORWARDS_PER_TRANSACTION = 100;

/** How many edges one read (a `multicall` simulated through `eth_call`) covers. */
const EDGES_PER_READ = 300;

interface Edge {
  model: ModelId;
  dataset: DatasetId;
  index: number;
}

/**
 * Every (model, dataset, share) edge `account` holds now, in every vault, with what each has released, owes
 * and pays now: from the indexer when the client has one (`ClientOptions.indexer`), else from the vaults'
 * views over the edges a scan of the registries' logs finds.
 */
export async function claimable(ctx: ClientContext, account: string): Promise<ClaimableReport> {
  if (ctx.options.indexer) return (await indexedClaimable(ctx, ctx.options.indexer, account)).report;
  return report(ctx, await ctx.events.history(), account);
}

/** Each model's parent, as far as the claim's forwards need it. */
type Lineage = readonly { id: ModelId; parent?: ModelId }[];

/** `claimable`, from a history already read (`claimAll` reads it once for the report and the lineage). */
async function report(ctx: ClientContext, history: History, account: string): Promise<ClaimableReport> {
  const who = getAddress(account);
  const slots = await sharesHeldBy(ctx, history, who);
  const declaredBy = new Map<DatasetId, ModelId[]>();
  for (const m of history.models)
    for (const u of m.usage) declaredBy.set(u.dataset, [...(declaredBy.get(u.dataset) ?? []), m.id]);
  const pairs = slots.flatMap(({ dataset, index }) =>
    (declaredBy.get(dataset) ?? []).map((model) => ({ model, dataset, index })),
  );
  const datasets = [...new Set(pairs.map((p) => p.dataset))];
  const [records, claimDelay, head, ...perVault] = await Promise.all([
    Promise.all(datasets.map((d) => ctx.datasets.dataset(d))),
    ctx.datasets.claimDelay(),
    ctx.provider.getBlock("latest"),
    ...ctx.vaults.map((v) => readEdges(v, pairs)),
  ]);
  if (head === null) throw new DataDividendsError("RPC_UNAVAILABLE", "the node returned no latest block");
  // The vaults' views answered at the head, so their standing is judged at its timestamp too.
  const now = BigInt(head.timestamp);
  const stateOf = new Map(
    datasets.map((d, i) => [
      d,
      edgeState({ frozen: isFrozen(records[i].flags), registeredAt: records[i].registeredAt }, claimDelay, now),
    ]),
  );
  const edges = ctx.vaults.flatMap((v, k) =>
    pairs.map((pair, i): ClaimableEdge => {
      const { released, owed, claimable } = perVault[k][i];
      return { token: v.token, ...pair, released, owed, claimable, state: stateOf.get(pair.dataset)! };
    }),
  );
  const totals = ctx.vaults.map((v) => ({
    token: v.token,
    amount: edges.filter((e) => e.token === v.token).reduce((s, e) => s + e.claimable, 0n),
  }));
  return { account: who, edges, totals };
}

/** `released`, `owed` and `claimable` of each edge in one vault, read in batches through its `multicall`. */
async function readEdges(
  { vault }: VaultHandle,
  edges: readonly Edge[],
): Promise<{ released: bigint; owed: bigint; claimable: bigint }[]> {
  const reads = ["released", "owed", "claimable"];
  // The plain Interface: its per-function overloads do not take the name as a variable.
  const abi: Interface = vault.interface;
  const chunks: Edge[][] = [];
  for (let i = 0; i < edges.length; i += EDGES_PER_READ) chunks.push(edges.slice(i, i + EDGES_PER_READ));
  const results = await Promise.all(
    chunks.map(async (chunk) => {
      const calls = chunk.flatMap((e) => reads.map((fn) => abi.encodeFunctionData(fn, [e.model, e.dataset, e.index])));
      const returned = await vault.multicall.staticCall(calls);
      return chunk.map((_, i) => {
        const [released, owed, claimable] = reads.map(
          (fn, j) => abi.decodeFunctionResult(fn, returned[i * 3 + j])[0] as bigint,
        );
        return { released, owed, claimable };
      });
    }),
  );
  return results.flat();
}

/**
 * Claims everything owed to `account` in every vault (anyone may send this; only `account` is paid):
 * per vault, one transaction per `MAX_EDGES_PER_CLAIM` edges, the first of them forwarding the
 * royalties of the models derived (at any depth) from the models it claims through, deepest first
 * (`multicall`): only the hops that have something to forward, or that carry what a hop below them
 * forwards. Past `MAX_FORWARDS_PER_TRANSACTION` hops, the deepest go first in transactions of their
 * own. Each transaction is simulated first; a vault with nothing owed is sent nothing. What was paid is
 * read from the receipts' `RewardReleased` events.
 */
export async function claimAll(ctx: ClientContext, account: string): Promise<ClaimResult> {
  let summary: ClaimableReport;
  let lineage: Lineage;
  if (ctx.options.indexer) {
    ({ report: summary, lineage } = await indexedClaimable(ctx, ctx.options.indexer, account));
  } else {
    const history = await ctx.events.history();
    summary = await report(ctx, history, account);
    lineage = history.models;
  }
  const payments: ClaimPayment[] = [];
  for (const handle of ctx.vaults) {
    const payable = summary.edges.filter((e) => e.token === handle.token && e.state === "payable");
    // Edges showing nothing still go in: the forwards ahead of the claim may bring them something.
    if (payable.length === 0) continue;
    const forwards = await withSomethingToForward(handle, forwardsInto(lineage, new Set(payable.map((e) => e.model))));
    const payment: ClaimPayment = { token: handle.token, paid: 0n, edges: 0, forwards: 0, transactions: [] };
    const { vault } = handle;
    // Hops beyond what one transaction carries go first, deepest first, in forward-only transactions.
    while (forwards.length > MAX_FORWARDS_PER_TRANSACTION) {
      const hops = forwards.splice(0, MAX_FORWARDS_PER_TRANSACTION);
      const calls = hops.map((f) => vault.interface.encodeFunctionData("forward", [f.child, f.parent]));
      try {
        await vault.multicall.staticCall(calls);
      } catch (error) {
        throw toDataDividendsError(error, "forward");
      }
      const tx = await decoding("forward", () => vault.multicall(calls));
      payment.transactions.push(await ctx.mined(tx));
      payment.forwards += hops.length;
    }
    for (let i = 0; i < payable.length; i += MAX_EDGES_PER_CLAIM) {
      const batch = payable
        .slice(i, i + MAX_EDGES_PER_CLAIM)
        .map((e) => ({ model: e.model, dataset: e.dataset, index: e.index }));
      const hops = i === 0 ? forwards : [];
      const calls = [
        ...hops.map((f) => vault.interface.encodeFunctionData("forward", [f.child, f.parent])),
        vault.interface.encodeFunctionData("claim", [summary.account, batch]),
      ];
      try {
        await vault.multicall.staticCall(calls);
      } catch (error) {
        if (decodeRevert(error)?.name === "NothingToClaim") continue;
        throw toDataDividendsError(error, "claim");
      }
      const tx = await decoding("claim", () => vault.multicall(calls));
      const receipt = await ctx.receipt(tx);
      payment.transactions.push(tx.hash);
      payment.forwards += hops.length;
      for (const log of receipt.logs) {
        const parsed = vault.interface.parseLog(log);
        if (parsed?.name !== "RewardReleased") continue;
        payment.paid += parsed.args.amount as bigint;
        payment.edges += 1;
      }
    }
    if (payment.transactions.length > 0) payments.push(payment);
  }
  return { account: summary.account, payments, transactions: payments.flatMap((p) => p.transactions) };
}

/**
 * Forwards `child`'s royalty to its parent in every vault where some is due (anyone may; no tokens
 * leave the vaults). Sends nothing where nothing is due.
 */
export async function forward(ctx: ClientContext, child: ModelId): Promise<ForwardResult> {
  const parent = (await ctx.models.model(child)).parent as ModelId;
  if (parent === ZeroHash) throw new DataDividendsError("INVALID_INPUT", `model ${child} has no parent`);
  const due = await Promise.all(ctx.vaults.map((v) => v.vault.forwardable(child, parent)));
  const forwarded: TokenAmount[] = [];
  const transactions: string[] = [];
  for (const [i, handle] of ctx.vaults.entries()) {
    if (due[i] === 0n) continue;
    const tx = await decoding("forward", () => handle.vault.forward(child, parent));
    transactions.push(await ctx.mined(tx));
    forwarded.push({ token: handle.token, amount: due[i] });
  }
  return { parent, forwarded, transactions };
}

/**
 * The hops of `hops` (deepest first) worth sending in `handle`'s vault: those with something to forward
 * now, and those whose child a kept hop below forwards into (their amount grows when it runs).
 */
async function withSomethingToForward({ vault }: VaultHandle, hops: Hop<ModelId>[]): Promise<Hop<ModelId>[]> {
  if (hops.length === 0) return [];
  const abi: Interface = vault.interface;
  const due: bigint[] = [];
  for (let i = 0; i < hops.length; i += EDGES_PER_READ) {
    const chunk = hops.slice(i, i + EDGES_PER_READ);
    const returned = await vault.multicall.staticCall(
      chunk.map((h) => abi.encodeFunctionData("forwardable", [h.child, h.parent])),
    );
    due.push(...returned.map((r) => abi.decodeFunctionResult("forwardable", r)[0] as bigint));
  }
  return hopsWorthSending(hops, due);
}

/** Share slots `account` holds now: registered to it, moved to it or ruled to it, and still its own. */
async function sharesHeldBy(
  ctx: ClientContext,
  history: History,
  account: string,
): Promise<{ dataset: DatasetId; index: number }[]> {
  const candidates = new Map<string, { dataset: DatasetId; index: number }>();
  for (const d of history.datasets) {
    d.contributors.forEach((c, index) => {
      if (getAddress(c) === account) candidates.set(`${d.id}:${index}`, { dataset: d.id, index });
    });
  }
  for (const g of history.grants) {
    if (g.account === account) candidates.set(`${g.dataset}:${g.index}`, { dataset: g.dataset, index: g.index });
  }
  // The registry is the authority on who holds a slot now (a share may have moved on since).
  const slots = [...candidates.values()];
  const holders = await Promise.all(slots.map((slot) => ctx.datasets.contributor(slot.dataset, slot.index)));
  return slots.filter((_, i) => getAddress(holders[i].account) === account);
}
