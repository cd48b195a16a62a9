/**
 * Share trees from contributors files, and the tree file a registrant publishes beside the manifest.
 *
 * A contributors file is CSV (a `holder,shares` header, then one row per slot) or JSON Lines (one
 * `{"holder": …, "shares": …}` per line); a holder is an address or `namespace:handle` (hf, github, orcid,
 * email, or a bare e-mail address). Row `n` becomes slot `n - 1`. Every row is parsed by schema; the first bad
 * one stops the build with one line naming the file, the row, the field and the value, and nothing is written.
 *
 * The tree file, `<root>.sharetree`, holds every slot with what its proof needs, so that one slot's proof is a
 * few positional reads however large the tree:
 *
 *   line 1   JSON header: format, root, slot count, total shares, depth, identity salt, section offsets
 *   levels   for each level from the leaves up, its stored nodes: 32-byte hash + 5-byte sum (big-endian)
 *   index    (slotCount + 1) 8-byte offsets into the holders section
 *   holders  each slot's holder as text (UTF-8), back to back
 *
 * Offsets count from the byte after the header's newline. The root names the file (content-addressed: the
 * root commits to every leaf, and an identity leaf commits to its handle through the header's salt).
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rename, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";

import { parse as parseCsv } from "csv-parse";

import { jsonLines } from "./listing.js";
import { keccakInto } from "./merkle.mjs";
import { ZeroAddress, ZeroHash, hexlify } from "ethers";

import { DataDividendsError } from "../protocol/errors.js";
import { parseInput, text, z } from "../protocol/schema.js";
import {
  MAX_SLOTS,
  MAX_SLOT_SHARES,
  MAX_TREE_SHARES,
  paddingHashes,
  parseHolder,
  proofFrom,
  readSum,
  treeDepth,
  writeSum,
  type Holder,
  type SlotLeaf,
  type SlotProofPath,
} from "../protocol/share-tree.js";

export const SHARE_TREE_FORMAT = "datadividends-share-tree/1";
const NODE_BYTES = 37;

/** One row of a contributors file, as its schema reads it. */
const rowSchema = z.strictObject({
  holder: z
    .string({ error: "expected an address or namespace:handle (hf, github, orcid, email)" })
    .transform((value, ctx) => {
      try {
        return parseHolder(value);
      } catch (error) {
        // parseHolder's sentence opens with the value, which the refusal already shows.
        const message = (error as Error).message.replace(/^"[^"]*" /, "");
        ctx.issues.push({ code: "custom", message, input: value });
        return z.NEVER;
      }
    }),
  shares: z.union([z.number(), z.string()]).transform((value, ctx) => {
    const n = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_SLOT_SHARES) {
      ctx.issues.push({
        code: "custom",
        message: `expected a whole number from 1 to ${MAX_SLOT_SHARES}`,
        input: value,
      });
      return z.NEVER;
    }
    return n;
  }),
});

/** The tree's identity salt: every identity slot's salt derives from it and the slot's index. */
export function newIdentitySalt(): string {
  return hexlify(randomBytes(32));
}

// Byte-level hashing for the million-slot path (the protocol module's functions go through ethers' hex and
// allocate per hash): one reused keccak hasher (merkle.mjs, WebAssembly), one hash per leaf, commitment and node.
const utf8 = new TextEncoder();
const commitmentInput = new Uint8Array(36 + 512);
const commitmentOut = new Uint8Array(32);
/** `identityCommitment`: keccak256(treeSalt ‖ uint32 index ‖ handle). */
function commitmentInto(handle: string, treeSalt: Uint8Array, index: number): Uint8Array {
  commitmentInput.set(treeSalt, 0);
  new DataView(commitmentInput.buffer).setUint32(32, index);
  const { written } = utf8.encodeInto(handle, commitmentInput.subarray(36));
  keccakInto(commitmentInput.subarray(0, 36 + written), commitmentOut, 0);
  return commitmentOut;
}
const leafInput = new Uint8Array(96);
const leafView = new DataView(leafInput.buffer);
function leafBytes(holder: Holder, shares: number, treeSalt: Uint8Array, index: number, into: Uint8Array, at: number) {
  leafInput.fill(0);
  if (holder.kind === "address") {
    leafInput.set(hexToBytes(holder.account), 12);
  } else {
    leafInput.set(commitmentInto(holder.handle, treeSalt, index), 32);
  }
  leafView.setUint32(92, shares);
  keccakInto(leafInput, into, at);
}

