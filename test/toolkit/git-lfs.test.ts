/**
 * A git-LFS checkout made without smudging (`GIT_LFS_SKIP_SMUDGE=1`) holds pointer files; hashing it reads each
 * pointer's oid and size and gives the smudged checkout's root (issue 29). A real repository with Debian's
 * git-lfs, cloned both ways over file://; a pointer whose object is in `.git/lfs/objects` is checked against it,
 * and a broken pointer or a corrupted object is refused in one line.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { hashCommand } from "../../src/hardhat/commands/hash.js";
import { hashDataset } from "../../src/node/hashing.js";
import { HASH_DEFAULTS, runInProcess } from "../helpers/cli.js";

/** git with git-lfs's filters configured for this call only (no global config is read or written). */
function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const filters = [
    "-c",
    "filter.lfs.clean=git-lfs clean -- %f",
    "-c",
    "filter.lfs.smudge=git-lfs smudge -- %f",
    "-c",
    "filter.lfs.process=git-lfs filter-process",
    "-c",
    "filter.lfs.required=true",
    "-c",
    "user.name=test",
    "-c",
    "user.email=test@example.org",
  ];
  return execFileSync("git", [...filters, ...args], {
    cwd,
    env: { ...process.env, HOME: cwd, GIT_CONFIG_NOSYSTEM: "1", ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("content hash of a git-LFS checkout (git-lfs, file:// clones)", function () {
  let dir: string;
  let origin: string;

  before(async function () {
    dir = await mkdtemp(join(tmpdir(), "dd-lfs-"));
    origin = join(dir, "origin");
    await mkdir(join(origin, "data", "train"), { recursive: true });
    git(dir, ["init", "-q", "origin"]);
    await writeFile(join(origin, ".gitattributes"), "*.parquet filter=lfs diff=lfs merge=lfs -text\n");
    await writeFile(join(origin, "data", "train", "part-0.parquet"), randomBytes(5000));
    await writeFile(join(origin, "data", "train", "part-1.parquet"), randomBytes(3000));
    await writeFile(join(origin, "data", "labels.csv"), "id,label\n1,yes\n");
    await writeFile(join(origin, "README.md"), "# lfs data\n");
    git(origin, ["add", "."]);
    git(origin, ["commit", "-q", "-m", "data"]);
    git(dir, ["clone", "-q", `file://${origin}`, "smudged"]);
    git(dir, ["clone", "-q", `file://${origin}`, "pointers"], { GIT_LFS_SKIP_SMUDGE: "1" });
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("gives the smudged checkout's root from the pointers, and says how many it read", async function () {
    const pointerText = await readFile(join(dir, "pointers", "data", "train", "part-0.parquet"), "utf8");
    expect(pointerText).to.match(
      /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:[0-9a-f]{64}\nsize 5000\n$/,
    );
    const smudged = await hashDataset(join(dir, "smudged"));
    const pointers = await hashDataset(join(dir, "pointers"));
    expect(pointers.root).to.equal(smudged.root);
    expect(pointers.files).to.deep.equal(smudged.files);
    expect(smudged.lfsPointers).to.equal(undefined);
    // The unsmudged clone has no objects: nothing to check them against.
    expect(pointers.lfsPointers).to.deep.equal({ read: 2, checked: 0 });
    const run = await runInProcess((io) => hashCommand({ ...HASH_DEFAULTS, path: join(dir, "pointers") }, io));
    expect(run.result.success, run.errors.join()).to.equal(true);
    expect(run.lines.join("\n")).to.contain(smudged.root);
    expect(run.errors).to.include(
      "2 git-LFS pointer(s) read as the files they stand for (0 of their objects found in .git/lfs/objects and checked)",
    );
  });

  it("checks a pointer against its object where the repository has it", async function () {
    // In the origin repository the objects are in .git/lfs/objects: put a pointer back in place of a file.
    const checkout = join(dir, "checked");
    git(dir, ["clone", "-q", `file://${origin}`, "checked"]);
    const file = join(checkout, "data", "train", "part-0.parquet");
    const pointer = execFileSync("git-lfs", ["pointer", `--file=${file}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    await writeFile(file, pointer);
    const hashed = await hashDataset(checkout);
    expect(hashed.lfsPointers).to.deep.equal({ read: 1, checked: 1 });
    expect(hashed.root).to.equal((await hashDataset(join(dir, "smudged"))).root);
  });

  it("refuses a pointer with a bad oid, and one whose object is not what it says, in one line", async function () {
    const checkout = join(dir, "broken");
    git(dir, ["clone", "-q", `file://${origin}`, "broken"]);
    const file = join(checkout, "data", "train", "part-1.parquet");
    await writeFile(file, "version https://git-lfs.github.com/spec/v1\noid sha256:1234\nsize 3000\n");
    const bad = await runInProcess((io) => hashCommand({ ...HASH_DEFAULTS, path: checkout }, io));
    expect(bad.errors).to.deep.equal([
      'error: cannot hash data/train/part-1.parquet: it is a git-LFS pointer with a malformed oid or size (oid "sha256:1234", size "3000")',
    ]);
    // A pointer to an object that is present but corrupted.
    const pointer = execFileSync(
      "git-lfs",
      ["pointer", `--file=${join(dir, "smudged", "data", "train", "part-1.parquet")}`],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    await writeFile(file, pointer);
    const oid = /oid sha256:([0-9a-f]{64})/.exec(pointer)![1];
    const objects = join(checkout, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4));
    expect(await readdir(objects)).to.deep.equal([oid]);
    await writeFile(join(objects, oid), randomBytes(3000));
    const corrupted = await runInProcess((io) => hashCommand({ ...HASH_DEFAULTS, path: checkout }, io));
    expect(corrupted.errors).to.have.length(1);
    expect(corrupted.errors[0]).to.match(
      new RegExp(
        `^error: cannot hash data/train/part-1\\.parquet: it is a git-LFS pointer to ${oid} \\(3000 bytes\\), but that object in \\.git/lfs/objects is 3000 bytes with sha256 [0-9a-f]{64}$`,
      ),
    );
  });
});
