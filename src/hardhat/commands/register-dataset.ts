import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";

import { isHexString } from "ethers";

import { manifestContributors, readManifest } from "../../node/manifest.js";
import { checkPublishable, clientFor, commitWaitOptions, type CommandContext } from "../context.js";
import { table } from "../io.js";
import { DEFAULT_JOURNAL, FileJournal } from "../../node/journal.js";
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

/** `datadividends dataset register`: registers a hashed dataset (commit, wait, reveal where the registry asks for it). */
export async function registerDatasetCommand(args: RegisterDatasetArguments, ctx: CommandContext): Promise<string> {
  if (args.manifest === "")
    throw new UsageError("--manifest is required: hash the dataset with `datadividends dataset hash --manifest` first");
  const manifest = await readManifest(args.manifest);
  const contributors = args.contributors !== "" ? parseContributors(args.contributors) : manifestContributors(manifest);
  const metadataURI = args.uri !== "" ? args.uri : pathToFileURL(resolve(args.manifest)).href;
  if (args.salt !== "" && !isHexString(args.salt, 32)) {
    throw new UsageError(
      `--salt must be the 32-byte salt a registration printed (0x + 64 hex digits), got "${args.salt}"`,
    );
  }
  await checkPublishable(ctx, metadataURI, "uri");
  // The journal lives in the project's root, whichever folder the command runs in.
  const journal = new FileJournal(
    process.env.DATADIVIDENDS_JOURNAL ?? join(ctx.projectRoot ?? process.cwd(), DEFAULT_JOURNAL),
  );
  const dd = await clientFor(ctx);
  const contentHash = manifest["dd:contentHash"];
  // One registration of a dataset at a time: a second process at once would pay a second commit.
  const release = await journal.lock({
    chainId: ctx.chainId.toString(),
    registry: dd.addresses.datasets,
    contentHash,
    registrant: ctx.signer.address,
  });
  let result;
  try {
    result = await dd.registerDataset(
      { contentHash, metadataURI, contributors },
      {
        ...(args.salt !== "" ? { salt: args.salt } : {}),
        journal,
        ...(await commitWaitOptions(ctx)),
        onStatus: (s) => ctx.io.err(s),
      },
    );
  } finally {
    await release();
  }
  ctx.io.out(
    table(["dataset", "id", "registrant", "status"], [[manifest.name, result.id, result.registrant, result.status]]),
  );
  return result.id;
}
