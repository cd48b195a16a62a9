/**
 * A dataset's content hash from a Hugging Face Hub revision, without downloading its large files (issue 29):
 * the revision is resolved to a commit, the commit's tree is listed (every page), and each file stored with
 * LFS or Xet gives its leaf `(path, size, sha256)` from the listing (its LFS `oid` is the file's SHA-256). Only
 * the files stored in git itself (small) are downloaded and hashed, and `sample` LFS files picked at random are
 * downloaded and checked against their listed SHA-256, since the uploading client computed it.
 *
 * The Hub's own client (`@huggingface/hub`) speaks the API: its `datasetInfo`, `listFiles` (pagination by the
 * `Link` header) and `downloadFile`. Every request goes through a `fetch` that gives up when the server sends
 * nothing for `timeoutMs` (while waiting for headers or between two chunks of a body), so a hung Hub is named,
 * never waited on for ever. The endpoint and the token follow the Hub's conventions: `HF_ENDPOINT`, `HF_TOKEN`.
 */
import { createHash, randomInt } from "node:crypto";

import { HubApiError, datasetInfo, downloadFile, listFiles } from "@huggingface/hub";

import { DataDividendsError } from "../protocol/errors.js";
import { parseInput, rpcUrl, text, z } from "../protocol/schema.js";
import type { FileEntry } from "./hashing.js";
import { checkedPath } from "./listing.js";

/** The Hub's public endpoint, where `HF_ENDPOINT` does not name another. */
export const HUB_ENDPOINT = "https://huggingface.co";

/** Longest silence from the Hub, by default, before a request is given up (`HF_HUB_DOWNLOAD_TIMEOUT` sets it). */
export const HUB_TIMEOUT_MS = 30_000;

export interface HubListingOptions {
  /** The dataset's repository: `org/name`. */
  repo: string;
  /** A branch, tag or commit (default `main`); resolved to a commit first. */
  revision?: string;
  /** The Hub's URL (default `HF_ENDPOINT`, else https://huggingface.co). */
  endpoint?: string;
  /** A token for gated and private datasets (default `HF_TOKEN`). */
  token?: string;
  /** LFS files to download and check against their listed SHA-256, picked at random (default 0). */
  sample?: number;
  /** Longest silence from the server before a request is given up (default 30 s). */
  timeoutMs?: number;
  /** Also take files and folders whose name starts with "." (default false, as hashing a folder: a Hub
   * repository's `.gitattributes` is not the dataset). */
  includeHidden?: boolean;
}

/** What a Hub revision gave: its files as leaves, and where each leaf came from. */
export interface HubListing {
  files: FileEntry[];
  endpoint: string;
  repo: string;
  revision: string;
  /** The commit the revision resolved to: what the files are. */
  commit: string;
  /** Files whose SHA-256 came from the listing (LFS or Xet). */
  listedFiles: number;
  /** Files stored in git itself, downloaded and hashed. */
  gitFiles: number;
  /** LFS files downloaded and checked against their listed SHA-256. */
  sampled: string[];
  /** Bytes downloaded: the git-stored files and the sample. */
  bytesDownloaded: bigint;
}

const repoSchema = text('expected a Hub dataset as "org/name"', (value) =>
  /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/.test(value) && !value.includes("..") ? value : undefined,
);
const revisionSchema = text("expected a branch, tag or commit (no spaces, no ..)", (value) =>
  /^[\w./-]{1,255}$/.test(value) && !value.includes("..") ? value : undefined,
);
const tokenSchema = text('expected a Hub token ("hf_…")', (value) => (/^hf_\w+$/.test(value) ? value : undefined));

const seconds = text("expected seconds: a number from 1 to 3600", (value) => {
  const n = Number(value);
  return /^\d+(\.\d+)?$/.test(value) && n >= 1 && n <= 3600 ? n : undefined;
});

