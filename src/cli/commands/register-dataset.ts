import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

import { manifestContributors, readManifest } from "../../node/manifest.js";
import { checkPublishable, clientFor, commitWaitOptions, type CommandContext } from "../context.js";
import { table } from "../io.js";
import { FileJournal } from "../../node/journal.js";
import { parseContributors } from "../parse.js";
import { UsageError } from "../run.js";

export interface RegisterDatasetArguments {
  manifest: string;
  /** Where the manifest is published (registered URI); defaults to its file:// URL. */
  uri: string;
  /** "0xaccount:shares,…"; defaults to the manifest's creators. */
  contributors: string;
  /** Resume a commitment made earlier with this salt. */
  salt: string;
}

/** `dataset:register`: registers a hashed dataset (commit, wait, reveal where the registry asks for it). */
export async function registerDatasetCommand(args: RegisterDatasetArguments, ctx: CommandContext): Promise<string> {
  if (args.manifest === "")
    throw new UsageError("--manifest is required: hash the dataset with `dataset:hash --manifest` first");
  const manifest = await readManifest(args.manifest);
  const contributors = args.contributors !== "" ? parseContributors(args.contributors) : manifestContributors(manifest);
  const metadataURI = args.uri !== "" ? args.uri : pathToFileURL(resolve(args.manifest)).href;
  await checkPublishable(ctx, metadataURI, "uri");
  const dd = await clientFor(ctx);
  const result = await dd.registerDataset(
    { contentHash: manifest["dd:contentHash"], metadataURI, contributors },
    {
      ...(args.salt !== "" ? { salt: args.salt } : {}),
      journal: new FileJournal(),
      ...(await commitWaitOptions(ctx)),
      onStatus: (s) => ctx.io.err(s),
    },
  );
  ctx.io.out(
    table(["dataset", "id", "registrant", "status"], [[manifest.name, result.id, result.registrant, result.status]]),
  );
  return result.id;
}
