/**
 * The share tree of a crowd dataset, as contracts/libraries/ShareTree.sol hashes it: a positional Merkle sum
 * tree whose leaf `i` is slot `i` (`keccak256(abi.encode(account, identity, shares))`) and whose node is
 * `keccak256(left ‖ uint40 leftSum ‖ right ‖ uint40 rightSum)`. A differential test holds the two copies
 * equal. Browser-safe: the page and the SDK verify and submit proofs with it; building a tree of millions of
 * slots from a file is the node layer's (src/node/share-tree-file.ts).
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { ZeroAddress, ZeroHash, getAddress, getCreateAddress, hexlify, solidityPackedKeccak256 } from "ethers";

/** Most slots a tree may hold (indexes are uint32 on chain). */
export const MAX_SLOTS = 2 ** 32;
/** Most shares one slot may hold (uint32). */
export const MAX_SLOT_SHARES = 2 ** 32 - 1;
/** Most shares a tree may total (uint40). */
export const MAX_TREE_SHARES = 2 ** 40 - 1;

/**
 * The share-tree module of a dataset registry: the registry deploys it in its constructor, as its first
 * creation (contract nonces start at 1, EIP-161), so its address follows from the registry's alone.
 */
export function shareTreesAddress(datasetRegistry: string): string {
  return getCreateAddress({ from: datasetRegistry, nonce: 1 });
}

/** The namespaces a holder's handle may use. */
export const IDENTITY_NAMESPACES = ["hf", "github", "orcid", "email"] as const;
export type IdentityNamespace = (typeof IDENTITY_NAMESPACES)[number];

/** Who holds a slot: an address, or a person known by a handle. */
export type Holder = { kind: "address"; account: string } | { kind: "identity"; handle: string };

const HANDLE_RULES: Record<IdentityNamespace, { pattern: RegExp; lower: boolean; says: string }> = {
  hf: { pattern: /^[a-z0-9](?:[a-z0-9._-]{0,94}[a-z0-9])?$/i, lower: true, says: "a Hugging Face user name" },
  github: { pattern: /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/i, lower: true, says: "a GitHub user name" },
  orcid: { pattern: /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, lower: false, says: "an ORCID iD (0000-0002-1825-0097)" },
  email: { pattern: /^[^\s@:]+@[^\s@]+\.[^\s@]+$/, lower: true, says: "an e-mail address" },
};

/** ISO 7064 11,2: the check digit of an ORCID iD. */
function orcidChecks(id: string): boolean {
  const digits = id.replaceAll("-", "");
  let total = 0;
  for (const d of digits.slice(0, -1)) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits.at(-1) === (check === 10 ? "X" : String(check));
}

/**
 * Reads a holder as a contributors file writes it: an address, `namespace:handle` (hf, github, orcid, email) or
 * a bare e-mail address. Handles are normalised (lower case where the service ignores case), so one person is one
 * handle. Throws a sentence naming what is wrong.
 */
export function parseHolder(text: string): Holder {
  const value = text.trim();
  if (/^0x/i.test(value)) {
    // One checksum (a keccak) per address: a million-row file holds many.
    let account: string;
    try {
      if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new Error();
      account = getAddress(value);
    } catch {
      throw new Error(`"${value}" is not an address`);
    }
    if (account === ZeroAddress) throw new Error(`"${value}" is the zero address, which cannot hold a slot`);
    return { kind: "address", account };
  }
  const colon = value.indexOf(":");
  if (colon < 0) {
    if (HANDLE_RULES.email.pattern.test(value)) return { kind: "identity", handle: `email:${value.toLowerCase()}` };
    throw new Error(`"${value}" has no namespace: write it as ${IDENTITY_NAMESPACES.map((n) => `${n}:…`).join(", ")}`);
  }
  const namespace = value.slice(0, colon).toLowerCase();
  const name = value.slice(colon + 1);
  if (!(IDENTITY_NAMESPACES as readonly string[]).includes(namespace)) {
    throw new Error(`"${value}" has an unknown namespace "${namespace}" (known: ${IDENTITY_NAMESPACES.join(", ")})`);
  }
  const rule = HANDLE_RULES[namespace as IdentityNamespace];
  if (!rule.pattern.test(name) || (namespace === "orcid" && !orcidChecks(name))) {
    throw new Error(`"${value}" is not ${rule.says}`);
  }
  return { kind: "identity", handle: `${namespace}:${rule.lower ? name.toLowerCase() : name}` };
}

