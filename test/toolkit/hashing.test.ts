import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdir, rename, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { SimpleMerkleTree, StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { AbiCoder, keccak256 } from "ethers";

import { DataDividendsError } from "../../src/protocol/errors.js";
import { hashDataset, listDatasetFiles, treeOf, type HashProgress } from "../../src/node/hashing.js";
import { leafHash, merkleRoot } from "../../src/node/merkle.mjs";
import { VECTOR_FILES, folderWith } from "../helpers/files.js";

const sha256 = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}`;
// Pinned: changing the leaf encoding or the tree must be a deliberate, visible break. The per-file
// digests are checked against coreutils' sha256sum; the encoding against Solidity in proofs.test.ts.
const PINNED_ROOT = "0x2c307c6ba2bd738888b6aa061801c926c209dbf4b12ed1d2eb33a8a6f6d069b7";
const SHA256SUM = {
  "README.md": "0x0350c39f4851ff2ddde02e010f53048a4c1dd68dd0c94b7d9e418a60176079fc",
  "data/train.csv": "0x2a2b86e74ffd5e6a9b75e52a105cf9d02920837179f8e8961aa15411d380f7a3",
  "data/test.csv": "0x35d93c69ac08f1dc013240da89b47d87a810260e20591ea3e5844d3f5c7c4d7c",
};
// `head -c 805306368 /dev/zero | sha256sum`
const ZEROS_768_MIB = "0xd8492a624b5ded59e8a2185b0755f195a58642456e8387ba2817e46f1e05b358";

async function rejects(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DataDividendsError);
    expect((error as DataDividendsError).code).to.equal(code);
    expect((error as Error).message).to.match(pattern);
    return;
  }
  expect.fail("expected a DataDividendsError");
}

describe("dataset hashing", function () {
  it("hashes a known folder to its pinned content hash", async function () {
    const root = await folderWith(VECTOR_FILES);
    const hash = await hashDataset(root);
    expect(hash.files.map((f) => f.path)).to.deep.equal(["README.md", "data/test.csv", "data/train.csv"]);
    for (const f of hash.files) {
      const content = VECTOR_FILES[f.path as keyof typeof VECTOR_FILES];
      expect(f.sha256).to.equal(SHA256SUM[f.path as keyof typeof SHA256SUM]);
      expect(f.size).to.equal(BigInt(Buffer.byteLength(content)));
    }
    expect(hash.root).to.equal(PINNED_ROOT);
  });

  it("builds leaves as keccak256(keccak256(abi.encode(path, size, sha256)))", async function () {
    const root = await folderWith({ "only.txt": "one file\n" });
    const hash = await hashDataset(join(root, "only.txt"));
    const leaf = keccak256(
      keccak256(
        AbiCoder.defaultAbiCoder().encode(["string", "uint256", "bytes32"], ["only.txt", 9n, sha256("one file\n")]),
      ),
    );
    // A single file is a one-leaf tree: its root is its leaf.
    expect(hash.files).to.have.length(1);
    expect(hash.root).to.equal(leaf);
  });

  it("changes the hash on a rename, an edit or an added file, and not on creation order", async function () {
    const base = (await hashDataset(await folderWith(VECTOR_FILES))).root;
    const reversed = await folderWith(VECTOR_FILES, Object.keys(VECTOR_FILES).reverse());
    expect((await hashDataset(reversed)).root).to.equal(base);

    const renamed = await folderWith(VECTOR_FILES);
    await rename(join(renamed, "data/test.csv"), join(renamed, "data/holdout.csv"));
    const edited = await folderWith({ ...VECTOR_FILES, "data/test.csv": "x,y\n5,7\n" });
    const added = await folderWith({ ...VECTOR_FILES, "data/extra.csv": "" });
    const roots = await Promise.all([renamed, edited, added].map(async (d) => (await hashDataset(d)).root));
    expect(new Set([base, ...roots]).size).to.equal(4);
  });

  it("uses POSIX paths relative to the root, without ./", async function () {
    const root = await folderWith({ "a/b/c.txt": "deep", "top.txt": "t" });
    const { files } = await listDatasetFiles(root);
    expect(files.map((f) => f.path)).to.deep.equal(["a/b/c.txt", "top.txt"]);
  });

  it("skips hidden files and folders unless asked to include them", async function () {
    const root = await folderWith({ "data.csv": "1", ".DS_Store": "junk", ".git/config": "[core]" });
    expect((await hashDataset(root)).files.map((f) => f.path)).to.deep.equal(["data.csv"]);
    const all = await hashDataset(root, { includeHidden: true });
    expect(all.files.map((f) => f.path)).to.deep.equal([".DS_Store", ".git/config", "data.csv"]);
  });

  it("refuses symbolic links, special files, empty folders and missing paths, naming them", async function () {
    const linked = await folderWith({ "real.txt": "r" });
    await symlink(join(linked, "real.txt"), join(linked, "link.txt"));
    await rejects(hashDataset(linked), "INVALID_INPUT", /link\.txt is a symbolic link/);
    await rejects(hashDataset(join(linked, "link.txt")), "INVALID_INPUT", /symbolic link/);

    const fifo = await folderWith({ "ok.txt": "o" });
    execFileSync("mkfifo", [join(fifo, "pipe")]);
    await rejects(hashDataset(fifo), "INVALID_INPUT", /pipe is not a regular file/);

    const empty = await folderWith({});
    await mkdir(join(empty, "sub"));
    await rejects(hashDataset(empty), "INVALID_INPUT", /has no files to hash/);
    const onlyHidden = await folderWith({ ".hidden": "h" });
    await rejects(hashDataset(onlyHidden), "INVALID_INPUT", /hidden files are skipped/);
    await rejects(hashDataset(join(empty, "nope")), "NOT_FOUND", /does not exist/);
  });

  it("gives the same hash on one thread and on many, and reports progress to the end", async function () {
    const files: Record<string, string> = {};
    // Several batches of 256 files, so that several threads share them.
    for (let i = 0; i < 700; i++) files[`part-${String(i).padStart(3, "0")}.txt`] = `row ${i}\n`.repeat((i % 40) + 1);
    const root = await folderWith(files);
    const seen: HashProgress[] = [];
    const many = await hashDataset(root, { threads: 3, progressIntervalMs: 0, onProgress: (p) => seen.push(p) });
    const one = await hashDataset(root, { threads: 1 });
    expect(many.root).to.equal(one.root);
    const done = seen.map((p) => p.filesDone);
    expect(done).to.deep.equal([...done].sort((a, b) => a - b));
    expect(seen.length).to.be.greaterThan(2);
    const last = seen[seen.length - 1];
    expect(last.filesDone).to.equal(700);
    expect(typeof last.bytesTotal).to.equal("bigint");
    expect(last.bytesDone === last.bytesTotal, "all bytes done").to.equal(true);
    expect(last.etaMs).to.equal(0);
    expect(last.filesPerSecond).to.be.greaterThan(0);
  });

  it("throttles progress: with a long interval, only the final report", async function () {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`f${i}.txt`] = `${i}`;
    const seen: HashProgress[] = [];
    await hashDataset(await folderWith(files), {
      threads: 2,
      progressIntervalMs: 3_600_000,
      onProgress: (p) => seen.push(p),
    });
    expect(seen.map((p) => p.filesDone)).to.deep.equal([600]);
  });

  it("gives OpenZeppelin's StandardMerkleTree root on the seed datasets (pinned) and on generated trees", async function () {
    this.timeout(120_000);
    // Roots registered with earlier versions must stay valid: pinned, and recomputed by the reference.
    const SEEDS = {
      "city-air-quality": "0xa63a49da2567ec2b60d004eeee06f9b6e05bfe0d1c10a7b14b249d8b0c1b1175",
      "product-reviews-sentiment": "0x54ff0797562521698acbe94ca815b8bb52292c1f2c6c04946f236bd6c2a7ba4a",
      "wildflower-observations": "0x37dbd31450abf3385c9ddc3b73ddb20eaeba289ed8da0c1617c421c20ea4fcc3",
    };
    const reference = async (dir: string, paths: string[]) => {
      const { readFile } = await import("node:fs/promises");
      const leaves = await Promise.all(
        paths.map(async (p) => {
          const content = await readFile(join(dir, p));
          return [p, BigInt(content.length), `0x${createHash("sha256").update(content).digest("hex")}`];
        }),
      );
      return StandardMerkleTree.of(leaves, ["string", "uint256", "bytes32"]).root;
    };
    for (const [name, pinned] of Object.entries(SEEDS)) {
      const dir = join("seeds", "datasets", name);
      const hash = await hashDataset(dir);
      expect(hash.root, name).to.equal(pinned);
      expect(
        await reference(
          dir,
          hash.files.map((f) => f.path),
        ),
        name,
      ).to.equal(pinned);
    }
    // Generated: one, two, three and 1,000 files; empty files; non-ASCII, long and nested paths.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const count of [1, 2, 3, 1000]) {
      const files: Record<string, string> = {};
      for (let i = 0; i < count; i++) {
        const name =
          i % 7 === 0
            ? `deep/${"nested-folder/".repeat(1 + (i % 4))}f${i}.txt`
            : i % 5 === 0
              ? `données/ß-${i}.csv`
              : `f${i}`;
        files[name] = i % 11 === 0 ? "" : "x".repeat(Math.floor(random() * 5000));
      }
      if (count === 3) files[`${"long-folder-name-".repeat(12)}/`.repeat(3) + "file.txt"] = "a path of 600 bytes";
      const dir = await folderWith(files);
      const hash = await hashDataset(dir, { threads: 2 });
      expect(hash.root, `${count} files`).to.equal(
        await reference(
          dir,
          hash.files.map((f) => f.path),
        ),
      );
      expect(hash.tree.root, `${count} files: the lazily built tree`).to.equal(hash.root);
      expect(treeOf(hash.files).root, `${count} files: from entries`).to.equal(hash.root);
      await rm(dir, { recursive: true });
    }
  });

  it("streams a large file in bounded memory", async function () {
    this.timeout(120_000);
    const root = await folderWith({});
    const big = join(root, "big.bin");
    await writeFile(big, "");
    await truncate(big, 768 * 2 ** 20); // sparse: 768 MiB of zeros, no disk used
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const hash = await hashDataset(big);
    clearInterval(timer);
    expect(hash.files[0].size).to.equal(768n * 2n ** 20n);
    expect(hash.files[0].sha256).to.equal(ZEROS_768_MIB);
    expect(peak - before, "RSS growth while hashing 768 MiB").to.be.below(100 * 2 ** 20);
    await rm(root, { recursive: true });
  });

  it("encodes a leaf as the ABI does, for any path length (past the 4 KiB scratch buffer too)", function () {
    const digest = createHash("sha256").update("x").digest();
    for (const path of ["", "a", "é/ß.txt", "p".repeat(31), "p".repeat(32), "p".repeat(33), "q".repeat(5000)]) {
      for (const size of [0, 1, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
        const expected = keccak256(
          keccak256(AbiCoder.defaultAbiCoder().encode(["string", "uint256", "bytes32"], [path, size, digest])),
        );
        expect(
          `0x${Buffer.from(leafHash(path, size, digest)).toString("hex")}`,
          `${path.length} chars, ${size}`,
        ).to.equal(expected);
      }
    }
  });

  it("builds OpenZeppelin's root over any leaves: 1 to 33 of them, and leaves whose first bytes tie", function () {
    // The root sorts leaves by their first four bytes, then by all 32 where those tie: leaves made to tie there
    // (and to differ only in their last byte) check the second step, which random leaves of a real dataset reach
    // about once in eight million-file trees.
    const leaf = (i: number, tie: boolean) => {
      const bytes = createHash("sha256").update(`leaf ${i}`).digest();
      if (tie) bytes.fill(0xab, 0, 31);
      return bytes;
    };
    for (const [count, ties] of [
      [1, 0],
      [2, 2],
      [3, 0],
      [7, 5],
      [16, 16],
      [33, 9],
    ]) {
      const leaves = Array.from({ length: count }, (_, i) => leaf(i, i < ties));
      const expected = SimpleMerkleTree.of(leaves.map((l) => `0x${l.toString("hex")}`)).root;
      const got = `0x${Buffer.from(merkleRoot(new Uint8Array(Buffer.concat(leaves)))).toString("hex")}`;
      expect(got, `${count} leaves, ${ties} tied`).to.equal(expected);
    }
  });

  it("rebuilds the same tree from entries alone", async function () {
    const hash = await hashDataset(await folderWith(VECTOR_FILES));
    expect(treeOf(hash.files).root).to.equal(hash.root);
  });
});
