import { formatEther } from "ethers";

import { FlagReason, datasetStatusName } from "../../sdk/ids.js";
import { clientFor, type CommandContext } from "../context.js";
import { table } from "../io.js";
import { parseId } from "../parse.js";
import { UsageError } from "../run.js";

const REASONS = Object.keys(FlagReason) as (keyof typeof FlagReason)[];

const datasetId = (text: string) => parseId(text, "--dataset", "dataset");

/** `dataset:flag`: flags a dataset as stolen, squatted or junk, posting the bond. */
export async function flagCommand(
  args: { dataset: string; reason: string; evidence: string },
  ctx: CommandContext,
): Promise<void> {
  const id = datasetId(args.dataset);
  const reason = REASONS.find((r) => r.toLowerCase() === args.reason.toLowerCase());
  if (reason === undefined) throw new UsageError(`--reason must be one of ${REASONS.join(", ")}, got "${args.reason}"`);
  if (args.evidence === "")
    throw new UsageError("--evidence is required: a URI where the arbiter can read the evidence");
  const dd = await clientFor(ctx);
  const result = await dd.flag(id, FlagReason[reason], args.evidence);
  ctx.io.out(
    `flagged ${id} (${reason}) with a bond of ${formatEther(result.bond)}; frozen until a ruling or ${new Date(
      Number(result.expiresAt) * 1000,
    ).toISOString()}`,
  );
}

/** `dispute:show`: a dataset's status and its open flag, if any. */
export async function showDisputeCommand(args: { dataset: string }, ctx: CommandContext): Promise<void> {
  const id = datasetId(args.dataset);
  const dd = await clientFor(ctx);
  const d = await dd.dispute(id);
  const rows: [string, string][] = [
    ["dataset", id],
    ["status", datasetStatusName(d.status)],
    ["registrant", d.registrant],
  ];
  if (d.open !== undefined) {
    rows.push(
      ["challenger", d.open.challenger],
      ["reason", REASONS[Number(d.open.reason)] ?? String(d.open.reason)],
      ["opened", new Date(Number(d.open.openedAt) * 1000).toISOString()],
      ["anyone may end it from", new Date(Number(d.open.expiresAt) * 1000).toISOString()],
    );
  } else rows.push(["open flag", "none"]);
  ctx.io.out(table(["field", "value"], rows));
}

/** `dispute:resolve`: the arbiter dismisses or upholds a flag; anyone may expire a timed-out one. */
export async function resolveDisputeCommand(
  args: { dataset: string; ruling: string; holders: string; registrant: string },
  ctx: CommandContext,
): Promise<void> {
  const id = datasetId(args.dataset);
  const dd = await clientFor(ctx);
  // Whether a flag is open, who may rule and the holder count are checked by `resolveFlag`.
  switch (args.ruling) {
    case "dismiss":
      await dd.resolveFlag(id, { ruling: "dismiss" });
      ctx.io.out(`dismissed the flag on ${id}: unfrozen, the bond credited to its registrant`);
      return;
    case "expire":
      await dd.resolveFlag(id, { ruling: "expire" });
      ctx.io.out(`expired the flag on ${id}: unfrozen, the bond credited back to the challenger`);
      return;
    case "uphold": {
      if (args.holders === "") {
        throw new UsageError(
          "--holders is required to uphold: the rightful holder of each share slot, comma-separated",
        );
      }
      const holders = args.holders.split(",").map((h) => h.trim());
      const registrant = args.registrant !== "" ? args.registrant : holders[0];
      await dd.resolveFlag(id, { ruling: "uphold", registrant, holders });
      ctx.io.out(`upheld the flag on ${id}: ${holders.length} share slot(s) reassigned, registrant ${registrant}`);
      return;
    }
    default:
      throw new UsageError(`--ruling must be dismiss, uphold or expire, got "${args.ruling}"`);
  }
}