/** `buildLevels` of the protocol module, on the reused sponge (a million-slot tree hashes a million nodes). */
function buildLevelsFast(leaves: Uint8Array, shares: Float64Array): { hashes: Uint8Array[]; sums: Float64Array[] } {
  const count = shares.length;
  const depth = treeDepth(count);
  const padding = paddingHashes(depth);
  const levels = { hashes: [leaves], sums: [shares] };
  const node = new Uint8Array(74);
  let width = count;
  for (let level = 1; level <= depth; level++) {
    const below = levels.hashes[level - 1];
    const belowSums = levels.sums[level - 1];
    const next = Math.ceil(width / 2);
    const hashes = new Uint8Array(next * 32);
    const sums = new Float64Array(next);
    for (let i = 0; i < next; i++) {
      const l = 2 * i;
      const r = l + 1;
      for (let k = 0; k < 32; k++) node[k] = below[l * 32 + k]!;
      writeSum(node, 32, belowSums[l] % 2 ** 40);
      const rightSum = r < width ? belowSums[r] : 0;
      if (r < width) for (let k = 0; k < 32; k++) node[37 + k] = below[r * 32 + k]!;
      else node.set(padding[level - 1], 37);
      writeSum(node, 69, rightSum);
      keccakInto(node, hashes, i * 32);
      sums[i] = belowSums[l] + rightSum;
    }
    levels.hashes.push(hashes);
    levels.sums.push(sums);
    width = next;
  }
  return levels;
}

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** What `buildShareTree` made. */
export interface ShareTreeSummary {
  /** The file written: `<dir>/<root>.sharetree`. */
  path: string;
  root: string;
  slotCount: number;
  totalShares: bigint;
  depth: number;
  /** Slots held by an address, and by an identity. */
  addressSlots: number;
  identitySlots: number;
}

/** Rows of a contributors file, with their row numbers (1 = the first data row), one at a time. */
async function* rowsOf(file: string): AsyncGenerator<{ row: number; value: unknown }> {
  const name = basename(file);
  if (/\.(jsonl|ndjson)$/i.test(name)) {
    yield* jsonLines(file);
    return;
  }
  if (!/\.csv$/i.test(name)) {
    throw new DataDividendsError("INVALID_INPUT", `${file}: a contributors file is .csv or .jsonl`);
  }
  // csv-parse: quoting, CRLF, a byte-order mark and ragged rows are its business, streamed.
  const parser = createReadStream(file).pipe(
    parseCsv({ columns: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: false }),
  );
  let row = 0;
  try {
    for await (const record of parser) {
      row++;
      yield { row, value: record as unknown };
    }
  } catch (error) {
    throw new DataDividendsError("INVALID_INPUT", `${file}: ${(error as Error).message.replace(/\.$/, "")}`);
  }
}

/**
 * Builds the share tree of a contributors file and writes its tree file into `dir`. Memory stays bounded by the
 * slots (about 100 bytes each: a million-slot tree builds within 512 MiB); nothing is written when a row is bad.
 */
