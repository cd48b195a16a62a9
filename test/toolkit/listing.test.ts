/**
 * A content hash from file listings (issue 29, its first part): the root and the manifest from listings equal
 * the ones hashing the bytes gives, in any order and split over shards hashed separately; each bad row is one
 * line naming the listing, the row, the field and the value, and nothing is written.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { hashCommand, type HashArguments } from "../../src/hardhat/commands/hash.js";
import { hashDataset, treeOf } from "../../src/node/hashing.js";
import { hashListings, readListings, writeListing } from "../../src/node/listing.js";
import { buildManifest, writeDatasetManifest, writeManifest } from "../../src/node/manifest.js";
import { HASH_DEFAULTS, runInProcess } from "../helpers/cli.js";

const ARGS: HashArguments = { ...HASH_DEFAULTS, license: "CC0-1.0" };

async function run(args: Partial<HashArguments>) {
  const { lines, errors, result } = await runInProcess((io) => hashCommand({ ...ARGS, ...args }, io));
  return { result, out: lines.join("\n"), errors };
}

describe("content hash from listings", function () {
  let dir: string;
  let data: string;
  beforeEach(async function () {
    dir = await mkdtemp(join(tmpdir(), "dd-listing-"));
    data = join(dir, "data");
    await mkdir(join(data, "train", "deep"), { recursive: true });
    await mkdir(join(data, "test"), { recursive: true });
    await writeFile(join(data, "train", "a.txt"), "alpha\n");
    await writeFile(join(data, "train", "deep", "b.bin"), Buffer.alloc(70_000, 7));
    await writeFile(join(data, "test", "c.txt"), "gamma\n");
    await writeFile(join(data, "README.md"), "# data\n");
  });
  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("gives the root and the manifest of the bytes, from shards hashed apart and listed in any order", async function () {
    const whole = await hashDataset(data);
    // Two shards hashed separately (as two machines would), each writing a listing under its prefix.
    for (const shard of ["train", "test"]) {
      const done = await run({ path: join(data, shard), writeListing: join(dir, `${shard}.jsonl`), prefix: shard });
      expect(done.result.success, done.errors.join()).to.equal(true);
    }
    // The rest, written by hand as another tool would (the sha256 without 0x, the size as a string, reversed).
    const readme = await readFile(join(data, "README.md"));
    await writeFile(
      join(dir, "rest.jsonl"),
      `${JSON.stringify({ sha256: createHash("sha256").update(readme).digest("hex"), size: String(readme.length), path: "README.md" })}\n`,
    );
    const listings = ["test.jsonl", "rest.jsonl", "train.jsonl"].map((f) => join(dir, f));
    const { files, sources } = await readListings(listings);
    expect(treeOf(files).root).to.equal(whole.root);
    expect(files).to.deep.equal(whole.files);
    expect(sources.map((s) => s.files)).to.deep.equal([1, 1, 2]);

    const fromBytes = join(dir, "bytes.json");
    const fromListings = join(dir, "listed.json");
    await run({ path: data, manifest: fromBytes, name: "data" });
    const listed = await run({ path: listings.join(","), listing: true, manifest: fromListings, name: "data" });
    expect(listed.result.success, listed.errors.join()).to.equal(true);
    expect(listed.out).to.contain(whole.root);
    const a = JSON.parse(await readFile(fromBytes, "utf8")) as Record<string, unknown>;
    const b = JSON.parse(await readFile(fromListings, "utf8")) as Record<string, unknown>;
    // The same manifest, plus where its leaves came from.
    expect(b["dd:sources"]).to.deep.equal([
      { listing: "test.jsonl", files: 1 },
      { listing: "rest.jsonl", files: 1 },
      { listing: "train.jsonl", files: 2 },
    ]);
    delete b["dd:sources"];
    expect(b).to.deep.equal(a);
  });

  it("refuses a bad listing in one line naming the listing, the row, the field and the value, writing nothing", async function () {
    const sha = "ab".repeat(32);
    const cases: [string, string, RegExp][] = [
      [
        "dup.jsonl",
        `{"path":"a","size":1,"sha256":"${sha}"}\n{"path":"a","size":2,"sha256":"${sha}"}`,
        /dup\.jsonl: row 2: path "a" is listed twice \(first at .*dup\.jsonl: row 1\)/,
      ],
      ["nosize.jsonl", `{"path":"a","sha256":"${sha}"}`, /nosize\.jsonl: row 1: size is missing/],
      [
        "float.jsonl",
        `{"path":"a","size":1.5,"sha256":"${sha}"}`,
        /float\.jsonl: row 1: size 1\.5: expected a whole number of bytes/,
      ],
      ["text.jsonl", `{"path":"a","size":"12kB","sha256":"${sha}"}`, /size "12kB": expected a whole number of bytes/],
      [
        "short.jsonl",
        `{"path":"a","size":1,"sha256":"abcd"}`,
        /short\.jsonl: row 1: sha256 "abcd": expected a SHA-256: 64 hex digits/,
      ],
      [
        "escape.jsonl",
        `{"path":"../etc/passwd","size":1,"sha256":"${sha}"}`,
        /escape\.jsonl: row 1: path "\.\.\/etc\/passwd": expected a path inside the dataset/,
      ],
      [
        "absolute.jsonl",
        `{"path":"/etc/passwd","size":1,"sha256":"${sha}"}`,
        /path "\/etc\/passwd": expected a path inside the dataset/,
      ],
      [
        "dot.jsonl",
        `{"path":"a/./b","size":1,"sha256":"${sha}"}`,
        /path "a\/\.\/b": expected a path inside the dataset/,
      ],
      ["notjson.jsonl", `path,size,sha256`, /notjson\.jsonl: row 1: not a JSON object/],
    ];
    for (const [name, content, expected] of cases) {
      const listing = join(dir, name);
      await writeFile(listing, `${content}\n`);
      const manifest = join(dir, "m.json");
      const refused = await run({ path: listing, listing: true, manifest, name: "x" });
      expect(refused.result.success, name).to.equal(false);
      expect(refused.errors, name).to.have.length(1);
      expect(refused.errors[0], name).to.match(expected);
      expect(await readdir(dir), name).to.not.include("m.json");
    }
    // Across two listings too, and a listing that is not there.
    await writeFile(join(dir, "one.jsonl"), `{"path":"x","size":1,"sha256":"${sha}"}\n`);
    await writeFile(join(dir, "two.jsonl"), `{"path":"x","size":1,"sha256":"${sha}"}\n`);
    const twice = await run({ path: `${join(dir, "one.jsonl")},${join(dir, "two.jsonl")}`, listing: true, name: "x" });
    expect(twice.errors[0]).to.match(/two\.jsonl: row 1: path "x" is listed twice \(first at .*one\.jsonl: row 1\)/);
    const missing = await run({ path: join(dir, "nope.jsonl"), listing: true, name: "x" });
    expect(missing.errors[0]).to.match(/nope\.jsonl: cannot read the listing \(ENOENT\)/);
    const folder = await run({ path: data, listing: true, name: "x" });
    expect(folder.errors[0]).to.match(/cannot read the listing \(EISDIR\)/);
    const badPrefix = await run({ path: data, writeListing: join(dir, "w.jsonl"), prefix: "../up" });
    expect(badPrefix.errors[0]).to.match(/--prefix must be a path inside the dataset/);
  });

  it("reads a listing in parts on many threads as one: the same root, files, row numbers and refusals", async function () {
    // 3,000 rows (about 400 KiB) with what a listing may hold: CRLF line ends, blank lines, rows the threads leave
    // to the schema (a size as a string, an upper-case 0x SHA-256), a path of 10,000 characters, no newline at the
    // end. Read whole on one thread, and in parts of 1,000 bytes (lines cut anywhere) read 64 bytes at a time.
    const hex = (i: number) => createHash("sha256").update(`row ${i}`).digest("hex");
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const path = i === 1234 ? `long/${"x".repeat(10_000)}` : `d${i % 7}/f-${(i * 7919) % 3000}.bin`;
      const row =
        i % 101 === 0
          ? `{"path":${JSON.stringify(path)},"size":"${i}","sha256":"0x${hex(i).toUpperCase()}"}`
          : JSON.stringify({ path, size: i, sha256: hex(i) });
      lines.push(i % 97 === 0 ? `${row}\r\n` : i % 89 === 0 ? `${row}\n\n` : `${row}\n`);
    }
    const listing = join(dir, "big.jsonl");
    await writeFile(listing, lines.join("").replace(/\n$/, ""));
    const whole = await hashListings([listing], { threads: 1 });
    const parted = await hashListings([listing], { threads: 3, partBytes: 1000, readBytes: 64 });
    expect(parted.root).to.equal(whole.root);
    expect(parted.files).to.deep.equal(whole.files);
    expect(whole.files).to.have.length(3000);
    expect(parted.sources).to.deep.equal([{ listing, files: 3000 }]);
    // The files as objects give the same root as the columns did.
    expect(treeOf(whole.files).root).to.equal(whole.root);

    // A bad row and a path listed twice, deep in later parts: the same row numbers as one thread reads.
    const rowOf = (i: number) => i + 1 + lines.slice(0, i).filter((l) => l.endsWith("\n\n")).length;
    const bad = [...lines];
    bad[2500] = `{"path":"ok","size":-1,"sha256":"${hex(1)}"}\n`;
    await writeFile(listing, bad.join(""));
    for (const options of [{ threads: 1 }, { threads: 2, partBytes: 777 }]) {
      const refused = await hashListings([listing], options).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(refused, JSON.stringify(options)).to.match(
        new RegExp(`big\\.jsonl: row ${rowOf(2500)}: size -1: expected a whole number of bytes`),
      );
    }
    const twice = [...lines];
    twice[2900] = twice[40];
    await writeFile(listing, twice.join(""));
    for (const options of [{ threads: 1 }, { threads: 2, partBytes: 555 }]) {
      const refused = await hashListings([listing], options).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(refused).to.match(
        new RegExp(
          `big\\.jsonl: row ${rowOf(2900)}: path "d5/f-1760\\.bin" is listed twice \\(first at .*big\\.jsonl: row ${rowOf(40)}\\)`,
        ),
      );
    }
  });

  it("writes a listing's manifest and listing from its columns, byte for byte as from its files", async function () {
    const hash = await hashDataset(data);
    const listing = join(dir, "all.jsonl");
    await writeListing(listing, hash);
    const fromFiles = join(dir, "from-files.jsonl");
    await writeListing(fromFiles, hash.files);
    expect(await readFile(listing, "utf8")).to.equal(await readFile(fromFiles, "utf8"));
    const listed = await hashListings([listing]);
    const about = { name: "d", description: "", license: "MIT", creators: [{ name: "Ada" }] };
    await writeDatasetManifest(join(dir, "columns.json"), listed, about, { "dd:sources": [] });
    await writeManifest(join(dir, "objects.json"), { ...buildManifest(hash, about), ...{ "dd:sources": [] } });
    expect(await readFile(join(dir, "columns.json"), "utf8")).to.equal(
      await readFile(join(dir, "objects.json"), "utf8"),
    );
  });
});
