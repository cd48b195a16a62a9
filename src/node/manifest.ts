import { constants, createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { access, readFile } from "node:fs/promises";
import { createInterface } from "node:readline";

import { checkedContributors } from "../protocol/contributors.js";
import { DataDividendsError } from "../protocol/errors.js";
import { address, bytes32, int, parseInput, z } from "../protocol/schema.js";
import {
  fileTable,
  hashDataset,
  treeOf,
  type DatasetHash,
  type FileEntry,
  type HashDatasetOptions,
} from "./hashing.js";

/** Who made a dataset: a name, optionally the account that holds their share. */
export interface Creator {
  name: string;
  account?: string;
  shares?: number;
}

/** What a person says about a dataset; the files are measured, not said. */
export interface DatasetDescription {
  name: string;
  description: string;
  /** An SPDX license identifier, e.g. `CC-BY-4.0`. */
  license: string;
  creators: Creator[];
}

/**
 * A dataset manifest in the spirit of MLCommons Croissant (schema.org `Dataset` with `cr:FileObject`
 * distribution entries), plus the content hash those files commit to.
 */
export interface DatasetManifest {
  "@context": Record<string, string>;
  "@type": "sc:Dataset";
  name: string;
  description: string;
  license: string;
  creator: { "@type": "sc:Person"; name: string; identifier?: string; "dd:shares"?: number }[];
  distribution: {
    "@type": "cr:FileObject";
    "@id": string;
    name: string;
    contentUrl: string;
    contentSize: string;
    sha256: string;
  }[];
  "dd:contentHash": string;
  "dd:leafEncoding": string;
}

const CONTEXT = {
  "@vocab": "https://schema.org/",
  sc: "https://schema.org/",
  cr: "http://mlcommons.org/croissant/",
  dd: "https://datadividends.dev/ns#",
};
const LEAF = "StandardMerkleTree leaves (string path, uint256 size, bytes32 sha256)";
const SPDX_ID = /^[A-Za-z0-9.+-]+$/;

/**
 * Refuses creators a registration from the manifest would refuse, when the manifest is written rather
 * than at registration: a creator without a name, and among those with an account the registry's rule
 * (`checkedContributors`: a real checksummed address, not zero, 1 to 2^32-1 shares, each account once,
 * at most 256).
 */
export function checkCreators(creators: readonly Creator[]): void {
  creators.forEach((c, i) => {
    if (c.name.trim() === "") throw new DataDividendsError("INVALID_INPUT", `creator ${i + 1} has no name`);
  });
  const named = creators.filter((c) => c.account !== undefined);
  if (named.length > 0) creatorsChecked(named.map((c) => ({ account: c.account!, shares: c.shares ?? 1 })));
}

/** Builds the manifest of hashed files and their description. */
export function buildManifest(hash: Pick<DatasetHash, "root" | "files">, about: DatasetDescription): DatasetManifest {
  if (about.name.trim() === "") throw new DataDividendsError("INVALID_INPUT", "a dataset needs a name");
  if (!SPDX_ID.test(about.license)) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `license "${about.license}" is not an SPDX identifier (e.g. CC-BY-4.0, MIT)`,
    );
  }
  checkCreators(about.creators);
  return {
    "@context": CONTEXT,
    "@type": "sc:Dataset",
    name: about.name,
    description: about.description,
    license: about.license,
    creator: about.creators.map((c) => ({
      "@type": "sc:Person",
      name: c.name,
      ...(c.account === undefined ? {} : { identifier: c.account }),
      ...(c.shares === undefined ? {} : { "dd:shares": c.shares }),
    })),
    distribution: hash.files.map((f) => ({
      "@type": "cr:FileObject",
      "@id": f.path,
      name: f.path,
      contentUrl: f.path,
      contentSize: `${f.size} B`,
      sha256: f.sha256.replace(/^0x/, ""),
    })),
    "dd:contentHash": hash.root,
    "dd:leafEncoding": LEAF,
  };
}

/** The file entries a manifest lists, back in leaf form. */
export function manifestFiles(manifest: DatasetManifest): FileEntry[] {
  return manifest.distribution.map((d) => ({
    path: d.contentUrl,
    size: BigInt(d.contentSize.replace(/ B$/, "")),
    sha256: `0x${d.sha256}`,
  }));
}

/**
 * The contributors a manifest names: creators with an account, each with their shares (1 where the
 * manifest gives none), checked by the registry's rule (`checkedContributors`), as `--contributors` is:
 * an account named twice is refused, not merged.
 */
export function manifestContributors(manifest: DatasetManifest): { account: string; shares: bigint }[] {
  const named = manifest.creator.filter((c) => c.identifier !== undefined);
  if (named.length === 0) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `manifest "${manifest.name}" names no creator with an account; pass the contributors explicitly`,
    );
  }
  return creatorsChecked(named.map((c) => ({ account: c.identifier!, shares: c["dd:shares"] ?? 1 })));
}