/** The holder as text (what a contributors file and a tree file hold). */
export function holderText(holder: Holder): string {
  return holder.kind === "address" ? holder.account : holder.handle;
}

/**
 * The commitment a leaf holds for the identity at slot `index`:
 * `keccak256(abi.encodePacked(treeSalt, uint32(index), handle))`. The tree's salt keeps the chain from listing who
 * is in a dataset (handles are guessable); the tree file keeps it for the person and the attester. The chain never
 * computes it: a binding proves the leaf, and the attester vouches for the handle.
 */
export function identityCommitment(handle: string, treeSalt: string, index: number): string {
  return solidityPackedKeccak256(["bytes32", "uint32", "string"], [treeSalt, index, handle]);
}

/** A slot as its leaf commits to it. */
export interface SlotLeaf {
  account: string;
  identity: string;
  shares: bigint;
}

/** The leaf of a holder at `index` in a tree with identity salt `treeSalt`. */
export function slotLeafOf(holder: Holder, shares: bigint, treeSalt: string, index: number): SlotLeaf {
  return holder.kind === "address"
    ? { account: holder.account, identity: ZeroHash, shares }
    : { account: ZeroAddress, identity: identityCommitment(holder.handle, treeSalt, index), shares };
}

const leafBuffer = new Uint8Array(96);

/** A leaf's hash, 32 bytes: `keccak256(abi.encode(account, identity, shares))`. */
export function leafHash(leaf: SlotLeaf): Uint8Array {
  leafBuffer.fill(0);
  const account = hexBytes(leaf.account);
  leafBuffer.set(account, 32 - account.length);
  leafBuffer.set(hexBytes(leaf.identity), 32);
  let shares = BigInt(leaf.shares);
  for (let i = 95; i >= 64 && shares > 0n; i--, shares >>= 8n) leafBuffer[i] = Number(shares & 0xffn);
  return keccak_256(leafBuffer);
}

const nodeBuffer = new Uint8Array(74);

