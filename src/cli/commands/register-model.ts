import { readFile } from "node:fs/promises";

import { isHexString } from "ethers";

import type { DatasetUsage } from "../../sdk/client.js";
import { hashDataset } from "../../sdk/hashing.js";
import { readManifest } from "../../sdk/manifest.js";
import { parseModelCard, usageFromModelCard } from "../../sdk/model-card.js";
import { clientFor, type CommandContext } from "../context.js";
import { table } from "../io.js";
import { parseUsage } from "../parse.js";
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
  } else throw new UsageError("say which datasets the model used: --card with --manifests, or --usage");

  const dd = await clientFor(ctx);
  const result = await dd.registerModel({
    artifactHash,
    metadataURI: args.uri,
    ...(args.parent !== "" ? { parent: args.parent } : {}),
    usage,
  });
  const total = usage.reduce((s, u) => s + BigInt(u.weight), 0n);
  ctx.io.out(`model ${result.id} (${result.status})`);
  ctx.io.out(
    table(
      ["dataset", "weight", "share of revenue"],
      usage.map((u) => [u.dataset, BigInt(u.weight), `${((Number(u.weight) / Number(total)) * 100).toFixed(2)}%`]),
    ),
  );
  return result.id;
}
