/**
 * The TypeScript leaf encoding and the registry's `verifyFile` must agree, or proofs made off-chain
 * would be rejected on-chain.
 */
import { expect } from "chai";
import { ZeroHash } from "ethers";
import { network } from "hardhat";

import { DataDividendsError } from "../../src/protocol/errors.js";
import { hashDataset } from "../../src/node/hashing.js";
import { buildManifest, proveFile } from "../../src/node/manifest.js";
import { VECTOR_FILES, folderWith } from "../helpers/files.js";
import { deploySystem } from "../helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();

async function registered() {
  const system = await deploySystem(ethers, 0n);
  const files: Record<string, string> = { ...VECTOR_FILES };
  for (let i = 0; i < 13; i++) files[`shards/${i}.bin`] = `shard ${i}`.repeat(i + 1);
  const hash = await hashDataset(await folderWith(files));
  const manifest = buildManifest(hash, { name: "proofs", description: "", license: "MIT", creators: [] });
  await system.datasets
    .connect(system.alice)
    .register(
      { contentHash: hash.root, metadataURI: "ipfs://m", contributors: [system.alice.address], shares: [1n] },
      ZeroHash,
    );
  return { ...system, manifest, hash };
}

describe("file-inclusion proofs (TypeScript and Solidity agree)", function () {
  it("verifies on-chain a proof for every file of a registered dataset", async function () {
    const { datasets, manifest, hash } = await networkHelpers.loadFixture(registered);
    for (const file of hash.files) {
      const p = proveFile(manifest, file.path);
      expect(p.root).to.equal(hash.root);
      expect(await datasets.verifyFile(p.root, p.path, p.size, p.sha256, p.proof), file.path).to.equal(true);
    }
  });

  it("rejects on-chain a proof with any field changed, or for an unregistered root", async function () {
    const { datasets, manifest } = await networkHelpers.loadFixture(registered);
    const p = proveFile(manifest, "data/train.csv");
    expect(await datasets.verifyFile(p.root, "data/train2.csv", p.size, p.sha256, p.proof)).to.equal(false);
    expect(await datasets.verifyFile(p.root, p.path, p.size + 1n, p.sha256, p.proof)).to.equal(false);
    expect(await datasets.verifyFile(p.root, p.path, p.size, ethers.id("other"), p.proof)).to.equal(false);
    expect(await datasets.verifyFile(p.root, p.path, p.size, p.sha256, p.proof.slice(1))).to.equal(false);
    const other = buildManifest(await hashDataset(await folderWith({ "a.txt": "a", "b.txt": "b" })), {
      name: "unregistered",
      description: "",
      license: "MIT",
      creators: [],
    });
    const q = proveFile(other, "a.txt");
    expect(await datasets.verifyFile(q.root, q.path, q.size, q.sha256, q.proof)).to.equal(false);
  });

  it("names a file the manifest does not list", async function () {
    const { manifest } = await networkHelpers.loadFixture(registered);
    expect(() => proveFile(manifest, "nope.txt"))
      .to.throw(DataDividendsError, 'nope.txt is not a file of dataset "proofs"')
      .with.property("code", "NOT_FOUND");
  });
});
