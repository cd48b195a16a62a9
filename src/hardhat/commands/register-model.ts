import { readFile } from "node:fs/promises";

import { isHexString } from "ethers";

import type { DatasetUsage } from "../../sdk/actions/register-model.js";
import type { RegisteredModel } from "../../sdk/events.js";
import { hashDataset } from "../../node/hashing.js";
import { readManifest } from "../../node/manifest.js";
import { parseModelCard, usageFromModelCard } from "../../sdk/model-card.js";
import { checkPublishable, clientFor, commitWaitOptions, type CommandContext } from "../context.js";
import { table } from "../io.js";
import { parseBps, parseId, parseUsage, parseWeight } from "../parse.js";
import { UsageError } from "../run.js";

export interface RegisterModelArguments {
  /** A 32-byte hex hash, or a weights file or folder to hash. */
  artifact: string;
  /** Where the model card is published. */
  uri: string;
  /** A Hugging Face model card whose `datasets:` names the training data. */
  card: string;
  /** Comma-separated manifests that map the card's dataset names to IDs. */
  manifests: string;
  /** "0xdatasetId:weight,…" instead of a card. */
  usage: string;
  parent: string;
  /** The parent edge's weight; default: the least that meets the parent's royalty floor. */
  parentWeight: string;
  /** What this model asks of its own derivatives, in basis points. */
  royalty: string;
}

/** `datadividends model register`: registers a model and declares its usage, from a model card or a list. */
export async function registerModelCommand(args: RegisterModelArguments, ctx: CommandContext): Promise<string> {
  if (args.artifact === "") throw new UsageError("--artifact is required: a 32-byte hash, or the weights file to hash");
  if (args.uri === "") throw new UsageError("--uri is required: where the model card is published");
  const artifactHash = isHexString(args.artifact, 32) ? args.artifact : (await hashDataset(args.artifact)).root;

  let usage: DatasetUsage[];
  if (args.usage !== "") usage = parseUsage(args.usage);
  else if (args.card !== "") {
    if (args.manifests === "") throw new UsageError("--card needs --manifests to map dataset names to registered IDs");
    const known = new Map<string, string>();
    for (const path of args.manifests.split(",")) {
      const m = await readManifest(path.trim());
      known.set(m.name, m["dd:contentHash"]);
    }
    usage = usageFromModelCard(parseModelCard(await readFile(args.card, "utf8")), known);
  } else if (args.parent !== "")
    usage = []; // a fine-tune with no data of its own: all of it goes up the lineage
  else throw new UsageError("say which datasets the model used: --card with --manifests, or --usage");
  const parent = args.parent !== "" ? parseId(args.parent, "--parent", "model") : undefined;

  await checkPublishable(ctx, args.uri, "uri");
  const dd = await clientFor(ctx);
  const result = await dd.registerModel(
    {
      artifactHash,
      metadataURI: args.uri,
      ...(parent !== undefined ? { parent } : {}),
      ...(args.parentWeight !== "" ? { parentWeight: parseWeight(args.parentWeight, "--parent-weight") } : {}),
      ...(args.royalty !== "" ? { minRoyaltyBps: parseBps(args.royalty) } : {}),
      usage,
    },
    { ...(await commitWaitOptions(ctx)), onStatus: (s) => ctx.io.err(s) },
  );
  if (result.status === "already-registered") {
    // A registration is permanent: report what the chain holds, and refuse a request that differs from it.
    const held = (await dd.listModels()).find((m) => m.id === result.id);
    if (held === undefined) throw new UsageError(`model ${result.id} is registered but its events were not found`);
    printEdges(ctx, result.id, result.status, held.usage, held.parent, held.parentWeight);
    const differences = differencesFrom(held, {
      usage,
      metadataURI: args.uri,
      parent,
      parentWeight: args.parentWeight !== "" ? parseWeight(args.parentWeight, "--parent-weight") : undefined,
      royalty: args.royalty !== "" ? parseBps(args.royalty) : undefined,
    });
    if (differences.length > 0) {
      throw new UsageError(
        `model ${result.id} is already registered with ${differences.join("; ")} (above: what the chain holds); a registration is permanent: register the new declaration under another --artifact`,
      );
    }
    return result.id;
  }
  printEdges(ctx, result.id, result.status, usage, parent, result.parentWeight);
  return result.id;
}

/** The model's edges as a table: dataset weights, the parent's, and each one's share of revenue. */
function printEdges(
  ctx: CommandContext,
  id: string,
  status: string,
  usage: readonly DatasetUsage[],
  parent: string | undefined,
  parentWeight: bigint,
): void {
  const total = usage.reduce((s, u) => s + BigInt(u.weight), 0n) + parentWeight;
  const share = (w: bigint) => `${((Number(w) / Number(total)) * 100).toFixed(2)}%`;
  ctx.io.out(`model ${id} (${status})`);
  ctx.io.out(
    table(
      ["edge", "weight", "share of revenue"],
      [
        ...usage.map((u) => [u.dataset, BigInt(u.weight), share(BigInt(u.weight))]),
        ...(parentWeight > 0n ? [[`parent ${parent}`, parentWeight, share(parentWeight)]] : []),
      ],
    ),
  );
}

/** How a requested declaration differs from the registered one, in words (empty when it matches). */
export function differencesFrom(
  held: RegisteredModel,
  asked: {
    usage: readonly DatasetUsage[];
    metadataURI: string;
    parent: string | undefined;
    parentWeight: bigint | undefined;
    royalty: bigint | undefined;
  },
): string[] {
  const out: string[] = [];
  const heldWeights = new Map(held.usage.map((u) => [u.dataset.toLowerCase(), u.weight]));
  const askedWeights = new Map(asked.usage.map((u) => [u.dataset.toLowerCase(), BigInt(u.weight)]));
  for (const [dataset, weight] of askedWeights) {
    const was = heldWeights.get(dataset);
    if (was === undefined) out.push(`no edge to dataset ${dataset} (asked: weight ${weight})`);
    else if (was !== weight) out.push(`dataset ${dataset} at weight ${was} (asked: ${weight})`);
  }
  for (const [dataset, weight] of heldWeights)
    if (!askedWeights.has(dataset)) out.push(`an edge to dataset ${dataset} at weight ${weight} (not asked)`);
  const heldParent = held.parent?.toLowerCase();
  if (heldParent !== asked.parent?.toLowerCase())
    out.push(`parent ${held.parent ?? "none"} (asked: ${asked.parent ?? "none"})`);
  else if (asked.parentWeight !== undefined && asked.parentWeight !== held.parentWeight)
    out.push(`parent weight ${held.parentWeight} (asked: ${asked.parentWeight})`);
  if (asked.royalty !== undefined && asked.royalty !== held.minRoyaltyBps)
    out.push(`royalty ${held.minRoyaltyBps} bps (asked: ${asked.royalty})`);
  if (asked.metadataURI !== held.metadataURI)
    out.push(`metadata URI ${held.metadataURI} (asked: ${asked.metadataURI})`);
  return out;
}
