import { readFile } from "node:fs/promises";

import { isHexString } from "ethers";

import type { DatasetUsage } from "../../sdk/actions/register-model.js";
import { hashDataset } from "../../node/hashing.js";
import { readManifest } from "../../node/manifest.js";
import { parseModelCard, usageFromModelCard } from "../../sdk/model-card.js";
import { clientFor, commitWaitOptions, type CommandContext } from "../context.js";
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

/** `model:register`: registers a model and declares its usage, from a model card or a list. */
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
  const total = usage.reduce((s, u) => s + BigInt(u.weight), 0n) + result.parentWeight;
  const share = (w: bigint) => `${((Number(w) / Number(total)) * 100).toFixed(2)}%`;
  ctx.io.out(`model ${result.id} (${result.status})`);
  ctx.io.out(
    table(
      ["edge", "weight", "share of revenue"],
      [
        ...usage.map((u) => [u.dataset, BigInt(u.weight), share(BigInt(u.weight))]),
        ...(result.parentWeight > 0n
          ? [[`parent ${args.parent}`, result.parentWeight, share(result.parentWeight)]]
          : []),
      ],
    ),
  );
  return result.id;
}
