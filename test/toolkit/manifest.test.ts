import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { expect } from "chai";

import { DataDividendsError } from "../../src/protocol/errors.js";
import { hashDataset } from "../../src/node/hashing.js";
import {
  buildManifest,
  manifestContributors,
  manifestFiles,
  readManifest,
  verifyManifest,
  writeManifest,
} from "../../src/node/manifest.js";
import { parseModelCard, usageFromModelCard } from "../../src/sdk/model-card.js";
import { VECTOR_FILES, folderWith } from "../helpers/files.js";

const ABOUT = {
  name: "sample",
  description: "a sample",
  license: "CC-BY-4.0",
  creators: [
    { name: "Ada", account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", shares: 3 },
    { name: "Bo", account: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", shares: 1 },
    { name: "Anonymous helper" },
  ],
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(DataDividendsError);
    return `${(error as DataDividendsError).code}: ${(error as Error).message}`;
  }
  return "no error";
}

describe("dataset manifests", function () {
  it("writes plain JSON with one line per file, and reads it back line by line or, laid out otherwise, whole", async function () {
    const dir = await folderWith(VECTOR_FILES);
    const manifest = buildManifest(await hashDataset(dir), ABOUT);
    const file = join(dir, "..", `${Date.now()}-layout.json`);
    await writeManifest(file, manifest);
    const text = await readFile(file, "utf8");
    expect(JSON.parse(text)).to.deep.equal(manifest); // any JSON reader reads it
    const lines = text.split("\n");
    for (const entry of manifest.distribution) {
      expect(lines.filter((l) => l.includes(`"@id":"${entry["@id"]}"`))).to.have.length(1);
    }
    expect(await readManifest(file)).to.deep.equal(manifest);
    // Re-indented by another tool: the reader parses the whole file instead.
    await writeFile(file, JSON.stringify(manifest, null, 4));
    expect(await readManifest(file)).to.deep.equal(manifest);
    // Our layout with a stray line in the file list is not ours: parsed whole, it is not JSON.
    await writeFile(file, text.replace('"distribution": [\n', '"distribution": [\n    // a comment\n'));
    try {
      await readManifest(file);
      expect.fail("a manifest with a comment was read");
    } catch (error) {
      expect((error as DataDividendsError).code).to.equal("MANIFEST_INVALID");
    }
    await rm(file);
  });

  it("round-trips: build, write, read, verify", async function () {
    const dir = await folderWith(VECTOR_FILES);
    const hash = await hashDataset(dir);
    const manifest = buildManifest(hash, ABOUT);
    expect(manifest["@type"]).to.equal("sc:Dataset");
    expect(manifest.license).to.equal("CC-BY-4.0");
    expect(manifest.distribution.map((d) => [d["@type"], d.contentUrl, d.contentSize])).to.deep.equal([
      ["cr:FileObject", "README.md", "9 B"],
      ["cr:FileObject", "data/test.csv", "8 B"],
      ["cr:FileObject", "data/train.csv", "12 B"],
    ]);
    expect(manifest.creator[2]).to.deep.equal({ "@type": "sc:Person", name: "Anonymous helper" });
    const path = join(dir, "..", `${manifest.name}-${Date.now()}.json`);
    await writeManifest(path, manifest);
    const back = await readManifest(path);
    expect(back).to.deep.equal(manifest);
    expect(manifestFiles(back)).to.deep.equal(hash.files);
    const check = await verifyManifest(dir, back);
    expect(check).to.deep.equal({ ok: true, expectedRoot: hash.root, actualRoot: hash.root, differences: [] });
    await rm(path);
  });

  it("names every file that changed, went missing or appeared", async function () {
    const dir = await folderWith(VECTOR_FILES);
    const manifest = buildManifest(await hashDataset(dir), ABOUT);
    await writeFile(join(dir, "data/test.csv"), "x,y\n5,7\n");
    await rm(join(dir, "README.md"));
    await writeFile(join(dir, "notes.txt"), "new");
    const check = await verifyManifest(dir, manifest);
    expect(check.ok).to.equal(false);
    expect(check.differences.map((d) => [d.path, d.kind])).to.deep.equal([
      ["README.md", "missing"],
      ["data/test.csv", "changed"],
      ["notes.txt", "extra"],
    ]);
    expect(check.actualRoot).to.not.equal(check.expectedRoot);
  });

  it("refuses manifests that are not JSON, not ours, or whose files do not hash to their stated root", async function () {
    const dir = await folderWith({ "bad.json": "{", "other.json": '{"@type":"Thing"}' });
    const rejects = async (path: string, pattern: RegExp) => {
      try {
        await readManifest(path);
        expect.fail("expected MANIFEST_INVALID");
      } catch (error) {
        expect((error as DataDividendsError).code).to.equal("MANIFEST_INVALID");
        expect((error as Error).message).to.match(pattern);
      }
    };
    await rejects(join(dir, "bad.json"), /not readable JSON/);
    await rejects(
      join(dir, "other.json"),
      /other\.json: @type "Thing": expected "sc:Dataset": a DataDividends dataset manifest$/,
    );
    const manifest = buildManifest(await hashDataset(await folderWith(VECTOR_FILES)), ABOUT);
    manifest.distribution[0].contentSize = "10 B";
    await writeFile(join(dir, "forged.json"), JSON.stringify(manifest));
    await rejects(join(dir, "forged.json"), /whose root is 0x[0-9a-f]{64}, not the stated/);
  });

  it("checks the name and SPDX license", async function () {
    const hash = await hashDataset(await folderWith(VECTOR_FILES));
    expect(codeOf(() => buildManifest(hash, { ...ABOUT, license: "CC BY 4.0" }))).to.match(
      /^INVALID_INPUT: license "CC BY 4.0" is not an SPDX/,
    );
    expect(codeOf(() => buildManifest(hash, { ...ABOUT, name: " " }))).to.match(
      /^INVALID_INPUT: a dataset needs a name/,
    );
  });

  it("turns creators with accounts into contributors, by the registry's rule, when the manifest is written", async function () {
    const hash = await hashDataset(await folderWith(VECTOR_FILES));
    expect(manifestContributors(buildManifest(hash, ABOUT))).to.deep.equal([
      { account: ABOUT.creators[1].account, shares: 1n },
      { account: ABOUT.creators[0].account, shares: 3n },
    ]);
    // One account named twice is refused, as --contributors refuses it (it was once merged silently).
    const twice = {
      ...ABOUT,
      creators: [...ABOUT.creators, { name: "Ada again", account: ABOUT.creators[0].account }],
    };
    expect(codeOf(() => buildManifest(hash, twice))).to.equal(
      `INVALID_INPUT: creators: contributor ${ABOUT.creators[0].account} is listed twice`,
    );
    const wrong: [string, { name: string; account?: string; shares?: number }, RegExp][] = [
      ["zero", { name: "Zero", account: `0x${"00".repeat(20)}` }, /the zero address cannot be a contributor/],
      [
        "no shares",
        { name: "None", account: "0x90F79bf6EB2c4f870365E785982E1f101E93b906", shares: 0 },
        /must be from 1 to 4294967295, got 0/,
      ],
      [
        "oversized",
        { name: "Big", account: "0x90F79bf6EB2c4f870365E785982E1f101E93b906", shares: 2 ** 32 },
        /got 4294967296/,
      ],
      ["bad checksum", { name: "Typo", account: "0x90F79bf6EB2c4f870365E785982E1f101E93B906" }, /is not an address/],
      ["nameless", { name: " ", account: "0x90F79bf6EB2c4f870365E785982E1f101E93b906" }, /creator 4 has no name/],
    ];
    for (const [what, creator, message] of wrong) {
      expect(
        codeOf(() => buildManifest(hash, { ...ABOUT, creators: [...ABOUT.creators, creator] })),
        what,
      ).to.match(message);
    }
    const many = Array.from({ length: 257 }, (_, i) => ({
      name: `c${i}`,
      account: `0x${(i + 1).toString(16).padStart(40, "0")}`,
    }));
    expect(codeOf(() => buildManifest(hash, { ...ABOUT, creators: many }))).to.match(
      /257 contributors; a dataset may list at most 256/,
    );
    expect(codeOf(() => manifestContributors(buildManifest(hash, { ...ABOUT, creators: [{ name: "x" }] })))).to.match(
      /^INVALID_INPUT: manifest "sample" names no creator with an account/,
    );
  });
});

describe("model cards", function () {
  it("reads the seed card's datasets and weights", async function () {
    const card = parseModelCard(await readFile("seeds/models/airsense-forecaster/README.md", "utf8"));
    expect(card.datasets).to.deep.equal([
      "datadividends/city-air-quality",
      "datadividends/product-reviews-sentiment",
      "datadividends/wildflower-observations",
    ]);
    expect(card.weights).to.deep.equal({
      "city-air-quality": 70,
      "product-reviews-sentiment": 20,
      "wildflower-observations": 10,
    });
  });

  it("maps card names to dataset IDs by full or short name, weight 1 by default, and lists every unknown", function () {
    const known = new Map([
      ["org/alpha", `0x${"01".repeat(32)}`],
      ["beta", `0x${"0A".repeat(32)}`],
    ]);
    const usage = usageFromModelCard({ datasets: ["org/alpha", "someone/beta"], weights: { beta: 7 } }, known);
    expect(usage).to.deep.equal([
      { dataset: `0x${"01".repeat(32)}`, weight: 1 },
      { dataset: `0x${"0a".repeat(32)}`, weight: 7 }, // checked and lower-cased as a DatasetId
    ]);
    expect(codeOf(() => usageFromModelCard({ datasets: ["x/gamma", "delta", "beta"], weights: {} }, known))).to.equal(
      'NOT_FOUND: no manifest names "x/gamma", "delta"; hash and register those datasets first',
    );
  });

  it("rejects cards without front matter, without datasets, or with bad weights", function () {
    expect(codeOf(() => parseModelCard("# no front matter"))).to.match(
      /^INVALID_INPUT: the model card has no YAML front matter/,
    );
    expect(codeOf(() => parseModelCard("---\nlicense: mit\n---\n"))).to.match(/no `datasets:` list/);
    expect(codeOf(() => parseModelCard("---\ndatasets: [a\n---\n"))).to.match(/not valid YAML/);
    expect(codeOf(() => parseModelCard("---\ndatasets: [a]\ndatadividends:\n  weights:\n    a: 0\n---\n"))).to.match(
      /weight of "a" must be a whole number from 1/,
    );
    expect(codeOf(() => parseModelCard("---\ndatasets: [a]\ndatadividends:\n  weights: 5\n---\n"))).to.match(
      /must map dataset names/,
    );
    expect(parseModelCard("---\ndatasets: solo\n---\n").datasets).to.deep.equal(["solo"]);
  });
});
