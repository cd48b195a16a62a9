import { basename, resolve } from "node:path";

import { fileTotals, hashDataset, treeOf, type HashProgress } from "../../node/hashing.js";
import { hubListing } from "../../node/hub.js";
import { checkedPath, hashListings, writeListing } from "../../node/listing.js";
import { whyNotWritten } from "../../node/journal.js";
import { DataDividendsError } from "../../protocol/errors.js";
import { checkCreators, readManifest, verifyManifest, writeDatasetManifest } from "../../node/manifest.js";
import { progressLine, table, type Io } from "../io.js";
import { parseCreators } from "../parse.js";
import { UsageError } from "../run.js";

export interface HashArguments {
  path: string;
  /** Write the manifest here. */
  manifest: string;
  /** Verify `path` against this manifest instead of hashing. */
  verify: string;
  name: string;
  description: string;
  license: string;
  /** "Name=0xaccount:shares,…" */
  creators: string;
  includeHidden: boolean;
  /** `path` is listings (JSON Lines of path, size, sha256), comma-separated: the content hash from them, no bytes read. */
  listing: boolean;
  /** Also write the hashed files as a listing here (a shard's, for `--listing` on another machine). */
  writeListing: string;
  /** With `--write-listing`: the folder hashed is this path inside the dataset (its shard's prefix). */
  prefix: string;
  /** `path` is a Hugging Face Hub dataset, `org/name`: the content hash from its listing. */
  hub: boolean;
  /** With `--hub`: the branch, tag or commit (default main). */
  revision: string;
  /** With `--hub`: how many LFS files to download and check against their listed SHA-256 (default 0). */
  sample: string;
}

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The progress line: "hashing 1234/20000 files, 10.0 of 40.0 MiB, 5 MiB/s, 617 files/s, about 2 min 5 s left". */
export function progressText(p: HashProgress): string {
  const mib = (b: bigint) => (Number(b) / 2 ** 20).toFixed(1);
  const of = p.bytesTotal === undefined ? "" : ` of ${mib(p.bytesTotal)}`;
  const eta = p.etaMs === undefined ? "" : `, about ${formatDuration(p.etaMs)} left`;
  return (
    `hashing ${p.filesDone}/${p.filesTotal} files, ${mib(p.bytesDone)}${of} MiB, ` +
    `${(p.bytesPerSecond / 2 ** 20).toFixed(0)} MiB/s, ${p.filesPerSecond.toFixed(0)} files/s${eta}`
  );
}

