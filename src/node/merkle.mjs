// The Merkle rules of a dataset's content hash, in plain JavaScript so that the hashing worker threads
// (src/node/hash-worker.mjs) and the main thread (src/node/hashing.ts) share one copy. They reproduce
// OpenZeppelin's StandardMerkleTree over (string path, uint256 size, bytes32 sha256) leaves byte for
// byte (test/toolkit/hashing.test.ts checks them against it), without its general object model.
import { keccak_256, keccakP } from "@noble/hashes/sha3.js";

const scratch = new Uint8Array(128 + 4096);
const utf8 = new TextEncoder();

// keccak256 without an allocation per call: the sponge over one reused state, permuted by noble's
// keccak-f1600. A tree of a million leaves hashes three million times; allocating a hasher and its
// output each time was most of the root's time and memory. (noble's own path is kept for big-endian
// machines, where its state needs byte swapping.)
const RATE = 136;
const state = new Uint8Array(200);
const state32 = new Uint32Array(state.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** keccak256(data) written to out[at .. at + 32). */
export function keccakInto(data, out, at) {
  if (!littleEndian) return out.set(keccak_256(data), at);
  state32.fill(0);
  let pos = 0;
  for (; data.length - pos >= RATE; pos += RATE) {
    for (let i = 0; i < RATE; i++) state[i] ^= data[pos + i];
    keccakP(state32, 24);
  }
  const rest = data.length - pos;
  for (let i = 0; i < rest; i++) state[i] ^= data[pos + i];
  state[rest] ^= 0x01; // keccak's padding (not SHA-3's 0x06)
  state[RATE - 1] ^= 0x80;
  keccakP(state32, 24);
  for (let i = 0; i < 32; i++) out[at + i] = state[i];
}

const inner = new Uint8Array(32);

/**
 * A file's leaf: keccak256(keccak256(abi.encode(path, size, sha256))).
 * @param {string} path POSIX path in the dataset
 * @param {number} size bytes (below 2^53)
 * @param {Uint8Array} sha256 32 bytes
 * @returns {Uint8Array} 32 bytes
 */
export function leafHash(path, size, sha256) {
  const out = new Uint8Array(32);
  leafHashInto(path, size, sha256, out, 0);
  return out;
}

/**
 * `leafHash`, written to out[at .. at + 32).
 * @param {string} path
 * @param {number} size
 * @param {Uint8Array} sha256
 * @param {Uint8Array} out
 * @param {number} at
 */
export function leafHashInto(path, size, sha256, out, at) {
  const name = utf8.encode(path);
  const length = 128 + Math.ceil(name.length / 32) * 32;
  const enc = length <= scratch.length ? scratch.subarray(0, length) : new Uint8Array(length);
  enc.fill(0);
  const view = new DataView(enc.buffer, enc.byteOffset, length);
  enc[31] = 0x60; // the string's offset: after the three head words
  view.setUint32(56, Math.floor(size / 2 ** 32));
  view.setUint32(60, size >>> 0);
  enc.set(sha256, 64);
  view.setUint32(124, name.length);
  enc.set(name, 128);
  keccakInto(enc, inner, 0);
  keccakInto(inner, out, at);
}

/**
 * The root of a StandardMerkleTree whose leaves are given (32 bytes each, in any order): sorted, then
 * hashed pairwise (each pair sorted) in the tree layout `makeMerkleTree` uses.
 * @param {Uint8Array} leaves n × 32 bytes
 * @returns {Uint8Array} 32 bytes
 */
export function merkleRoot(leaves) {
  const n = leaves.length / 32;
  if (n === 0 || !Number.isInteger(n)) throw new Error("merkleRoot needs a whole, non-zero number of 32-byte leaves");
  const view = new DataView(leaves.buffer, leaves.byteOffset, leaves.length);
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = view.getUint32(i * 32);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => keys[a] - keys[b] || compare(leaves, a * 32, leaves, b * 32));
  // The tree as makeMerkleTree lays it out: 2n − 1 nodes, sorted leaves at the end in reverse.
  const size = 2 * n - 1;
  const tree = new Uint8Array(size * 32);
  // Byte loops, not subarray views: a view is an object, and a million of them is garbage to collect.
  for (let i = 0; i < n; i++) {
    const from = order[i] * 32;
    const to = (size - 1 - i) * 32;
    for (let k = 0; k < 32; k++) tree[to + k] = leaves[from + k];
  }
  const pair = new Uint8Array(64);
  for (let i = size - 1 - n; i >= 0; i--) {
    const left = (2 * i + 1) * 32;
    const right = (2 * i + 2) * 32;
    const swap = compare(tree, left, tree, right) > 0;
    const first = swap ? right : left;
    const second = swap ? left : right;
    for (let k = 0; k < 32; k++) {
      pair[k] = tree[first + k];
      pair[32 + k] = tree[second + k];
    }
    keccakInto(pair, tree, i * 32);
  }
  return tree.slice(0, 32);
}

function compare(a, i, b, j) {
  for (let k = 0; k < 32; k++) {
    const d = a[i + k] - b[j + k];
    if (d !== 0) return d;
  }
  return 0;
}
