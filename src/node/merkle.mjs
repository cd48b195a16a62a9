// The Merkle rules of a dataset's content hash, in plain JavaScript so that the hashing worker threads
// (src/node/hash-worker.mjs) and the main thread (src/node/hashing.ts) share one copy. They reproduce
// OpenZeppelin's StandardMerkleTree over (string path, uint256 size, bytes32 sha256) leaves byte for
// byte (test/toolkit/hashing.test.ts checks them against it), without its general object model.
import { createKeccak } from "hash-wasm";

// A leaf's ABI encoding is built here: three head words, the path's length, then the path padded to words.
// Paths longer than the scratch (4 KiB of UTF-8) get a buffer of their own.
const scratch = new Uint8Array(128 + 4096);
const scratchView = new DataView(scratch.buffer);
const utf8 = new TextEncoder();

// keccak256 in WebAssembly (hash-wasm), one hasher reused: a tree of a million leaves hashes three million
// times, and noble's keccak-f1600 in JavaScript (over one reused state, no allocation per call) took 5.5 µs for
// a 64-byte input and 10.9 µs for a leaf's 224 bytes, against 1.0 and 1.6 µs here (measured on this machine).
const keccak = await createKeccak(256);

/** keccak256(data) written to out[at .. at + 32). */
export function keccakInto(data, out, at) {
  keccak.init();
  keccak.update(data);
  out.set(keccak.digest("binary"), at);
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
  // encodeInto writes the path's UTF-8 without allocating; it stops short where the room runs out, which only a
  // path of over 1,365 characters can reach (3 bytes each at most): that one is encoded on its own.
  let length;
  let enc = scratch;
  const { read, written } = utf8.encodeInto(path, scratch.subarray(128));
  if (read === path.length) length = written;
  else {
    const name = utf8.encode(path);
    length = name.length;
    enc = new Uint8Array(128 + Math.ceil(length / 32) * 32);
    enc.set(name, 128);
  }
  const padded = 128 + Math.ceil(length / 32) * 32;
  enc.fill(0, 0, 128);
  enc.fill(0, 128 + length, padded);
  const view = enc === scratch ? scratchView : new DataView(enc.buffer);
  enc[31] = 0x60; // the string's offset: after the three head words
  view.setUint32(56, Math.floor(size / 2 ** 32));
  view.setUint32(60, size >>> 0);
  enc.set(sha256, 64);
  view.setUint32(124, length);
  keccakInto(enc.subarray(0, padded), inner, 0);
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
  const order = sortedLeaves(leaves, n);
  // The tree as makeMerkleTree lays it out: 2n − 1 nodes, node i's children at 2i + 1 and 2i + 2, the sorted
  // leaves at the end in reverse (node size − 1 − k is leaf k). Only the n − 1 inner nodes are stored: a leaf is
  // read where it is, through `order` (a million leaves need 32 MiB here, not 64).
  const size = 2 * n - 1;
  const inner = n - 1;
  const nodes = new Uint8Array(inner * 32);
  if (n === 1) return leaves.slice(0, 32);
  const pair = new Uint8Array(64);
  for (let i = inner - 1; i >= 0; i--) {
    // The children, each where it is stored: an inner node in `nodes`, a leaf in `leaves`.
    const left = 2 * i + 1;
    const right = left + 1;
    const la = left < inner ? nodes : leaves;
    const l = left < inner ? left * 32 : order[size - 1 - left] * 32;
    const ra = right < inner ? nodes : leaves;
    const r = right < inner ? right * 32 : order[size - 1 - right] * 32;
    // Sorted pair; byte loops, not subarray views: a million views would be garbage to collect.
    const swap = compare(la, l, ra, r) > 0;
    for (let k = 0; k < 32; k++) {
      pair[k] = swap ? ra[r + k] : la[l + k];
      pair[32 + k] = swap ? la[l + k] : ra[r + k];
    }
    keccakInto(pair, nodes, i * 32);
  }
  return nodes.slice(0, 32);
}

/**
 * The leaves' indices in the order of their bytes. Each leaf's first four bytes and its index go in one 64-bit
 * word (key high, index low: little-endian halves of a BigUint64Array), sorted natively, with no comparator and
 * nothing on the heap; leaves whose first four bytes tie are then ordered by all their bytes.
 * @param {Uint8Array} leaves
 * @param {number} n
 * @returns {Uint32Array}
 */
function sortedLeaves(leaves, n) {
  const words = new BigUint64Array(n);
  const halves = new Uint32Array(words.buffer);
  for (let i = 0; i < n; i++) {
    const at = i * 32;
    halves[2 * i] = i;
    halves[2 * i + 1] = ((leaves[at] << 24) | (leaves[at + 1] << 16) | (leaves[at + 2] << 8) | leaves[at + 3]) >>> 0;
  }
  words.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = halves[2 * i];
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && halves[2 * j + 1] === halves[2 * i + 1]) j++;
    if (j - i > 1) order.subarray(i, j).sort((a, b) => compare(leaves, a * 32, leaves, b * 32));
    i = j;
  }
  return order;
}

function compare(a, i, b, j) {
  for (let k = 0; k < 32; k++) {
    const d = a[i + k] - b[j + k];
    if (d !== 0) return d;
  }
  return 0;
}
