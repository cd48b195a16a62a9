import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";

import { isHexString } from "ethers";

import { manifestContributors, readManifest } from "../../node/manifest.js";
import { checkPublishable, clientFor, commitWaitOptions, type CommandContext } from "../context.js";
import { table } from "../io.js";
import { DEFAULT_JOURNAL, FileJournal } from "../../node/journal.js";
import { ShareTreeFile } from "../../node/share-tree-file.js";
import { parseAddress, parseContributors, parseDeadline } from "../parse.js";
import { UsageError } from "../run.js";

export interface RegisterDatasetArguments {
  manifest: string;
  /** Where the manifest is published (registered URI); defaults to its file:// URL. */
  uri: string;
  /** "0xaccount:shares,…"; defaults to the manifest's creators. */
  contributors: string;
  /** Resume a commitment made earlier with this salt. */
  salt: string;
  /** A share tree file (`dataset tree`): its slots are the contributors, instead of a list. */
  tree: string;
  /** Share trees: when unbound identity slots may be swept, as days from now or an ISO date (default 365 days). */
  deadline: string;
  /** Share trees: who receives what unbound slots earned after the deadline (default: the signer). */
  fallback: string;
  /** Share trees: after the deadline, unbound slots belong to the fallback for good (no late binding). */
  closed: boolean;
}

/** `datadividends dataset register`: registers a hashed dataset (commit, wait, reveal where the registry asks for it). */
export async function registerDatasetCommand(args: RegisterDatasetArguments, ctx: CommandContext): Promise<string> {
  if (args.manifest === "")
    throw new UsageError("--manifest is required: hash the dataset with `datadividends dataset hash --manifest` first");
  const manifest = await readManifest(args.manifest);
  if (args.tree !== "" && args.contributors !== "") {
    throw new UsageError("give --tree (a share tree's slots) or --contributors (a list), not both");
  }
  const contributors =
    args.tree !== ""
      ? []
      : args.contributors !== ""
        ? parseContributors(args.contributors)
        : manifestContributors(manifest);
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
  const options = {
    ...(args.salt !== "" ? { salt: args.salt } : {}),
    journal,
    ...(await commitWaitOptions(ctx)),
    onStatus: (s: string) => ctx.io.err(s),
  };
  try {
    if (args.tree !== "") {
      const tree = await ShareTreeFile.open(args.tree);
      try {
        const now = BigInt((await ctx.ethers.provider.getBlock("latest"))!.timestamp);
        result = await dd.registerShareTree(
          {
            contentHash,
            metadataURI,
            tree,
            deadline: parseDeadline(args.deadline, now),
            fallbackAccount: args.fallback !== "" ? parseAddress(args.fallback, "--fallback") : ctx.signer.address,
            keepsEarning: !args.closed,
          },
          options,
        );
      } finally {
        await tree.close();
      }
    } else {
      result = await dd.registerDataset({ contentHash, metadataURI, contributors }, options);
    }
  } finally {
    await release();
  }
  ctx.io.out(
    table(["dataset", "id", "registrant", "status"], [[manifest.name, result.id, result.registrant, result.status]]),
  );
  return result.id;
}
