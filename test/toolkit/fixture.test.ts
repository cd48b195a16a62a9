/**
 * `deployDataDividendsForTest` has the obvious shape: the result is a client that signs as the deployer, with
 * the typed contracts on it and `connect(signer)` for everyone else (a user's `dd.claimAll(…)` works as written).
 */
import { expect } from "chai";
import { network } from "hardhat";

import { DataDividends, datasetId } from "../../src/index.js";
import { deployDataDividendsForTest } from "../../src/hardhat/testing.js";
import { hashOf } from "../helpers/fixtures.js";

const { ethers } = await network.create();

describe("deployDataDividendsForTest", function () {
  it("returns a client of the deployer, with the typed contracts and connect(signer) for the others", async function () {
    const [deployer, alice, payer] = await ethers.getSigners();
    const dd = await deployDataDividendsForTest({ ethers }, { fund: { accounts: [payer], amount: 1_000n } });
    expect(dd).to.be.instanceOf(DataDividends);
    const id = datasetId(hashOf("fixture"));
    // As the deployer, straight on the result.
    const registered = await dd.registerDataset({
      contentHash: id,
      metadataURI: "ipfs://f",
      contributors: [{ account: alice.address, shares: 1 }],
    });
    expect(registered.registrant).to.equal(deployer.address);
    const model = await dd.registerModel({
      artifactHash: hashOf("w"),
      metadataURI: "ipfs://m",
      usage: [{ dataset: id, weight: 1 }],
    });
    await dd.connect(payer).deposit(model.id, 1_000n);
    // Anyone may send a claim; the contributor is paid.
    const claimed = await dd.claimAll(alice.address);
    expect(claimed.payments.reduce((s, p) => s + p.paid, 0n)).to.equal(1_000n);
    expect(await dd.token.balanceOf(alice.address)).to.equal(1_000n);
    expect(await dd.vault.getAddress()).to.equal(dd.addresses.vault);
  });
});