export async function buildShareTree(
  file: string,
  dir: string,
  options: {
    identitySalt?: string;
    /** Most slots the tree may hold (default 2^32, what uint32 indexes allow; lower to cap a tree's size). */
    maxSlots?: number;
  } = {},
): Promise<ShareTreeSummary> {
  const identitySalt = options.identitySalt ?? newIdentitySalt();
  const maxSlots = Math.min(options.maxSlots ?? MAX_SLOTS, MAX_SLOTS);
  const treeSalt = hexToBytes(identitySalt);
  let capacity = 1024;
  let leaves = new Uint8Array(capacity * 32);
  let shares = new Float64Array(capacity);
  const holders: string[] = [];
  const seen = new Map<string, number>();
  let total = 0;
  let identitySlots = 0;
  for await (const { row, value } of rowsOf(file)) {
    const source = `${file}: row ${row}`;
    const parsed = parseInput(rowSchema, value, source);
    const key = parsed.holder.kind === "address" ? parsed.holder.account : parsed.holder.handle;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${source}: holder "${key}" is listed twice (rows ${earlier} and ${row}): give one row the sum of its shares`,
      );
    }
    seen.set(key, row);
    const index = holders.length;
    if (index >= maxSlots) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${source}: more than ${maxSlots} slots${maxSlots === MAX_SLOTS ? " (indexes are uint32)" : ""}`,
      );
    }
    if (index === capacity) {
      capacity *= 2;
      const grownLeaves = new Uint8Array(capacity * 32);
      grownLeaves.set(leaves);
      leaves = grownLeaves;
      const grownShares = new Float64Array(capacity);
      grownShares.set(shares);
      shares = grownShares;
    }
    leafBytes(parsed.holder, parsed.shares, treeSalt, index, leaves, index * 32);
    shares[index] = parsed.shares;
    total += parsed.shares;
    if (total > MAX_TREE_SHARES) {
      throw new DataDividendsError("INVALID_INPUT", `${source}: the shares pass ${MAX_TREE_SHARES} in total (uint40)`);
    }
    holders.push(key);
    if (parsed.holder.kind === "identity") identitySlots++;
  }
  seen.clear();
  const count = holders.length;
  if (count === 0) throw new DataDividendsError("INVALID_INPUT", `${file}: no contributors`);
  const levels = buildLevelsFast(leaves.subarray(0, count * 32), shares.subarray(0, count));
  const root = hexlify(levels.hashes.at(-1)!.subarray(0, 32));
  const depth = treeDepth(count);
  const path = join(dir, `${root}.sharetree`);
  await writeTreeFile(path, { root, count, total, depth, identitySalt }, levels, holders);
  return {
    path,
    root,
    slotCount: count,
    totalShares: BigInt(total),
    depth,
    addressSlots: count - identitySlots,
    identitySlots,
  };
}

/** A tree file's header (its first line). */
export interface ShareTreeHeader {
  format: typeof SHARE_TREE_FORMAT;
  root: string;
  slotCount: number;
  /** As a decimal string (JSON carries it exactly). */
  totalShares: string;
  depth: number;
  identitySalt: string;
  /** Each level's offset and node count, leaves first. */
  levels: { offset: number; count: number }[];
  index: number;
  holders: number;
}

