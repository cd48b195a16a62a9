import type { ClaimableEdge, ClaimableReport } from "./types.js";

/** What `edges` pay, per reward token: one entry per vault of `vaults`, in its order. */
export function totalsOf(
  vaults: readonly { token: string }[],
  edges: readonly ClaimableEdge[],
): ClaimableReport["totals"] {
  return vaults.map((v) => ({
    token: v.token,
    amount: edges.filter((e) => e.token === v.token).reduce((s, e) => s + e.claimable, 0n),
  }));
}
