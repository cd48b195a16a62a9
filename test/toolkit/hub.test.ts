/**
 * A content hash from a Hugging Face Hub revision (issue 29), against a local server that speaks the Hub's API
 * (tools/hub.ts) over a folder the test makes: the root and the manifest equal the ones hashing the same files
 * gives, reading only the git-stored files and the `--sample`; every failure (a gated dataset without a token, a
 * revision that does not exist, a page cut short, a server that stops answering, a listing that is not the data
 * or leaves the dataset) is one line, and nothing is written.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { hashCommand, type HashArguments } from "../../src/hardhat/commands/hash.js";
import { hashDataset } from "../../src/node/hashing.js";
import { hubListing } from "../../src/node/hub.js";
import { proveFile, readManifest } from "../../src/node/manifest.js";
import { HASH_DEFAULTS, runInProcess } from "../helpers/cli.js";
import { hubFilesFromFolder, startHub, type HubFile, type HubServerOptions, type RunningHub } from "../../tools/hub.js";

const REPO = "open-data/crowd-speech";
const ARGS: HashArguments = { ...HASH_DEFAULTS, license: "CC0-1.0", hub: true, path: REPO };

describe("content hash from a Hugging Face Hub revision (a local Hub)", function () {
  let dir: string;
  let data: string;
  let files: HubFile[];
  const hubs: RunningHub[] = [];
  const env = { ...process.env };

  /** A Hub over the test's folder; HF_ENDPOINT points at it. */
  async function hub(over: Partial<HubServerOptions> = {}): Promise<RunningHub> {
    const running = await startHub({ repo: REPO, files, pageSize: 3, ...over });
    hubs.push(running);
    process.env.HF_ENDPOINT = running.url;
    return running;
  }

  async function run(args: Partial<HashArguments>) {
    const { lines, errors, result } = await runInProcess((io) => hashCommand({ ...ARGS, ...args }, io));
    return { result, out: lines.join("\n"), errors };
  }

  before(async function () {
    dir = await mkdtemp(join(tmpdir(), "dd-hub-"));
    data = join(dir, "crowd-speech");
    await mkdir(join(data, "data", "train"), { recursive: true });
    await mkdir(join(data, "data", "test"), { recursive: true });
    for (let i = 0; i < 4; i++)
      await writeFile(join(data, "data", "train", `part-${i}.parquet`), randomBytes(3000 + i));
    await writeFile(join(data, "data", "test", "part-0.parquet"), randomBytes(5000));
    await writeFile(join(data, "README.md"), "# crowd speech\n");
    await writeFile(join(data, "data", "test", "labels.csv"), "id,label\n1,yes\n");
    await writeFile(join(data, ".gitattributes"), "*.parquet filter=lfs diff=lfs merge=lfs -text\n");
    files = await hubFilesFromFolder(data);
  });
  afterEach(async function () {
    for (const h of hubs.splice(0)) await h.stop();
    for (const key of ["HF_ENDPOINT", "HF_TOKEN", "HF_HUB_DOWNLOAD_TIMEOUT"]) {
      if (env[key] === undefined) delete process.env[key];
      else process.env[key] = env[key];
    }
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("gives the root and the manifest of the bytes, downloading only the files stored in git", async function () {
    const server = await hub();
    const manifest = join(dir, "hub.json");
    const done = await run({ manifest, revision: "main" });
    expect(done.result.success, done.errors.join()).to.equal(true);
    const whole = await hashDataset(data);
    expect(done.out).to.contain(whole.root);
    expect(done.out).to.contain(`${REPO}@${server.commit.slice(0, 12)}`);
    // Every page of the tree was read (3 entries a page), and only the two small files' bytes (plus the
    // one-byte probe the Hub's client makes before each download).
    const pages = server.requests.filter((r) => r.includes("/tree/"));
    expect(pages.length).to.be.greaterThan(3);
    const downloads = server.requests.filter((r) => r.includes("/resolve/")).map((r) => r.split("/").at(-1));
    expect([...new Set(downloads)].sort()).to.deep.equal(["README.md", "labels.csv"]);
    const gitBytes = files.filter((f) => !f.lfs && !f.path.startsWith(".")).reduce((s, f) => s + f.size, 0);
    expect(done.errors.join("\n")).to.match(
      new RegExp(
        `${REPO} at main is commit ${server.commit}: 5 LFS file\\(s\\) from the listing, 2 stored in git downloaded and hashed, 0 LFS file\\(s\\) downloaded and checked; ${gitBytes} bytes downloaded`,
      ),
    );
    const written = JSON.parse(await readFile(manifest, "utf8")) as Record<string, unknown>;
    const fromFolder = join(dir, "folder.json");
    const folder = await run({ hub: false, path: data, manifest: fromFolder, name: "crowd-speech" });
    expect(folder.result.success, folder.errors.join()).to.equal(true);
    const expected = JSON.parse(await readFile(fromFolder, "utf8")) as Record<string, unknown>;
    expect({ ...written, "dd:hub": undefined }).to.deep.equal({ ...expected, "dd:hub": undefined });
    // The manifest from the Hub verifies against the files, and proves a file as any manifest does.
    const verified = await run({ hub: false, path: data, verify: manifest });
    expect(verified.result.success, verified.errors.join()).to.equal(true);
    const proof = proveFile(await readManifest(manifest), "data/train/part-2.parquet");
    expect(proof.root).to.equal(whole.root);
    expect(proof.proof.length).to.be.greaterThan(0);
    expect(written["dd:hub"]).to.deep.equal({
      endpoint: server.url,
      repository: REPO,
      revision: "main",
      commit: server.commit,
      listedFiles: 5,
      gitFiles: 2,
      sampled: 0,
      bytesDownloaded: gitBytes,
    });
  });

  it("--sample downloads K LFS files and catches one whose bytes are not its listed SHA-256", async function () {
    const honest = await hub();
    const checked = await hubListing({ repo: REPO, endpoint: honest.url, sample: 2 });
    expect(checked.sampled).to.have.length(2);
    const lfsBytes = files.filter((f) => checked.sampled.includes(f.path)).reduce((s, f) => s + f.size, 0);
    const gitBytes = files.filter((f) => !f.lfs && !f.path.startsWith(".")).reduce((s, f) => s + f.size, 0);
    expect(checked.bytesDownloaded).to.equal(BigInt(lfsBytes + gitBytes)); // the sample and the two git files

    const liar = await hub({
      listedSha256: { "data/test/part-0.parquet": createHash("sha256").update("x").digest("hex") },
    });
    const manifest = join(dir, "liar.json");
    const refused = await run({ manifest, sample: "5" });
    expect(refused.result.success).to.equal(false);
    expect(refused.errors).to.have.length(1);
    expect(refused.errors[0]).to.match(
      new RegExp(
        `^error: the Hub at ${liar.url}: "data/test/part-0.parquet" is listed as 5000 bytes with SHA-256 2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881, but its bytes are 5000 with [0-9a-f]{64}: the listing is not the data \\(nothing written\\)$`,
      ),
    );
    expect(await readdir(dir)).not.to.include("liar.json");
  });

  it("reads a gated dataset with HF_TOKEN, and says so in one line without it", async function () {
    await hub({ token: "hf_local_test_token" });
    const refused = await run({});
    expect(refused.errors).to.deep.equal([
      `error: the Hub at ${process.env.HF_ENDPOINT}: dataset ${REPO} is gated or private (401): set HF_TOKEN to a token with access`,
    ]);
    process.env.HF_TOKEN = "hf_local_test_token";
    const read = await run({});
    expect(read.result.success, read.errors.join()).to.equal(true);
    process.env.HF_TOKEN = "not-a-token";
    const malformed = await run({});
    expect(malformed.errors).to.deep.equal(['error: HF_TOKEN: (hidden): expected a Hub token ("hf_…")']);
  });

  it("refuses a revision that does not exist, a page cut short and a server that stops answering, each in one line", async function () {
    await hub();
    const missing = await run({ revision: "v9" });
    expect(missing.errors).to.deep.equal([
      `error: the Hub at ${process.env.HF_ENDPOINT}: dataset ${REPO} has no revision "v9" (404: no such dataset, branch, tag or commit)`,
    ]);
    await hub({ fault: { page: 1, kind: "cut-short" } });
    const cut = await run({});
    expect(cut.errors).to.have.length(1);
    expect(cut.errors[0]).to.match(
      /^error: the Hub at http:\/\/127\.0\.0\.1:\d+: the file listing of open-data\/crowd-speech at [0-9a-f]{12} was cut short \(the connection closed mid-answer\)$/,
    );
    await hub({ fault: { page: 1, kind: "hang" } });
    process.env.HF_HUB_DOWNLOAD_TIMEOUT = "1";
    const started = Date.now();
    const hung = await run({});
    expect(Date.now() - started).to.be.lessThan(10_000);
    expect(hung.errors).to.have.length(1);
    expect(hung.errors[0]).to.match(
      /^error: the Hub at http:\/\/127\.0\.0\.1:\d+ did not answer the file listing of open-data\/crowd-speech at [0-9a-f]{12} within 1 s/,
    );
  });

  it("refuses a listing whose paths leave the dataset, and options that do not go together", async function () {
    await hub({ extraPaths: ["../outside.parquet"] });
    const escaped = await run({});
    expect(escaped.errors).to.have.length(1);
    expect(escaped.errors[0]).to.match(
      /the listing of open-data\/crowd-speech names a path that leaves the dataset: "\.\.\/outside\.parquet"$/,
    );
    expect((await run({ sample: "some" })).errors).to.deep.equal([
      'error: --sample takes a number of files to download and check, got "some"',
    ]);
    expect((await run({ hub: false, path: data, revision: "main" })).errors).to.deep.equal([
      "error: --revision and --sample go with --hub (the path is then a Hub dataset, org/name)",
    ]);
    expect((await run({ path: "not a repo" })).errors).to.deep.equal([
      'error: the Hub dataset: "not a repo": expected a Hub dataset as "org/name"',
    ]);
  });
});
