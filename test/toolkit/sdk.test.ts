/**
 * The SDK's v2 surface: several reward tokens (one vault each), branded IDs, the cached event history,
 * and error codes that tell a revert from a node that is not there.
 */
import { expect } from "chai";
import { makeError } from "ethers";
import { network } from "hardhat";

import { EventIndex, REORG_DEPTH } from "../../src/sdk/events.js";
import {
  DataDividends,
  DataDividendsError,
  datasetId,
  modelId,
  type DatasetId,
  type ModelId,
} from "../../src/index.js";
import { deployTokenVault } from "../../src/hardhat/deploy.js";
import { toDataDividendsError } from "../../src/sdk/revert.js";
import { MockERC20__factory } from "../../typechain-types/index.js";
import { deploySystem, hashOf } from "../helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, mine } = networkHelpers;
const USDC = 10n ** 6n;

/** A deployment with a second vault, for a 6-decimal stablecoin; one dataset (alice 3, bob 1) in one model. */
async function twoTokens() {
  const system = await deploySystem(ethers, 0n);
  const { admin, alice, bob, owner, sponsor, datasets, models } = system;
  const usdc = await new MockERC20__factory(admin).deploy("USDC", 6);
  const usdcVault = await deployTokenVault(admin, await usdc.getAddress(), { datasets, models });
  const addresses = {
    ...system.addresses,
    vaults: [{ token: await usdc.getAddress(), vault: await usdcVault.getAddress() }],
  };
  const A = datasetId(hashOf("A"));
  await DataDividends.connect(alice, addresses).registerDataset({
    contentHash: A,
    metadataURI: "ipfs://a",
    contributors: [
      { account: alice.address, shares: 3 },
      { account: bob.address, shares: 1 },
    ],
  });
  const { id: model } = await DataDividends.connect(owner, addresses).registerModel({
    artifactHash: hashOf("w"),
    metadataURI: "ipfs://card",
    usage: [{ dataset: A, weight: 1 }],
  });
  await usdc.mint(sponsor.address, 1_000n * USDC);
  return { ...system, usdc, usdcVault, addresses, A, model };
}

describe("SDK: several reward tokens", function () {
  it("deposits in either token and claims both in one call, one vault's transaction each", async function () {
    const { sponsor, alice, carol, token, usdc, addresses, model, A } = await loadFixture(twoTokens);
    const dd = DataDividends.connect(sponsor, addresses);
    const usdcAddress = await usdc.getAddress();
    expect(dd.allVaults.map((v) => v.token)).to.deep.equal([addresses.token, usdcAddress]);
    const paidIn = await dd.deposit(model, 100n * USDC, { token: usdcAddress });
    expect(paidIn).to.deep.include({ token: usdcAddress, vault: addresses.vaults[0].vault, inflow: 100n * USDC });
    expect(paidIn.transactions).to.have.length(2); // approve, deposit
    await dd.deposit(model, 400n); // the bundled token

    const relayer = DataDividends.connect(carol, addresses);
    const report = await relayer.claimable(alice.address);
    expect(report.totals).to.deep.equal([
      { token: addresses.token, amount: 300n },
      { token: usdcAddress, amount: 75n * USDC },
    ]);
    expect(report.edges.map((e) => [e.token, e.dataset, e.claimable])).to.deep.equal([
      [addresses.token, A, 300n],
      [usdcAddress, A, 75n * USDC],
    ]);
    const claimed = await relayer.claimAll(alice.address);
    expect(claimed.payments.map((p) => [p.token, p.paid, p.edges])).to.deep.equal([
      [addresses.token, 300n, 1],
      [usdcAddress, 75n * USDC, 1],
    ]);
    expect(claimed.transactions).to.have.length(2);
    expect(await token.balanceOf(alice.address)).to.equal(300n);
    expect(await usdc.balanceOf(alice.address)).to.equal(75n * USDC);
    const payouts = await relayer.listPayouts(alice.address);
    expect(payouts.map((p) => [p.token, p.amount])).to.deep.equal([
      [addresses.token, 300n],
      [usdcAddress, 75n * USDC],
    ]);
  });

  it("sends nothing to a vault nobody paid into", async function () {
    const { sponsor, alice, carol, addresses, model } = await loadFixture(twoTokens);
    await DataDividends.connect(sponsor, addresses).deposit(model, 400n);
    const claimed = await DataDividends.connect(carol, addresses).claimAll(alice.address);
    expect(claimed.payments.map((p) => p.token)).to.deep.equal([addresses.token]);
    expect(claimed.transactions).to.have.length(1);
  });

  it("forwards a fine-tune's royalty in every token that has some", async function () {
    const { sponsor, owner, usdc, addresses, model, A } = await loadFixture(twoTokens);
    const tuner = DataDividends.connect(owner, addresses);
    const tune = await tuner.registerModel({
      artifactHash: hashOf("tune"),
      metadataURI: "ipfs://tune",
      usage: [{ dataset: A, weight: 1 }],
      parent: model,
      parentWeight: 1,
    });
    const dd = DataDividends.connect(sponsor, addresses);
    await dd.deposit(tune.id, 10n * USDC, { token: await usdc.getAddress() });
    const result = await dd.forward(tune.id);
    expect(result.parent).to.equal(model);
    expect(result.forwarded).to.deep.equal([{ token: await usdc.getAddress(), amount: 5n * USDC }]);
    expect(result.transactions).to.have.length(1);
  });

  it("refuses a token the deployment has no vault for, and two vaults for one token", async function () {
    const { sponsor, addresses, model, admin } = await loadFixture(twoTokens);
    const other = await new MockERC20__factory(admin).deploy("EURC", 6);
    const e = await DataDividends.connect(sponsor, addresses)
      .deposit(model, 1n, { token: await other.getAddress() })
      .catch((error: unknown) => error);
    expect(e).to.be.instanceOf(DataDividendsError);
    expect(e).to.deep.include({ code: "NOT_FOUND" });
    expect((e as Error).message).to.match(/^this deployment has no vault for the token 0x\w+ \(it has 0x\w+, 0x\w+\)$/);
    expect(() =>
      DataDividends.connect(sponsor, { ...addresses, vaults: [{ token: addresses.token, vault: addresses.vault }] }),
    ).to.throw(DataDividendsError, `the addresses list two vaults for the token ${addresses.token}`);
  });
});

