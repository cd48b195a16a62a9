// Worker thread for src/node/listing.ts. Plain JavaScript, so it runs in a worker without a TypeScript loader.
//
// It is sent parts of listing files (a byte range each) and answers each with its rows as columns, sorted by
// path: the paths joined by NUL (a path never holds one), and transferable buffers of sizes, SHA-256s, Merkle
// leaves and row numbers. So the threads share the parsing, the checks, the sort and the leaf hashes (about
// 5 µs a row, most of it keccak), and the main thread merges sorted runs.
//
// A line belongs to the part its first byte is in. Rows are counted from the part's first line (blank lines
// count, as in `jsonLines`); the main thread adds the rows of the parts before. A row this thread does not take
// as it is (not JSON, not an object of a plain path, a whole number of bytes and a 64-hex-digit SHA-256) is
// sent back as text with its row number, for the schema to take or refuse: this file never refuses a row, so
// the schema layer stays the one place that says what a row may be.
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort } from "node:worker_threads";

import { leafHashInto, merkleRoot } from "./merkle.mjs";
import { checkedPath } from "./paths.mjs";

const SHA256 = /^(0x)?[0-9a-fA-F]{64}$/;

/** The row's values where it is a plain row, else undefined. */
function plain(value) {
  if (typeof value !== "object" || value === null) return undefined;
  const { path, size, sha256 } = value;
  if (typeof path !== "string" || checkedPath(path) === undefined) return undefined;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) return undefined;
  if (typeof sha256 !== "string" || !SHA256.test(sha256)) return undefined;
  return value;
}

/** Calls `line(text)` for each line whose first byte is in [start, end) of the file. */
function eachLine(file, start, end, readBytes, line) {
  const fd = openSync(file, "r");
  try {
    let buffer = Buffer.allocUnsafe(readBytes);
    let filled = 0; // bytes in buffer
    let at = start; // the file position of buffer[0]
    let skip = false; // the part starts inside a line: that line is the part before's
    if (start > 0) {
      const one = Buffer.alloc(1);
      readSync(fd, one, 0, 1, start - 1);
      skip = one[0] !== 10;
    }
    for (;;) {
      if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2); // a line longer than the buffer
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, filled, buffer.length - filled, at + filled);
      filled += n;
      let from = 0;
      for (let nl; (nl = buffer.indexOf(10, from)) !== -1 && nl < filled; from = nl + 1) {
        if (at + from >= end) return;
        if (skip) skip = false;
        else line(buffer.toString("utf8", from, buffer[nl - 1] === 13 && nl > from ? nl - 1 : nl));
      }
      if (n === 0) {
        // The last line, without a newline after it.
        if (from < filled && at + from < end && !skip) line(buffer.toString("utf8", from, filled));
        return;
      }
      buffer.copy(buffer, 0, from, filled);
      filled -= from;
      at += from;
    }
  } finally {
    closeSync(fd);
  }
}

parentPort.on("message", ({ id, file, start, end, readBytes, leaves }) => {
  if (leaves !== undefined) {
    // The root over all parts' leaves (sent last, to a thread of its own).
    try {
      parentPort.postMessage({ root: merkleRoot(new Uint8Array(leaves)) });
    } catch (error) {
      parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  try {
    const paths = [];
    const sizes = [];
    const shas = [];
    const rowOf = [];
    const odd = [];
    let lines = 0;
    eachLine(file, start, end, readBytes, (text) => {
      lines++;
      if (text.trim() === "") return;
      let value;
      try {
        value = plain(JSON.parse(text));
      } catch {
        // not JSON: the main thread says so
      }
      if (value === undefined) {
        odd.push({ row: lines, line: text });
        return;
      }
      paths.push(value.path);
      sizes.push(value.size);
      shas.push(value.sha256);
      rowOf.push(lines);
    });
    const n = paths.length;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => (paths[a] < paths[b] ? -1 : paths[a] > paths[b] ? 1 : 0));
    const sizeOut = new Float64Array(n);
    const shaBytes = new Uint8Array(n * 32);
    const sha = Buffer.from(shaBytes.buffer);
    const leaves = new Uint8Array(n * 32);
    const rows = new Uint32Array(n);
    const sorted = new Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[k];
      sorted[k] = paths[i];
      sizeOut[k] = sizes[i];
      const hex = shas[i];
      sha.write(hex.length === 66 ? hex.slice(2) : hex, k * 32, 32, "hex");
      rows[k] = rowOf[i];
      leafHashInto(paths[i], sizes[i], sha.subarray(k * 32, k * 32 + 32), leaves, k * 32);
    }
    const buffers = { sizes: sizeOut.buffer, sha: shaBytes.buffer, leaves: leaves.buffer, rows: rows.buffer };
    parentPort.postMessage({ id, lines, paths: sorted.join("\0"), ...buffers, odd }, Object.values(buffers));
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? (error.code ?? error.message) : String(error) });
  }
});