/** `checkedContributors`, its refusal said as a creator's. */
function creatorsChecked(creators: { account: string; shares: number }[]): { account: string; shares: bigint }[] {
  try {
    return checkedContributors(creators);
  } catch (error) {
    if (error instanceof DataDividendsError)
      throw new DataDividendsError("INVALID_INPUT", `creators: ${error.message}`);
    throw error;
  }
}

/**
 * Writes a manifest as stable JSON: the description indented, then one line per file. It is plain
 * JSON (any JSON or Croissant reader reads it), and it is written and read a line at a time, so a
 * manifest of a million files never exists as one string (which would take gigabytes to build).
 */
export async function writeManifest(path: string, manifest: DatasetManifest): Promise<void> {
  const { distribution, ...about } = manifest;
  await writeManifestLines(path, about, distribution.length, (i) => JSON.stringify(distribution[i]));
}

/**
 * Writes the manifest of a hash and its description, as `writeManifest(path, { ...buildManifest(hash, about),
 * ...extra })` writes it (the same bytes), without making an object per file first: for a million files that
 * is a few hundred MiB less.
 * @param extra keys added after the description's (where the files came from: `dd:hub`, `dd:sources`)
 */
export async function writeDatasetManifest(
  path: string,
  hash: Pick<DatasetHash, "root" | "files">,
  about: DatasetDescription,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { distribution: _none, ...head } = { ...buildManifest({ root: hash.root, files: [] }, about), ...extra };
  const table = fileTable(hash);
  await writeManifestLines(path, head, table.count, (i) => {
    const name = JSON.stringify(table.path(i));
    return `{"@type":"cr:FileObject","@id":${name},"name":${name},"contentUrl":${name},"contentSize":"${table.size(i)} B","sha256":"${table.sha256Hex(i)}"}`;
  });
}

