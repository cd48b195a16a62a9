/** `forward`: one lineage hop's royalty, in every vault where some is due. */
import { ZeroAddress, ZeroHash } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import type { ModelId } from "../../protocol/ids.js";
import { decoding } from "../revert.js";
import type { TokenAmount } from "../types.js";

export interface ForwardResult {
  parent: ModelId;
  /** What was forwarded, per reward token where something was. */
  forwarded: TokenAmount[];
  transactions: string[];
}

/**
 * Forwards `child`'s royalty to its parent in every vault where some is due (anyone may; no tokens
 * leave the vaults). Sends nothing where nothing is due.
 */
export async function forward(ctx: ClientContext, child: ModelId): Promise<ForwardResult> {
  const record = await ctx.models.model(child);
  if (record.owner === ZeroAddress) throw new DataDividendsError("NOT_FOUND", `model ${child} is not registered`);
  const parent = record.parent as ModelId;
  if (parent === ZeroHash) throw new DataDividendsError("INVALID_INPUT", `model ${child} has no parent`);
  const due = await Promise.all(ctx.allVaults.map((v) => v.vault.forwardable(child, parent)));
  const forwarded: TokenAmount[] = [];
  const transactions: string[] = [];
  for (const [i, handle] of ctx.allVaults.entries()) {
    if (due[i] === 0n) continue;
    const tx = await decoding("forward", () => handle.vault.forward(child, parent));
    transactions.push(await ctx.mined(tx));
    forwarded.push({ token: handle.token, amount: due[i] });
  }
  return { parent, forwarded, transactions };
}