/** `datadividends dataset hash`: prints a dataset's content hash, writes its manifest, or verifies one. */
export async function hashCommand(args: HashArguments, io: Io): Promise<void> {
  const progress = progressLine(io);
  const started = Date.now();
  // The SDK calls this at most every 200 ms: the line costs nothing measurable however many files there are.
  const onProgress = (p: HashProgress) => progress.update(progressText(p));

  if (args.verify !== "") {
    const manifest = await readManifest(args.verify);
    const result = await verifyManifest(args.path, manifest, { includeHidden: args.includeHidden, onProgress });
    progress.done();
    if (result.ok) {
      io.out(
        `${args.path} matches ${args.verify}: ${manifest.distribution.length} files, content hash ${result.actualRoot}`,
      );
      return;
    }
    io.out(
      table(
        ["file", "difference", "manifest sha256", "found sha256"],
        result.differences.map((d) => [
          d.path,
          d.kind,
          d.expected?.sha256.slice(0, 18) ?? "-",
          d.actual?.sha256.slice(0, 18) ?? "-",
        ]),
      ),
    );
    throw new UsageError(
      `${result.differences.length} file(s) differ from ${args.verify} (content hash ${result.actualRoot}, manifest says ${result.expectedRoot})`,
    );
  }

  // Checked first, whether or not a manifest is written: a malformed flag is never ignored.
  const creators = parseCreators(args.creators);
  checkCreators(creators);
  if (args.path === "")
    throw new UsageError(
      "give the dataset's path (with --listing, its listings; with --hub, the Hub dataset org/name)",
    );
  if (args.prefix !== "" && checkedPath(args.prefix) === undefined) {
    throw new UsageError(
      `--prefix must be a path inside the dataset (relative, POSIX, no . or ..), got "${args.prefix}"`,
    );
  }
  if (args.hub && args.listing) throw new UsageError("--hub and --listing exclude each other");
  if (!args.hub && (args.revision !== "" || args.sample !== "")) {
    throw new UsageError("--revision and --sample go with --hub (the path is then a Hub dataset, org/name)");
  }
  if (args.sample !== "" && !/^\d{1,7}$/.test(args.sample)) {
    throw new UsageError(`--sample takes a number of files to download and check, got "${args.sample}"`);
  }
  const listed = args.listing ? await hashListings(args.path.split(",").map((l) => l.trim())) : undefined;
  const hub = args.hub
    ? await hubListing({
        repo: args.path,
        ...(args.revision !== "" ? { revision: args.revision } : {}),
        sample: args.sample === "" ? 0 : Number(args.sample),
        includeHidden: args.includeHidden,
      })
    : undefined;
  if (hub !== undefined) {
    io.err(
      `${hub.repo} at ${hub.revision} is commit ${hub.commit}: ${hub.listedFiles} LFS file(s) from the listing, ${hub.gitFiles} stored in git downloaded and hashed, ${hub.sampled.length} LFS file(s) downloaded and checked; ${hub.bytesDownloaded} bytes downloaded`,
    );
  }
  const hash =
    listed ??
    (hub !== undefined
      ? treeOf(hub.files)
      : await hashDataset(args.path, { includeHidden: args.includeHidden, onProgress }).catch((error: unknown) => {
          // The SDK names its option; on the command line it is a flag.
          if (error instanceof Error)
            error.message = error.message.replace("pass includeHidden", "pass --include-hidden");
          throw error;
        }));
  progress.done();
  if ("lfsPointers" in hash && hash.lfsPointers !== undefined) {
    const { read, checked } = hash.lfsPointers;
    io.err(
      `${read} git-LFS pointer(s) read as the files they stand for (${checked} of their objects found in .git/lfs/objects and checked)`,
    );
  }
  const totals = fileTotals(hash);
  if (args.writeListing !== "") {
    await writeListing(args.writeListing, hash, args.prefix).catch((error: unknown) => {
      throw new UsageError(`cannot write the listing ${args.writeListing}: ${whyNotWritten(error)}`);
    });
    io.err(`wrote ${args.writeListing} (${totals.files} files${args.prefix ? ` under ${args.prefix}/` : ""})`);
  }
  const seconds = (Date.now() - started) / 1000;
  io.out(
    table(
      ["dataset", "files", "bytes", "content hash"],
      [
        [
          hub !== undefined
            ? `${hub.repo}@${hub.commit.slice(0, 12)}`
            : listed !== undefined
              ? "(from listings)"
              : basename(resolve(args.path)),
          totals.files,
          totals.bytes,
          hash.root,
        ],
      ],
    ),
  );
  io.err(`hashed in ${seconds.toFixed(2)} s`);
  if (args.manifest !== "") {
    if (listed !== undefined && args.name === "")
      throw new UsageError("--name is required with --listing (there is no folder to name it after)");
    const about = {
      name: args.name || (hub !== undefined ? hub.repo.split("/")[1] : basename(resolve(args.path))),
      description: args.description,
      license: args.license,
      creators,
    };
    // Where the leaves came from where the files' bytes were not read here: the Hub revision or the listings.
    const source =
      hub !== undefined
        ? {
            // The revision as a commit, and how much of it was read here: what the content hash rests on.
            "dd:hub": {
              endpoint: hub.endpoint,
              repository: hub.repo,
              revision: hub.revision,
              commit: hub.commit,
              listedFiles: hub.listedFiles,
              gitFiles: hub.gitFiles,
              sampled: hub.sampled.length,
              bytesDownloaded: Number(hub.bytesDownloaded),
            },
          }
        : listed === undefined
          ? {}
          : { "dd:sources": listed.sources.map((s) => ({ listing: basename(s.listing), files: s.files })) };
    await writeDatasetManifest(args.manifest, hash, about, source).catch((error: unknown) => {
      if (error instanceof DataDividendsError) throw error;
      throw new UsageError(`cannot write the manifest ${args.manifest}: ${whyNotWritten(error)}`);
    });
    io.out(`wrote ${args.manifest}`);
  }
}