/** The description indented, then the file list a line per file, a megabyte of text per write. */
async function writeManifestLines(
  path: string,
  about: Record<string, unknown>,
  count: number,
  line: (i: number) => string,
): Promise<void> {
  const head = JSON.stringify({ ...about, distribution: [] }, null, 2).replace(/\n}$/, "");
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.on("finish", resolve);
  });
  // The description first, then the list (keys in a fixed order: the same manifest gives the same bytes).
  let chunk = `${head.replace(/"distribution": \[\]/, DISTRIBUTION_OPEN)}\n`;
  for (let i = 0; i < count; i++) {
    chunk += `    ${line(i)}${i + 1 < count ? "," : ""}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(`${chunk}  ]\n}\n`);
  await done;
}

/** The line that opens the file list (the writer puts it last among the keys). */
const DISTRIBUTION_OPEN = '"distribution": [';

/**
 * Parses a manifest a line at a time when it has the layout `writeManifest` gives (no whole-file
 * string, no whole-file parse); any other JSON layout is parsed whole. The three names of a file
 * (`@id`, `name`, `contentUrl`) share one string.
 */
async function parseManifest(path: string): Promise<unknown> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  const head: string[] = [];
  const files: DatasetManifest["distribution"] = [];
  let state: "head" | "files" | "tail" | "other" = "head";
  for await (const line of lines) {
    const text = line.trim();
    if (state === "head") {
      head.push(line);
      if (text === DISTRIBUTION_OPEN) state = "files";
    } else if (state === "files" && text.startsWith("{")) {
      let f: DatasetManifest["distribution"][number];
      // A line that is not one whole file object means another layout (parsed whole below).
      try {
        f = JSON.parse(text.endsWith(",") ? text.slice(0, -1) : text) as DatasetManifest["distribution"][number];
      } catch {
        state = "other";
        break;
      }
      if (f["@id"] === f.contentUrl) f["@id"] = f.contentUrl;
      if (f.name === f.contentUrl) f.name = f.contentUrl;
      files.push(f);
    } else if (state === "files" && text === "]") {
      state = "tail";
    } else if (!(state === "tail" && (text === "}" || text === ""))) {
      state = "other";
      break;
    }
  }
  // Not our layout (edited by hand, or another tool's JSON): the whole file, parsed at once.
  if (state !== "tail") return JSON.parse(await readFile(path, "utf8"));
  const about = JSON.parse(
    `${head.join("\n").replace(/"distribution": \[$/, '"distribution": []')}\n}`,
  ) as DatasetManifest;
  about.distribution = files;
  return about;
}

/**
 * A manifest as `writeManifest` writes it (Croissant JSON-LD), by schema: what a registration reads from it (the
 * content hash, every file's path, size and SHA-256, the creators' accounts and shares) is checked field by
 * field; fields other tools add (JSON-LD allows any) are kept. A refusal names the file, the field and the value.
 */
export const manifestSchema = z.looseObject(
  {
    "@type": z.literal("sc:Dataset", { error: 'expected "sc:Dataset": a DataDividends dataset manifest' }),
    name: z.string({ error: "expected the dataset's name" }),
    creator: z.array(
      z.looseObject({
        name: z.string({ error: "expected the creator's name" }).min(1, "expected the creator's name"),
        identifier: address.optional(),
        "dd:shares": int(1, 0xffffffff).optional(),
      }),
      { error: "expected a list of creators" },
    ),
    distribution: z.array(
      z.looseObject({
        contentUrl: z.string({ error: "expected the file's path" }).min(1, "expected the file's path"),
        contentSize: z
          .string({ error: 'expected the file\'s size in bytes, as "123 B"' })
          .regex(/^\d+ B$/, 'expected the file\'s size in bytes, as "123 B"'),
        sha256: z
          .string({ error: "expected the file's SHA-256 (64 hex digits)" })
          .regex(/^[0-9a-f]{64}$/, "expected the file's SHA-256 (64 hex digits)"),
      }),
      { error: "expected the list of the dataset's files" },
    ),
    "dd:contentHash": bytes32,
  },
  { error: "expected a DataDividends dataset manifest (a JSON object, from datadividends dataset hash --manifest)" },
);

/** Reads and checks a manifest: its files must hash to the content hash it states. */
export async function readManifest(path: string): Promise<DatasetManifest> {
  try {
    await access(path, constants.R_OK);
  } catch (cause) {
    throw new DataDividendsError("NOT_FOUND", `cannot read manifest ${path}: no such file, or not readable`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = await parseManifest(path);
  } catch (cause) {
    throw new DataDividendsError("MANIFEST_INVALID", `cannot read manifest ${path}: not readable JSON`, { cause });
  }
  try {
    parseInput(manifestSchema, parsed, path);
  } catch (error) {
    throw new DataDividendsError("MANIFEST_INVALID", (error as Error).message, { cause: error });
  }
  const manifest = parsed as DatasetManifest;
  const { root } = treeOf(manifestFiles(manifest));
  if (root !== manifest["dd:contentHash"]) {
    throw new DataDividendsError(
      "MANIFEST_INVALID",
      `${path} lists files whose root is ${root}, not the stated ${manifest["dd:contentHash"]}`,
    );
  }
  return manifest;
}

/** One way a directory differs from its manifest. */
export interface FileDifference {
  path: string;
  kind: "changed" | "missing" | "extra";
  expected?: FileEntry;
  actual?: FileEntry;
}

export interface Verification {
  ok: boolean;
  expectedRoot: string;
  actualRoot: string;
  differences: FileDifference[];
}

/**
 * Re-hashes `target` and compares it with `manifest`, naming every file that changed, went
 * missing or appeared.
 *
 * @example
 * const { ok, differences } = await verifyManifest("data/", await readManifest("data.manifest.json"));
 */
export async function verifyManifest(
  target: string,
  manifest: DatasetManifest,
  options: HashDatasetOptions = {},
): Promise<Verification> {
  const actual = await hashDataset(target, options);
  const expected = new Map(manifestFiles(manifest).map((f) => [f.path, f]));
  const seen = new Map(actual.files.map((f) => [f.path, f]));
  const differences: FileDifference[] = [];
  for (const [path, e] of expected) {
    const a = seen.get(path);
    if (a === undefined) differences.push({ path, kind: "missing", expected: e });
    else if (a.size !== e.size || a.sha256 !== e.sha256)
      differences.push({ path, kind: "changed", expected: e, actual: a });
  }
  for (const [path, a] of seen) if (!expected.has(path)) differences.push({ path, kind: "extra", actual: a });
  differences.sort((x, y) => (x.path < y.path ? -1 : 1));
  const expectedRoot = manifest["dd:contentHash"];
  return {
    ok: differences.length === 0 && actual.root === expectedRoot,
    expectedRoot,
    actualRoot: actual.root,
    differences,
  };
}

/** A proof that one file belongs to a dataset, as `DatasetRegistry.verifyFile` takes it. */
export interface FileProof {
  root: string;
  path: string;
  size: bigint;
  sha256: string;
  proof: string[];
}

/**
 * Proves that `path` is one of a manifest's files.
 *
 * @example
 * const p = proveFile(manifest, "readings/ST01.csv");
 * await registry.verifyFile(p.root, p.path, p.size, p.sha256, p.proof); // true once registered
 */
export function proveFile(manifest: DatasetManifest, path: string): FileProof {
  const files = manifestFiles(manifest);
  const { tree, root } = treeOf(files);
  for (const [i, [p, size, sha256]] of tree.entries()) {
    if (p === path) return { root, path, size, sha256, proof: tree.getProof(i) };
  }
  throw new DataDividendsError("NOT_FOUND", `${path} is not a file of dataset "${manifest.name}"`);
}