async function writeTreeFile(
  path: string,
  tree: { root: string; count: number; total: number; depth: number; identitySalt: string },
  levels: { hashes: Uint8Array[]; sums: Float64Array[] },
  holders: string[],
): Promise<void> {
  const layout: { offset: number; count: number }[] = [];
  let offset = 0;
  for (const sums of levels.sums) {
    layout.push({ offset, count: sums.length });
    offset += sums.length * NODE_BYTES;
  }
  const indexOffset = offset;
  const holdersOffset = indexOffset + (holders.length + 1) * 8;
  const header: ShareTreeHeader = {
    format: SHARE_TREE_FORMAT,
    root: tree.root,
    slotCount: tree.count,
    totalShares: String(tree.total),
    depth: tree.depth,
    identitySalt: tree.identitySalt,
    levels: layout,
    index: indexOffset,
    holders: holdersOffset,
  };
  const temporary = `${path}.partial`;
  const handle = await open(temporary, "w");
  let written = false;
  try {
    let position = 0;
    const put = async (bytes: Uint8Array) => {
      await handle.write(bytes, 0, bytes.length, position);
      position += bytes.length;
    };
    await put(utf8.encode(`${JSON.stringify(header)}\n`));
    for (let level = 0; level < levels.sums.length; level++) {
      const hashes = levels.hashes[level];
      const sums = levels.sums[level];
      // In chunks of 64k nodes: a million-slot level is 37 MB, written without a second copy of it.
      for (let start = 0; start < sums.length; start += 65_536) {
        const end = Math.min(sums.length, start + 65_536);
        const chunk = new Uint8Array((end - start) * NODE_BYTES);
        for (let i = start; i < end; i++) {
          chunk.set(hashes.subarray(i * 32, i * 32 + 32), (i - start) * NODE_BYTES);
          writeSum(chunk, (i - start) * NODE_BYTES + 32, sums[i]);
        }
        await put(chunk);
      }
    }
    // The offsets, then the holders' text, in chunks: no per-holder byte array (a million of them is 150 MB).
    const index = new Uint8Array((holders.length + 1) * 8);
    const view = new DataView(index.buffer);
    let at = 0;
    holders.forEach((holder, i) => {
      view.setBigUint64(i * 8, BigInt(at));
      at += Buffer.byteLength(holder, "utf8");
    });
    view.setBigUint64(holders.length * 8, BigInt(at));
    await put(index);
    for (let start = 0; start < holders.length; start += 65_536) {
      await put(utf8.encode(holders.slice(start, start + 65_536).join("")));
    }
    written = true;
  } finally {
    await handle.close();
    if (!written) await rm(temporary, { force: true });
  }
  await rename(temporary, path);
}

const headerSchema = z.looseObject({
  format: z.literal(SHARE_TREE_FORMAT, { error: `expected "${SHARE_TREE_FORMAT}"` }),
  root: text("expected 32 bytes of hex", (v) => (/^0x[0-9a-f]{64}$/.test(v) ? v : undefined)),
  slotCount: z.number().int().min(1).max(MAX_SLOTS),
  totalShares: text("expected a whole number", (v) => (/^\d+$/.test(v) ? v : undefined)),
  depth: z.number().int().min(0).max(32),
  identitySalt: text("expected 32 bytes of hex", (v) => (/^0x[0-9a-fA-F]{64}$/.test(v) ? v : undefined)),
  levels: z.array(z.object({ offset: z.number().int().min(0), count: z.number().int().min(1) })),
  index: z.number().int().min(0),
  holders: z.number().int().min(0),
});

/** One slot as a tree file holds it: its holder, shares, and the leaf it commits to. */
export interface TreeSlot {
  index: number;
  holder: Holder;
  shares: bigint;
  leaf: SlotLeaf;
}

/**
 * A tree file, open for positional reads: a slot, its proof, or every slot of one holder, without loading the
 * tree. Close it when done.
 */
export class ShareTreeFile {
  private constructor(
    readonly path: string,
    readonly header: ShareTreeHeader,
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private readonly body: number,
  ) {}

