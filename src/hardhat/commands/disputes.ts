import { formatEther } from "ethers";

import { DisputeState, FlagReason, datasetStatusName, disputeStateName } from "../../protocol/ids.js";
import { clientFor, type CommandContext } from "../context.js";
import { table } from "../io.js";
import { ShareTreeFile } from "../../node/share-tree-file.js";
import type { DatasetId } from "../../protocol/ids.js";
import { parseAddress, parseDeadline, parseId } from "../parse.js";
import { UsageError } from "../run.js";

const REASONS = Object.keys(FlagReason) as (keyof typeof FlagReason)[];

const datasetId = (text: string) => parseId(text, "--dataset", "dataset");

/** `datadividends dataset flag`: flags a dataset as stolen, squatted or junk, posting the bond. */
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
    `${result.joined ? `joined dispute ${result.disputeId} on` : `flagged`} ${id} (${reason}) with a bond of ${formatEther(
      result.bond,
    )} ETH (forfeited to no one unless a ruling upholds it); frozen until a ruling or ${iso(result.expiresAt)}`,
  );
}

/** `datadividends dispute show`: a dataset's status and its latest dispute, if any. */
export async function showDisputeCommand(args: { dataset: string }, ctx: CommandContext): Promise<void> {
  const id = datasetId(args.dataset);
  const dd = await clientFor(ctx);
  const d = await dd.getDispute(id);
  const rows: [string, string][] = [
    ["dataset", id],
    ["status", datasetStatusName(d.status)],
    ["registrant", d.registrant],
  ];
  const latest = d.latest;
  if (latest !== undefined) {
    rows.push(
      ["dispute", `${latest.disputeId} (${disputeStateName(latest.state)})`],
      ["challenger", latest.challenger],
      ["reason", REASONS[Number(latest.reason)] ?? String(latest.reason)],
      ["bonds", `${formatEther(latest.bonds)} ETH`],
      ["opened", iso(latest.openedAt)],
    );
    if (latest.state === DisputeState.Open) rows.push(["anyone may end it from", iso(latest.expiresAt)]);
    if (latest.state === DisputeState.Upheld) {
      rows.push([latest.appealed ? "appealed; takes effect from" : "takes effect from", iso(latest.executableAt)]);
    }
  } else rows.push(["dispute", "none"]);
  ctx.io.out(table(["field", "value"], rows));
}

const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

/**
 * `datadividends dispute resolve`: the arbiter dismisses or upholds a dispute, the registrant or a holder appeals an upheld ruling,
 * anyone executes one past its appeal window or expires a timed-out one.
 */
export async function resolveDisputeCommand(
  args: {
    dataset: string;
    ruling: string;
    holders: string;
    registrant: string;
    dispute: string;
    evidence: string;
    tree: string;
    deadline: string;
    fallback: string;
    closed: boolean;
  },
  ctx: CommandContext,
): Promise<void> {
  const id = datasetId(args.dataset);
  let disputeId: bigint | undefined;
  if (args.dispute !== "") {
    if (!/^[1-9][0-9]{0,9}$/.test(args.dispute)) {
      throw new UsageError(`--dispute must be a dispute number (1, 2, ...), got "${args.dispute}"`);
    }
    disputeId = BigInt(args.dispute);
  }
  const dd = await clientFor(ctx);
  // Whether the dispute is in the right state, who may act and the holder count are checked by `resolveFlag`.
  switch (args.ruling) {
    case "dismiss":
      await dd.resolveFlag(id, { ruling: "dismiss" }, disputeId);
      ctx.io.out(`dismissed the flag on ${id}: unfrozen, the bonds forfeited; its next flag costs twice the bond`);
      return;
    case "expire":
      await dd.resolveFlag(id, { ruling: "expire" }, disputeId);
      ctx.io.out(
        `expired the flag on ${id}: unfrozen, the opener's bond forfeited (each joiner may reclaim its own); its next flag costs twice the bond`,
      );
      return;
    case "appeal":
      if (args.evidence === "") throw new UsageError("--evidence is required to appeal: a URI the arbiter can read");
      await dd.resolveFlag(id, { ruling: "appeal", evidenceURI: args.evidence }, disputeId);
      ctx.io.out(`appealed the ruling on ${id}: it waits one more appeal window, in which the arbiter may dismiss`);
      return;
    case "execute":
      await dd.resolveFlag(id, { ruling: "execute" }, disputeId);
      ctx.io.out(`executed the upheld ruling on ${id}: slots reassigned, unfrozen, the opener's bond credited back`);
      return;
    case "uphold": {
      if (args.tree !== "") {
        await upholdWithTree(id, args, dd, ctx, disputeId);
        return;
      }
      if (args.holders === "") {
        throw new UsageError(
          "--holders is required to uphold: the rightful holder of each share slot, comma-separated (a share-tree dataset: --tree and --registrant)",
        );
      }
      const holders = args.holders.split(",").map((h) => h.trim());
      const registrant = args.registrant !== "" ? args.registrant : holders[0];
      await dd.resolveFlag(id, { ruling: "uphold", registrant, holders }, disputeId);
      const report = await dd.getDispute(id);
      ctx.io.out(
        `upheld the flag on ${id}: ${holders.length} share slot(s) go to the named holders, registrant ${registrant}, from ${iso(
          report.latest?.executableAt ?? 0n,
        )} (after the appeal window; then anyone may execute it)`,
      );
      return;
    }
    default:
      throw new UsageError(`--ruling must be dismiss, uphold, appeal, execute or expire, got "${args.ruling}"`);
  }
}

/** `dispute resolve --ruling uphold --tree`: names the rightful tree of a share-tree dataset, then upholds. */
async function upholdWithTree(
  id: DatasetId,
  args: { registrant: string; holders: string; tree: string; deadline: string; fallback: string; closed: boolean },
  dd: Awaited<ReturnType<typeof clientFor>>,
  ctx: CommandContext,
  disputeId: bigint | undefined,
): Promise<void> {
  if (args.holders !== "")
    throw new UsageError("--holders and --tree exclude each other: a share-tree dataset lists none");
  if (args.registrant === "") throw new UsageError("--registrant is required with --tree: the rightful registrant");
  const registrant = parseAddress(args.registrant, "--registrant");
  const tree = await ShareTreeFile.open(args.tree);
  try {
    const now = BigInt((await ctx.ethers.provider.getBlock("latest"))!.timestamp);
    const replacement = {
      tree,
      deadline: parseDeadline(args.deadline, now),
      fallbackAccount: args.fallback !== "" ? parseAddress(args.fallback, "--fallback") : registrant,
      keepsEarning: !args.closed,
    };
    await dd.resolveFlag(id, { ruling: "uphold", registrant, holders: [], tree: replacement }, disputeId);
  } finally {
    await tree.close();
  }
  const report = await dd.getDispute(id);
  ctx.io.out(
    `upheld the flag on ${id} with tree ${tree.root} (${tree.slotCount} slots): from ${iso(
      report.latest?.executableAt ?? 0n,
    )} (after the appeal window; then anyone may execute it) it replaces the dataset's tree, registrant ${registrant}; slots written under the old tree pay no one until proven or bound under it`,
  );
}