/** The options, every one parsed, with the environment's `HF_ENDPOINT` and `HF_TOKEN` where not given. */
export function hubOptions(options: HubListingOptions, env: NodeJS.ProcessEnv = process.env) {
  const endpoint = options.endpoint ?? (env.HF_ENDPOINT || HUB_ENDPOINT);
  const token = options.token ?? (env.HF_TOKEN || undefined);
  return {
    repo: parseInput(repoSchema, options.repo, "the Hub dataset"),
    revision: parseInput(revisionSchema, options.revision ?? "main", "the revision"),
    endpoint: parseInput(rpcUrl, endpoint, options.endpoint === undefined ? "HF_ENDPOINT" : "the endpoint").replace(
      /\/+$/,
      "",
    ),
    token:
      token === undefined
        ? undefined
        : parseInput(tokenSchema, token, options.token === undefined ? "HF_TOKEN" : "the token", { secret: true }),
    sample: parseInput(z.number().int().min(0).max(1_000_000), options.sample ?? 0, "the sample size"),
    // The Hub's own variable for how long a download may stay silent (huggingface_hub's name), in seconds.
    timeoutMs:
      options.timeoutMs ??
      (env.HF_HUB_DOWNLOAD_TIMEOUT
        ? parseInput(seconds, env.HF_HUB_DOWNLOAD_TIMEOUT, "HF_HUB_DOWNLOAD_TIMEOUT") * 1000
        : HUB_TIMEOUT_MS),
  };
}

/** Thrown (as an abort reason) when the server stayed silent too long. */
class Silent extends Error {}

/**
 * A `fetch` that aborts when the server sends nothing for `timeoutMs`: before the headers, or between two chunks
 * of the body (a slow large download goes on; a stalled one does not).
 */
export function idleBoundedFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new Silent(`no answer for ${timeoutMs / 1000} s`)), timeoutMs);
      timer.unref();
    };
    arm();
    try {
      const response = await fetch(input, { ...init, signal: controller.signal });
      if (response.body === null) {
        clearTimeout(timer);
        return response;
      }
      arm();
      const body = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, out) {
            arm();
            out.enqueue(chunk);
          },
          flush() {
            clearTimeout(timer);
          },
        }),
      );
      const bounded = new Response(body, { status: response.status, headers: response.headers });
      Object.defineProperty(bounded, "url", { value: response.url });
      return bounded;
    } catch (error) {
      clearTimeout(timer);
      throw error;
    }
  };
}

/** One readable line for whatever the Hub or the network did. */
function hubError(error: unknown, what: string, where: string, options: ReturnType<typeof hubOptions>): Error {
  if (error instanceof DataDividendsError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof Silent || cause instanceof Silent || (error as Error).name === "AbortError") {
    return new DataDividendsError(
      "HUB_UNAVAILABLE",
      `${where} did not answer ${what} within ${options.timeoutMs / 1000} s: the Hub or the network is down (give more time with a larger timeout)`,
    );
  }
  if (error instanceof HubApiError) {
    const status = error.statusCode;
    if (status === 401 || status === 403) {
      return new DataDividendsError(
        "INVALID_INPUT",
        `${where}: dataset ${options.repo} is gated or private (${status})${
          options.token === undefined ? ": set HF_TOKEN to a token with access" : ": HF_TOKEN has no access to it"
        }`,
      );
    }
    if (status === 404) {
      return new DataDividendsError(
        "NOT_FOUND",
        `${where}: dataset ${options.repo} has no revision "${options.revision}" (404: no such dataset, branch, tag or commit)`,
      );
    }
    return new DataDividendsError(
      "HUB_UNAVAILABLE",
      `${where} answered ${what} with ${status}: ${error.message.split(". URL")[0]}`,
    );
  }
  // undici's "terminated": the server closed the connection in the middle of a body.
  if (
    (error as Error).message === "terminated" ||
    (cause as { code?: string } | undefined)?.code === "UND_ERR_SOCKET"
  ) {
    return new DataDividendsError(
      "HUB_UNAVAILABLE",
      `${where}: ${what} was cut short (the connection closed mid-answer)`,
    );
  }
  if (error instanceof SyntaxError) {
    return new DataDividendsError(
      "HUB_UNAVAILABLE",
      `${where}: ${what} was cut short or is not JSON (${error.message})`,
    );
  }
  const reason = cause instanceof Error ? cause.message : (error as Error).message;
  return new DataDividendsError("HUB_UNAVAILABLE", `cannot read ${what} from ${where}: ${reason}`);
}

/** Downloads one file of the commit and returns its SHA-256 and size. */
async function hashRemote(
  params: { repo: { type: "dataset"; name: string }; revision: string; hubUrl: string; accessToken?: string },
  path: string,
  fetchBounded: typeof fetch,
): Promise<{ sha256: string; size: bigint }> {
  const blob = await downloadFile({ ...params, path, fetch: fetchBounded, xet: false });
  if (blob === null) throw new DataDividendsError("NOT_FOUND", `${path} is listed but cannot be downloaded (404)`);
  const hash = createHash("sha256");
  let size = 0n;
  const reader = (blob.stream() as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
    size += BigInt(value.byteLength);
  }
  return { sha256: `0x${hash.digest("hex")}`, size };
}

