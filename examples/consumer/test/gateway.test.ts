import { expect } from "chai";
import { hashDataset } from "datadividends/node";
import { deployDataDividendsForTest } from "datadividends/testing";
import { id } from "ethers";
import { network } from "hardhat";

import { InferenceGateway__factory } from "../types/ethers-contracts/index.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const PRICE = 10n ** 18n;

/** DataDividends from the package's test helper; a dataset, a model, and this project's gateway. */
async function deployed() {
  const [admin, alice, bob, modelOwner, customer, stranger] = await ethers.getSigners();
  const dd = await deployDataDividendsForTest(connection, {
    deployer: admin,
    fund: { accounts: [customer], amount: 100n * PRICE },
  });
  const { root } = await hashDataset("data/prompts");
  const dataset = await dd.connect(alice).registerDataset({
    contentHash: root,
    metadataURI: "ipfs://bafy-example-prompts/manifest.json",
    contributors: [
      { account: alice.address, shares: 3 },
      { account: bob.address, shares: 1 },
    ],
  });
  const model = await dd.connect(modelOwner).registerModel({
    artifactHash: id("example model weights"),
    metadataURI: "ipfs://bafy-example-model/card.md",
    usage: [{ dataset: dataset.id, weight: 1 }],
  });
  const gateway = await new InferenceGateway__factory(modelOwner).deploy(await dd.vault.getAddress(), model.id, PRICE);
  return { dd, dataset, model, gateway, alice, bob, customer, stranger };
}

describe("InferenceGateway on DataDividends", function () {
  it("pays every inference into the model's pool, and a claim pays the contributors their shares", async function () {
    const { dd, dataset, model, gateway, alice, bob, customer, stranger } = await networkHelpers.loadFixture(deployed);
    await dd.token.connect(customer).approve(await gateway.getAddress(), 3n * PRICE);
    for (const request of ["first", "second", "third"]) {
      await expect(gateway.connect(customer).infer(id(request)))
        .to.emit(gateway, "InferencePaid")
        .withArgs(customer.address, id(request), PRICE);
    }
    expect(await dd.vault.inflow(model.id)).to.equal(3n * PRICE);

    // Anyone may send the claim; only the contributor is paid.
    const report = await dd.connect(stranger).claimable(alice.address);
    expect(report.edges.map((e) => e.dataset)).to.deep.equal([dataset.id]);
    await dd.connect(stranger).claimAll(alice.address);
    await dd.connect(stranger).claimAll(bob.address);
    expect(await dd.token.balanceOf(alice.address)).to.equal((3n * PRICE * 3n) / 4n);
    expect(await dd.token.balanceOf(bob.address)).to.equal((3n * PRICE * 1n) / 4n);
    expect(await dd.token.balanceOf(stranger.address)).to.equal(0n);
  });

  it("refuses an inference the customer has not paid for", async function () {
    const { dd, gateway, stranger } = await networkHelpers.loadFixture(deployed);
    await expect(gateway.connect(stranger).infer(id("free")))
      .to.be.revertedWithCustomError(dd.token, "ERC20InsufficientAllowance")
      .withArgs(await gateway.getAddress(), 0n, PRICE);
  });
});
