/**
 * `claimAll`: everything owed to an account, in every vault, forwards included, in as few transactions as fit.
 */
import type { ClientContext, VaultHandle } from "../context.js";
import type { ModelId } from "../../protocol/ids.js";
import { forwardsInto, type Hop, type LineageNode } from "../../protocol/lineage.js";
import { indexedClaimable } from "../indexer.js";
import { decodeRevert, decoding, toDataDividendsError } from "../revert.js";
import type { ClaimableReport } from "../types.js";
import { report, withSomethingToForward } from "./claimable.js";

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

/** How many edges one claim transaction carries at most (keeps a claim well inside a block). */
export const MAX_EDGES_PER_CLAIM = 200;

/**
 * How many lineage forwards one transaction carries at most: 100 first forwards are about 6.1M gas
 * (bench/REPORT.md), so with a full claim batch a transaction stays far below the 2^24 gas cap per
 * transaction (EIP-7825). More hops go ahead in transactions of their own, deepest first.
 */
export const MAX_FORWARDS_PER_TRANSACTION = 100;

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
  let lineage: readonly LineageNode<ModelId>[];
  if (ctx.options.indexer) {
    ({ report: summary, lineage } = await indexedClaimable(ctx, ctx.options.indexer, account));
  } else {
    const history = await ctx.events.history();
    summary = await report(ctx, history, account);
    lineage = history.models;
  }
  const payments: ClaimPayment[] = [];
  for (const handle of ctx.allVaults) {
    const payable = summary.edges.filter((e) => e.token === handle.token && e.state === "payable");
    // Edges showing nothing still go in: the forwards ahead of the claim may bring them something.
    if (payable.length === 0) continue;
    const forwards = await withSomethingToForward(handle, forwardsInto(lineage, new Set(payable.map((e) => e.model))));
    const payment: ClaimPayment = { token: handle.token, paid: 0n, edges: 0, forwards: 0, transactions: [] };
    const { vault } = handle;
    const ahead = await forwardAhead(ctx, handle, forwards);
    payment.transactions.push(...ahead.transactions);
    payment.forwards += ahead.sent;
    forwards.splice(0, ahead.sent);
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
 * Sends, deepest first, all but the last `MAX_FORWARDS_PER_TRANSACTION` hops of `forwards` (deepest first) in
 * forward-only transactions of at most that many each (each simulated first), so the transaction that claims
 * carries the rest: at most that many. Returns their hashes and how many hops they sent (the first `sent` of
 * `forwards`). `claimAll` and `relayClaim` both split this way.
 */
export async function forwardAhead(
  ctx: ClientContext,
  { vault }: VaultHandle,
  forwards: readonly Hop<ModelId>[],
): Promise<{ transactions: string[]; sent: number }> {
  const transactions: string[] = [];
  const sent = Math.max(0, forwards.length - MAX_FORWARDS_PER_TRANSACTION);
  for (let at = 0; at < sent; at += MAX_FORWARDS_PER_TRANSACTION) {
    const hops = forwards.slice(at, Math.min(sent, at + MAX_FORWARDS_PER_TRANSACTION));
    const calls = hops.map((f) => vault.interface.encodeFunctionData("forward", [f.child, f.parent]));
    try {
      await vault.multicall.staticCall(calls);
    } catch (error) {
      throw toDataDividendsError(error, "forward");
    }
    const tx = await decoding("forward", () => vault.multicall(calls));
    transactions.push(await ctx.mined(tx));
  }
  return { transactions, sent };
}