/** The leaves of a Hub dataset's revision: see the module's comment. */
export async function hubListing(input: HubListingOptions): Promise<HubListing> {
  const options = hubOptions(input);
  const { repo, revision, endpoint, token } = options;
  const where = `the Hub at ${endpoint}`;
  const fetchBounded = idleBoundedFetch(options.timeoutMs);
  const credentials = token === undefined ? {} : { accessToken: token };

  let commit: string;
  try {
    const info = await datasetInfo<"sha">({
      name: repo,
      revision,
      hubUrl: endpoint,
      additionalFields: ["sha"],
      fetch: fetchBounded,
      ...credentials,
    });
    commit = info.sha;
  } catch (error) {
    throw hubError(error, `revision "${revision}" of ${repo}`, where, options);
  }
  if (typeof commit !== "string" || !/^[0-9a-f]{40}$/.test(commit)) {
    throw new DataDividendsError(
      "HUB_UNAVAILABLE",
      `${where} resolved "${revision}" of ${repo} to ${JSON.stringify(commit)}, not a commit`,
    );
  }

  const params = { repo: { type: "dataset" as const, name: repo }, revision: commit, hubUrl: endpoint, ...credentials };
  const listed: FileEntry[] = [];
  const inGit: { path: string; size: number }[] = [];
  const seen = new Set<string>();
  try {
    for await (const entry of listFiles({ ...params, recursive: true, fetch: fetchBounded })) {
      if (entry.type !== "file") continue;
      const path = checkedPath(String(entry.path));
      if (path === undefined) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `${where}: the listing of ${repo} names a path that leaves the dataset: ${JSON.stringify(entry.path).slice(0, 80)}`,
        );
      }
      if (seen.has(path)) {
        throw new DataDividendsError("INVALID_INPUT", `${where}: the listing of ${repo} names "${path}" twice`);
      }
      seen.add(path);
      if (!input.includeHidden && path.split("/").some((segment) => segment.startsWith("."))) continue;
      const lfs = entry.lfs;
      if (lfs !== undefined) {
        if (!/^[0-9a-f]{64}$/.test(String(lfs.oid)) || !Number.isSafeInteger(lfs.size) || lfs.size < 0) {
          throw new DataDividendsError(
            "INVALID_INPUT",
            `${where}: "${path}" is listed with LFS oid ${JSON.stringify(lfs.oid)} and size ${JSON.stringify(lfs.size)}: expected a SHA-256 and a whole number of bytes`,
          );
        }
        listed.push({ path, size: BigInt(lfs.size), sha256: `0x${lfs.oid}` });
      } else {
        inGit.push({ path, size: entry.size });
      }
    }
  } catch (error) {
    throw hubError(error, `the file listing of ${repo} at ${commit.slice(0, 12)}`, where, options);
  }

  let bytesDownloaded = 0n;
  const files = [...listed];
  for (const { path, size } of inGit) {
    try {
      const got = await hashRemote(params, path, fetchBounded);
      if (got.size !== BigInt(size)) {
        throw new DataDividendsError(
          "HUB_UNAVAILABLE",
          `${where}: "${path}" is listed at ${size} bytes but ${got.size} came`,
        );
      }
      bytesDownloaded += got.size;
      files.push({ path, size: got.size, sha256: got.sha256 });
    } catch (error) {
      throw hubError(error, `"${path}"`, where, options);
    }
  }

  // The sample: distinct LFS files at random (a partial Fisher–Yates shuffle of the listed files).
  const pool = [...listed];
  const count = Math.min(options.sample, pool.length);
  const sampled: string[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + randomInt(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
    const file = pool[i];
    let got;
    try {
      got = await hashRemote(params, file.path, fetchBounded);
    } catch (error) {
      throw hubError(error, `"${file.path}"`, where, options);
    }
    bytesDownloaded += got.size;
    if (got.sha256 !== file.sha256 || got.size !== file.size) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${where}: "${file.path}" is listed as ${file.size} bytes with SHA-256 ${file.sha256.slice(2)}, but its bytes are ${got.size} with ${got.sha256.slice(2)}: the listing is not the data (nothing written)`,
      );
    }
    sampled.push(file.path);
  }

  if (files.length === 0) throw new DataDividendsError("INVALID_INPUT", `${where}: ${repo} at ${commit} has no files`);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files,
    endpoint,
    repo,
    revision,
    commit,
    listedFiles: listed.length,
    gitFiles: inGit.length,
    sampled: sampled.sort(),
    bytesDownloaded,
  };
}