/** Writes `sum` as 5 big-endian bytes at `out[at..at+5)` (sums are below 2^40, exact in a double). */
export function writeSum(out: Uint8Array, at: number, sum: number): void {
  let rest = sum;
  for (let i = 4; i >= 0; i--) {
    out[at + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

/** Reads 5 big-endian bytes at `bytes[at..at+5)` as a sum. */
export function readSum(bytes: Uint8Array, at: number): number {
  let sum = 0;
  for (let i = 0; i < 5; i++) sum = sum * 256 + bytes[at + i];
  return sum;
}

/** A node's hash, 32 bytes, over its children's hashes and sums (each sum as uint40: truncated as on chain). */
export function nodeHash(left: Uint8Array, leftSum: number, right: Uint8Array, rightSum: number): Uint8Array {
  nodeBuffer.set(left.subarray(0, 32), 0);
  writeSum(nodeBuffer, 32, leftSum % 2 ** 40);
  nodeBuffer.set(right.subarray(0, 32), 37);
  writeSum(nodeBuffer, 69, rightSum % 2 ** 40);
  return keccak_256(nodeBuffer);
}

/** The tree's depth for `count` slots: the least `d` with `2^d >= count`. */
export function treeDepth(count: number): number {
  let depth = 0;
  while (2 ** depth < count) depth++;
  return depth;
}

/** The hash of an all-padding subtree of height `h` (sum 0): the zero leaf, then nodes of two of them. */
export function paddingHashes(depth: number): Uint8Array[] {
  const out = [leafHash({ account: ZeroAddress, identity: ZeroHash, shares: 0n })];
  for (let h = 1; h <= depth; h++) out.push(nodeHash(out[h - 1], 0, out[h - 1], 0));
  return out;
}

/**
 * A slot's proof as `ShareTrees` takes it: the siblings' hashes from the leaf up, and their sums, 5 bytes each,
 * as one hex string.
 */
export interface SlotProofPath {
  hashes: string[];
  sums: string;
}

/**
 * The root and sum a leaf climbs to (the contract's `ShareTree.climb`), so a proof is checked before it is sent.
 */
export function climb(leaf: SlotLeaf, index: number, path: SlotProofPath): { root: string; total: number } {
  let node = leafHash(leaf);
  let sum = Number(leaf.shares);
  const sums = hexBytes(path.sums);
  if (sums.length !== path.hashes.length * 5) throw new Error("a proof has 5 bytes of sum per hash");
  path.hashes.forEach((hex, level) => {
    const sibling = hexBytes(hex);
    const siblingSum = readSum(sums, level * 5);
    node =
      Math.floor(index / 2 ** level) % 2 === 0
        ? nodeHash(node, sum, sibling, siblingSum)
        : nodeHash(sibling, siblingSum, node, sum);
    sum += siblingSum;
  });
  return { root: hexlify(node), total: sum };
}

/**
 * The levels of a tree held in memory: `hashes[l]` packs level `l`'s nodes (32 bytes each; level 0 the leaves) and
 * `sums[l]` their sums. Nodes past the last slot's are padding and are not stored.
 */
export interface TreeLevels {
  hashes: Uint8Array[];
  sums: Float64Array[];
}

/** Builds every level above packed leaves (`leaves` 32 bytes per slot, `shares` per slot). */
export function buildLevels(leaves: Uint8Array, shares: Float64Array): TreeLevels {
  const count = shares.length;
  const depth = treeDepth(count);
  const padding = paddingHashes(depth);
  const levels: TreeLevels = { hashes: [leaves], sums: [shares] };
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
      const right = r < width ? below.subarray(r * 32, r * 32 + 32) : padding[level - 1];
      const rightSum = r < width ? belowSums[r] : 0;
      hashes.set(nodeHash(below.subarray(l * 32, l * 32 + 32), belowSums[l], right, rightSum), i * 32);
      sums[i] = belowSums[l] + rightSum;
    }
    levels.hashes.push(hashes);
    levels.sums.push(sums);
    width = next;
  }
  return levels;
}

/** The root of built levels, as hex, and its sum. */
export function rootOf(levels: TreeLevels): { root: string; total: number } {
  const top = levels.hashes.at(-1)!;
  return { root: hexlify(top.subarray(0, 32)), total: levels.sums.at(-1)![0] };
}

/**
 * Slot `index`'s proof, from any source of nodes: `node(level, position)` gives a stored node or undefined
 * where the position is padding.
 */
export function proofFrom(
  depth: number,
  index: number,
  node: (level: number, position: number) => { hash: Uint8Array; sum: number } | undefined,
): SlotProofPath {
  const padding = paddingHashes(depth);
  const hashes: string[] = [];
  const sums = new Uint8Array(depth * 5);
  for (let level = 0; level < depth; level++) {
    const sibling = Math.floor(index / 2 ** level) ^ 1;
    const found = node(level, sibling) ?? { hash: padding[level], sum: 0 };
    hashes.push(hexlify(found.hash));
    writeSum(sums, level * 5, found.sum);
  }
  return { hashes, sums: hexlify(sums) };
}

/** Slot `index`'s proof from built levels. */
export function proofFromLevels(levels: TreeLevels, index: number): SlotProofPath {
  return proofFrom(levels.hashes.length - 1, index, (level, position) =>
    position < levels.sums[level].length
      ? { hash: levels.hashes[level].subarray(position * 32, position * 32 + 32), sum: levels.sums[level][position] }
      : undefined,
  );
}

/** A small tree, in memory: the slots' leaves, levels and root (tests, the demo; files use the node layer). */
export function shareTreeOf(leaves: readonly SlotLeaf[]): TreeLevels & { root: string; total: number } {
  if (leaves.length === 0) throw new Error("a share tree needs at least one slot");
  const packed = new Uint8Array(leaves.length * 32);
  const shares = new Float64Array(leaves.length);
  leaves.forEach((leaf, i) => {
    packed.set(leafHash(leaf), i * 32);
    shares[i] = Number(leaf.shares);
  });
  const levels = buildLevels(packed, shares);
  return { ...levels, ...rootOf(levels) };
}

function hexBytes(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