  static async open(path: string): Promise<ShareTreeFile> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, "r");
    } catch (error) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${path}: cannot read the tree file (${(error as NodeJS.ErrnoException).code})`,
      );
    }
    const first = new Uint8Array(65_536);
    const { bytesRead } = await handle.read(first, 0, first.length, 0);
    const newline = first.subarray(0, bytesRead).indexOf(10);
    let header: unknown;
    try {
      if (newline < 0) throw new Error();
      header = JSON.parse(new TextDecoder().decode(first.subarray(0, newline)));
    } catch {
      await handle.close();
      throw new DataDividendsError("INVALID_INPUT", `${path}: not a share tree file (no JSON header line)`);
    }
    try {
      return new ShareTreeFile(path, parseInput(headerSchema, header, path), handle, newline + 1);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get root(): string {
    return this.header.root;
  }

  get slotCount(): number {
    return this.header.slotCount;
  }

  get totalShares(): bigint {
    return BigInt(this.header.totalShares);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async read(offset: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    const { bytesRead } = await this.handle.read(out, 0, length, this.body + offset);
    if (bytesRead !== length) {
      throw new DataDividendsError("INVALID_INPUT", `${this.path}: the file is cut short (truncated download?)`);
    }
    return out;
  }

  private async node(level: number, position: number): Promise<{ hash: Uint8Array; sum: number } | undefined> {
    const layout = this.header.levels[level];
    if (position >= layout.count) return undefined;
    const bytes = await this.read(layout.offset + position * NODE_BYTES, NODE_BYTES);
    return { hash: bytes.subarray(0, 32), sum: readSum(bytes, 32) };
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.slotCount) {
      throw new DataDividendsError("INVALID_INPUT", `${this.path}: no slot ${index} (the tree has ${this.slotCount})`);
    }
  }

  /** Slot `index`'s proof: `depth` positional reads. */
  async proof(index: number): Promise<SlotProofPath> {
    this.checkIndex(index);
    const nodes = new Map<string, { hash: Uint8Array; sum: number } | undefined>();
    for (let level = 0; level < this.header.depth; level++) {
      const sibling = Math.floor(index / 2 ** level) ^ 1;
      nodes.set(`${level}/${sibling}`, await this.node(level, sibling));
    }
    return proofFrom(this.header.depth, index, (level, position) => nodes.get(`${level}/${position}`));
  }

  /** Slot `index`: its holder, shares and leaf. */
  async slot(index: number): Promise<TreeSlot> {
    this.checkIndex(index);
    const offsets = await this.read(this.header.index + index * 8, 16);
    const view = new DataView(offsets.buffer);
    const start = Number(view.getBigUint64(0));
    const end = Number(view.getBigUint64(8));
    const holderText = new TextDecoder().decode(await this.read(this.header.holders + start, end - start));
    const holder = parseHolder(holderText);
    const shares = BigInt((await this.node(0, index))!.sum);
    if (holder.kind === "address") {
      return { index, holder, shares, leaf: { account: holder.account, identity: ZeroHash, shares } };
    }
    const identity = hexlify(commitmentInto(holder.handle, hexToBytes(this.header.identitySalt), index));
    return { index, holder, shares, leaf: { account: ZeroAddress, identity, shares } };
  }

  /** Every slot index whose holder is `holder` (an address or a handle, normalised as a contributors file is). */
  async find(holder: string): Promise<number[]> {
    const wanted = parseHolder(holder);
    const key = wanted.kind === "address" ? wanted.account : wanted.handle;
    const count = this.slotCount;
    const index = await this.read(this.header.index, (count + 1) * 8);
    const view = new DataView(index.buffer);
    const size = Number(view.getBigUint64(count * 8));
    const blob = await this.read(this.header.holders, size);
    const needle = utf8.encode(key);
    const found: number[] = [];
    let from = 0;
    for (;;) {
      const at = Buffer.from(blob.buffer, blob.byteOffset, blob.length).indexOf(needle, from);
      if (at < 0) break;
      from = at + 1;
      // A match counts where it is one whole holder: find its slot by binary search over the offsets.
      let lo = 0;
      let hi = count - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (Number(view.getBigUint64(mid * 8)) <= at) lo = mid;
        else hi = mid - 1;
      }
      const start = Number(view.getBigUint64(lo * 8));
      const end = Number(view.getBigUint64((lo + 1) * 8));
      if (start === at && end - start === needle.length) found.push(lo);
    }
    return found;
  }
}

/** Writes a contributors file (CSV) from rows: for tests, the demo and the bench. */
export async function writeContributorsCsv(
  path: string,
  rows: Iterable<{ holder: string; shares: number | bigint }>,
): Promise<void> {
  const lines = ["holder,shares"];
  for (const row of rows) lines.push(`${row.holder},${row.shares}`);
  await writeFile(path, `${lines.join("\n")}\n`);
}
