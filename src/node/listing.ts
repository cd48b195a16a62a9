/**
 * A dataset's content hash from file listings instead of its bytes (issue 29): a listing is JSON Lines of
 * `{"path", "size", "sha256"}`, one file per line, in any order, from one file or many (one per shard of a
 * dataset hashed on many machines). The leaves are the ones hashing the bytes gives, so the root and the
 * manifest are the same. Every row is parsed by schema; the first bad row, a path listed twice (in one listing
 * or across two) or a path that leaves the dataset stops it with one line naming the file, the row, the field
 * and the value.
 */
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";

import { DataDividendsError } from "../protocol/errors.js";
import { parseInput, text, z } from "../protocol/schema.js";
import type { FileEntry } from "./hashing.js";

/** A dataset-relative POSIX path: no leading `/`, no `.` or `..` segment, no empty segment, no backslash or NUL. */
export function checkedPath(path: string): string | undefined {
  if (path === "" || path.startsWith("/") || path.includes("\\") || path.includes("\0")) return undefined;
  const segments = path.split("/");
  return segments.some((s) => s === "" || s === "." || s === "..") ? undefined : path;
}

const rowSchema = z.looseObject({
  path: text("expected a path inside the dataset (relative, POSIX, no . or .. segments)", checkedPath),
  size: z.union([z.number(), z.string()]).transform((value, ctx) => {
    const ok =
      typeof value === "number" ? Number.isSafeInteger(value) && value >= 0 : /^\d+$/.test(value) && value.length < 16;
    if (!ok || BigInt(value) > BigInt(Number.MAX_SAFE_INTEGER)) {
      ctx.issues.push({ code: "custom", message: "expected a whole number of bytes", input: value });
      return z.NEVER;
    }
    return BigInt(value);
  }),
  sha256: text("expected a SHA-256: 64 hex digits, 0x optional", (value) =>
    /^(0x)?[0-9a-fA-F]{64}$/.test(value) ? `0x${value.replace(/^0x/, "").toLowerCase()}` : undefined,
  ),
});

const SHA256 = /^(0x)?[0-9a-fA-F]{64}$/;

/**
 * A row the schema would take as it is, read without it: the common case of a million rows costs a few checks
 * each instead of a schema pass. Anything else (a size as a string, a bad row) goes through the schema, which
 * gives the row's value or its one-line refusal.
 */
function plainRow(value: unknown): FileEntry | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { path, size, sha256 } = value as Record<string, unknown>;
  if (typeof path !== "string" || checkedPath(path) === undefined) return undefined;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) return undefined;
  if (typeof sha256 !== "string" || !SHA256.test(sha256)) return undefined;
  return { path, size: BigInt(size), sha256: `0x${(sha256.length === 66 ? sha256.slice(2) : sha256).toLowerCase()}` };
}

/** Where the leaves of a listing-built hash came from: each listing file and how many files it gave. */
export interface ListingSource {
  listing: string;
  files: number;
}

/**
 * The values of a JSON Lines file, one at a time, with their row numbers (blank lines skipped but counted); a
 * line that is not JSON is refused naming the file and the row. Listings and contributors files read with it.
 */
export async function* jsonLines(file: string): AsyncGenerator<{ row: number; value: unknown }> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let row = 0;
  for await (const line of lines) {
    row++;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DataDividendsError("INVALID_INPUT", `${file}: row ${row}: not a JSON object: ${line.slice(0, 60)}`);
    }
    yield { row, value };
  }
}

/**
 * Reads listings into file entries, sorted by path as hashing a folder sorts them. Memory is one entry per
 * file (a million entries fit in a few hundred MiB); each listing is streamed.
 */
export async function readListings(
  listings: readonly string[],
): Promise<{ files: FileEntry[]; sources: ListingSource[] }> {
  if (listings.length === 0) throw new DataDividendsError("INVALID_INPUT", "no listing given");
  // Each path's first row, as listing number × 2^32 + row (a string per path would double the memory).
  const seen = new Map<string, number>();
  const files: FileEntry[] = [];
  const sources: ListingSource[] = [];
  for (const [number, listing] of listings.entries()) {
    let count = 0;
    try {
      for await (const { row, value } of jsonLines(listing)) {
        const entry = plainRow(value) ?? parseInput(rowSchema, value, `${listing}: row ${row}`);
        const earlier = seen.get(entry.path);
        if (earlier !== undefined) {
          const first = `${listings[Math.floor(earlier / 2 ** 32)]}: row ${earlier % 2 ** 32}`;
          throw new DataDividendsError(
            "INVALID_INPUT",
            `${listing}: row ${row}: path "${entry.path}" is listed twice (first at ${first})`,
          );
        }
        seen.set(entry.path, number * 2 ** 32 + row);
        files.push({ path: entry.path, size: entry.size, sha256: entry.sha256 });
        count++;
      }
    } catch (error) {
      if (error instanceof DataDividendsError) throw error;
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${listing}: cannot read the listing (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    sources.push({ listing, files: count });
  }
  if (files.length === 0) throw new DataDividendsError("INVALID_INPUT", `${listings.join(", ")}: no files listed`);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, sources };
}

/** Writes file entries as a listing (JSON Lines), each path under `prefix` (a shard's place in the dataset). */
export async function writeListing(path: string, files: readonly FileEntry[], prefix = ""): Promise<void> {
  const lines = files.map((f) =>
    JSON.stringify({
      path: prefix === "" ? f.path : `${prefix}/${f.path}`,
      size: Number(f.size),
      sha256: f.sha256.replace(/^0x/, ""),
    }),
  );
  await writeFile(path, `${lines.join("\n")}\n`);
}
