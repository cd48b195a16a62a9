import { formatEther } from "ethers";

import type { DatasetId } from "../../protocol/ids.js";
import { clientFor, type CommandContext } from "../context.js";
import { parseId, parseSlotIndex } from "../parse.js";
import { UsageError } from "../run.js";

const datasetId = (text: string) => parseId(text, "--dataset", "dataset");

/** `datadividends dataset move-share`: moves a share slot the signer holds to another account (a new key, a multisig). */
export async function moveShareCommand(
  args: { dataset: string; index: string; to: string },
  ctx: CommandContext,
): Promise<void> {
  const id = datasetId(args.dataset);
  const index = parseSlotIndex(args.index);
  if (args.to === "") throw new UsageError("--to is required: the account that will hold the slot");
  const dd = await clientFor(ctx);
  const tx = await dd.moveShare(id, index, args.to);
  ctx.io.out(
    `moved share slot ${args.index} of ${id} to ${args.to} (transaction ${tx}); what it has not claimed moves with it`,
  );
}

/** `datadividends dataset retire`: retires a dataset the signer registered; no new model may declare it. */
export async function retireCommand(args: { dataset: string }, ctx: CommandContext): Promise<void> {
  const id = datasetId(args.dataset);
  const dd = await clientFor(ctx);
  const tx = await dd.retire(id);
  ctx.io.out(`retired ${id} (transaction ${tx}): no new model may declare it; what it earned is still paid`);
}

/** `datadividends dispute withdraw-bond`: pays out the signer's credited flag bonds, reclaiming joined bonds first. */
export async function withdrawBondCommand(args: { to: string; reclaim: string }, ctx: CommandContext): Promise<void> {
  const reclaim = args.reclaim === "" ? [] : args.reclaim.split(",").map((pair) => parseReclaim(pair.trim()));
  const dd = await clientFor(ctx);
  const result = await dd.withdrawBond({ ...(args.to !== "" ? { to: args.to } : {}), reclaim });
  ctx.io.out(
    `withdrew ${formatEther(result.amount)} ETH of bonds to ${args.to || ctx.signer.address}` +
      (result.reclaimed.length > 0 ? ` (reclaimed ${result.reclaimed.length} joined bond(s) first)` : ""),
  );
}

/** `0xdataset:dispute` of `--reclaim`. */
function parseReclaim(pair: string): { dataset: DatasetId; disputeId: bigint } {
  const m = /^(0x[0-9a-fA-F]{64}):(\d+)$/.exec(pair);
  if (m === null) throw new UsageError(`--reclaim takes "0xdatasetId:disputeNumber,…", got "${pair}"`);
  return { dataset: datasetId(m[1]), disputeId: BigInt(m[2]) };
}