describe("SDK: branded IDs", function () {
  it("checks and lower-cases an ID as it brands it", function () {
    const upper = `0x${"AB".repeat(32)}`;
    expect(datasetId(upper)).to.equal(upper.toLowerCase());
    expect(() => modelId("0x1234")).to.throw(
      DataDividendsError,
      'a model ID must be 0x and 64 hex digits, got "0x1234"',
    );
  });

  it("will not pass a dataset ID where a model ID goes (a compile-time check, kept by the typecheck gate)", function () {
    const dataset: DatasetId = datasetId(hashOf("d"));
    const takesModel = (id: ModelId) => id;
    // @ts-expect-error a DatasetId is not a ModelId
    takesModel(dataset);
    // @ts-expect-error a plain string is not a ModelId either
    takesModel(hashOf("m"));
    expect(takesModel(modelId(hashOf("m")))).to.equal(hashOf("m"));
  });
});

describe("SDK: the event history is cached", function () {
  it("scans each settled block once, and rescans only the newest REORG_DEPTH blocks", async function () {
    const { datasets, models, shareTrees, addresses, alice } = await loadFixture(twoTokens);
    const ranges: [number, number][] = [];
    const spy = <T extends { queryFilter: (...args: never[]) => unknown }>(contract: T): T =>
      new Proxy(contract, {
        get(target, key, receiver) {
          if (key !== "queryFilter") return Reflect.get(target, key, receiver) as unknown;
          return (filter: unknown, from: number, to: number) => {
            ranges.push([from, to]);
            return (target.queryFilter as (...a: unknown[]) => unknown)(filter, from, to);
          };
        },
      });
    const index = new EventIndex(spy(datasets), spy(models), spy(shareTrees), 0);
    const first = await index.history();
    expect(first.datasets).to.have.length(1);
    const head = await ethers.provider.getBlockNumber();
    // Eleven queries (one per event kind) per range: settled blocks, then the unsettled tail.
    expect(ranges.filter((_, i) => i % 11 === 0)).to.deep.equal(
      head > REORG_DEPTH
        ? [
            [0, head - REORG_DEPTH],
            [head - REORG_DEPTH + 1, head],
          ]
        : [[0, head]],
    );
    ranges.length = 0;
    await mine(30);
    await DataDividends.connect(alice, addresses).registerDataset({
      contentHash: hashOf("B"),
      metadataURI: "ipfs://b",
      contributors: [{ account: alice.address, shares: 1 }],
    });
    const second = await index.history();
    expect(second.datasets.map((d) => d.metadataURI)).to.deep.equal(["ipfs://a", "ipfs://b"]);
    const now = await ethers.provider.getBlockNumber();
    const from = Math.max(0, head - REORG_DEPTH + 1);
    expect(ranges.filter((_, i) => i % 11 === 0)).to.deep.equal([
      [from, now - REORG_DEPTH],
      [now - REORG_DEPTH + 1, now],
    ]);
    expect((await index.history()).datasets).to.have.length(2); // and nothing is counted twice
  });
});

describe("SDK: error codes", function () {
  it("tells a node that is not there, a refused transaction and anything else apart from a revert", function () {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { code: "ECONNREFUSED" });
    expect(toDataDividendsError(new Error("fetch failed", { cause: refused }), "deposit")).to.deep.include({
      code: "RPC_UNAVAILABLE",
      message: "deposit failed: the node did not answer (fetch failed)",
    });
    expect(toDataDividendsError(makeError("could not detect network", "NETWORK_ERROR"), "x").code).to.equal(
      "RPC_UNAVAILABLE",
    );
    const funds = makeError("insufficient funds for intrinsic transaction cost", "INSUFFICIENT_FUNDS", {
      transaction: {},
    });
    expect(toDataDividendsError(funds, "flag")).to.deep.include({
      code: "TRANSACTION_REJECTED",
      message: "flag was refused by the node: insufficient funds for intrinsic transaction cost",
    });
    expect(toDataDividendsError(new Error("something odd\nstack"), "claim")).to.deep.include({
      code: "UNKNOWN",
      message: "claim failed: something odd",
    });
  });
});
