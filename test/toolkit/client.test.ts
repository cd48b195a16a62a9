import { expect } from "chai";
import { ZeroHash, toQuantity, type ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

import {
  DataDividends,
  DataDividendsError,
  datasetId,
  decodeRevert,
  modelId,
  type PendingCommitment,
} from "../../src/index.js";
import { modelIdOf } from "../../src/protocol/ids.js";
import { decoding, toDataDividendsError } from "../../src/sdk/revert.js";
import { waitForReceipt } from "../../src/sdk/waiting.js";
import { deploySystem, hashOf } from "../helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, mine } = networkHelpers;
const TOKEN = 10n ** 18n;

async function immediate() {
  return deploySystem(ethers, 0n);
}
async function delayed() {
  return deploySystem(ethers, 3n);
}

async function failure(promise: Promise<unknown>): Promise<DataDividendsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DataDividendsError);
    return error as DataDividendsError;
  }
  return expect.fail("expected a DataDividendsError");
}

/** Two datasets, one model declaring both, revenue paid. */
async function paid() {
  const system = await immediate();
  const { alice, bob, carol, owner, sponsor, addresses } = system;
  const a = DataDividends.connect(alice, addresses);
  const A = datasetId(hashOf("A"));
  const B = datasetId(hashOf("B"));
  await a.registerDataset({
    contentHash: A,
    metadataURI: "ipfs://a",
    contributors: [
      { account: alice.address, shares: 3 },
      { account: bob.address, shares: 1 },
    ],
  });
  await a.registerDataset({
    contentHash: B,
    metadataURI: "ipfs://b",
    contributors: [{ account: alice.address, shares: 1 }],
  });
  const m = await DataDividends.connect(owner, addresses).registerModel({
    artifactHash: hashOf("w"),
    metadataURI: "ipfs://card",
    usage: [
      { dataset: B, weight: 1 },
      { dataset: A, weight: 1 },
    ],
  });
  await DataDividends.connect(sponsor, addresses).deposit(m.id, 800n);
  return { ...system, A, B, model: m.id, carolClient: DataDividends.connect(carol, addresses) };
}

describe("SDK client", function () {
  describe("registerDataset", function () {
    it("registers in one transaction where the registry has no commit delay, sorting contributors", async function () {
      const { alice, bob, datasets, addresses } = await loadFixture(immediate);
      const dd = DataDividends.connect(alice, addresses);
      const contributors = [
        { account: bob.address, shares: 1 },
        { account: alice.address, shares: 2 },
      ];
      const r = await dd.registerDataset({ contentHash: hashOf("x"), metadataURI: "ipfs://x", contributors });
      expect(r).to.deep.include({ id: hashOf("x"), registrant: alice.address, status: "registered" });
      expect(r.transactions).to.have.length(1);
      expect(r.salt).to.equal(undefined);
      const first = await datasets.contributor(hashOf("x"), 0);
      expect(BigInt(first.account)).to.be.lessThan(BigInt((await datasets.contributor(hashOf("x"), 1)).account));
    });

    it("commits, waits the delay (mining on request) and reveals; a second call reports it done", async function () {
      const { alice, datasets, addresses } = await loadFixture(delayed);
      const dd = DataDividends.connect(alice, addresses);
      const statuses: string[] = [];
      const params = {
        contentHash: hashOf("y"),
        metadataURI: "ipfs://y",
        contributors: [{ account: alice.address, shares: 1 }],
      };
      const r = await dd.registerDataset(params, {
        advanceBlocks: (n) => ethers.provider.send("hardhat_mine", [toQuantity(n)]),
        onStatus: (s) => statuses.push(s),
      });
      expect(r.status).to.equal("registered");
      expect(r.transactions).to.have.length(2);
      expect(r.salt).to.match(/^0x[0-9a-f]{64}$/);
      expect(statuses).to.deep.equal([
        `committing (salt ${r.salt})`,
        `commit sent: ${r.transactions[0]}`,
        "committed; waiting for 2 more block(s) before the reveal",
      ]);
      expect((await datasets.dataset(hashOf("y"))).registrant).to.equal(alice.address);
      expect((await dd.registerDataset(params)).status).to.equal("already-registered");
    });

    it("resumes an older journaled commitment over a copier's provisional registration, and displaces it", async function () {
      const { alice, stranger: eve, datasets, addresses, ethers: e2 } = await loadFixture(delayed);
      const params = {
        contentHash: hashOf("copied"),
        metadataURI: "ipfs://copied",
        contributors: [{ account: alice.address, shares: 1 }],
      };
      // Alice's commit landed and was journaled; her process died before the reveal.
      const entries = new Map<string, PendingCommitment>();
      const keyOf = (k: Omit<PendingCommitment, "salt">) =>
        `${k.chainId}:${k.registry}:${k.contentHash}:${k.registrant}`;
      const journal = {
        find: (k: Omit<PendingCommitment, "salt">) => Promise.resolve(entries.get(keyOf(k))),
        save: (e: PendingCommitment) => Promise.resolve(void entries.set(keyOf(e), e)),
        remove: (k: Omit<PendingCommitment, "salt">) => Promise.resolve(void entries.delete(keyOf(k))),
      };
      const salt = ethers.id("alice's salt");
      const entry = {
        chainId: (await e2.provider.getNetwork()).chainId.toString(),
        registry: addresses.datasets,
        contentHash: hashOf("copied"),
        registrant: alice.address,
        salt,
      };
      await journal.save(entry);
      await datasets.connect(alice).commit(await datasets.commitmentOf(entry.contentHash, alice.address, salt));
      // Eve saw the hash, committed later and revealed first: her registration is provisional.
      const eveSalt = ethers.id("eve's salt");
      await datasets.connect(eve).commit(await datasets.commitmentOf(entry.contentHash, eve.address, eveSalt));
      await mine(3);
      await datasets
        .connect(eve)
        .register(
          { contentHash: entry.contentHash, metadataURI: "ipfs://x", contributors: [eve.address], shares: [1] },
          eveSalt,
        );
      const status: string[] = [];
      const r = await DataDividends.connect(alice, addresses).registerDataset(params, {
        journal,
        onStatus: (line) => status.push(line),
      });
      expect(r.status).to.equal("registered");
      expect(r.transactions).to.have.length(1); // the reveal only: the paid commitment was reused
      expect(status[0]).to.match(/holds a provisional registration from a younger commitment; revealing the older one/);
      expect((await datasets.dataset(entry.contentHash)).registrant).to.equal(alice.address);
      expect(entries.size).to.equal(0);
    });

    it("refuses a URI the reveal would refuse before the commit is paid for", async function () {
      const { alice, addresses, ethers: e2 } = await loadFixture(delayed);
      const nonce = await e2.provider.getTransactionCount(alice.address);
      const tooLong = await failure(
        DataDividends.connect(alice, addresses).registerDataset(
          {
            contentHash: hashOf("long uri"),
            metadataURI: `ipfs://${"x".repeat(2048)}`,
            contributors: [{ account: alice.address, shares: 1 }],
          },
          { timeoutMs: 2_000, pollIntervalMs: 10 },
        ), // bounded, so a missing check fails here rather than waits
      );
      expect(tooLong.code).to.equal("INVALID_INPUT");
      expect(tooLong.message).to.equal("the metadata URI is 2055 bytes; the registry accepts at most 2048");
      expect(await e2.provider.getTransactionCount(alice.address)).to.equal(nonce);
    });

    it("waits for blocks the chain produces by itself, and resumes a commitment by its salt", async function () {
      const { alice, addresses } = await loadFixture(delayed);
      const dd = DataDividends.connect(alice, addresses);
      const params = {
        contentHash: hashOf("z"),
        metadataURI: "ipfs://z",
        contributors: [{ account: alice.address, shares: 1 }],
      };
      const salt = ethers.id("my salt");
      // First attempt gives up before the delay passes...
      const timeout = await failure(dd.registerDataset(params, { salt, timeoutMs: 1, pollIntervalMs: 1 }));
      expect(timeout.code).to.equal("TIMEOUT");
      expect(timeout.message).to.match(/rerun with the same salt/);
      // ...and a rerun with the same salt reuses the commitment while blocks arrive on their own.
      const ticker = setInterval(() => void mine(), 20);
      try {
        const r = await dd.registerDataset(params, { salt, pollIntervalMs: 10 });
        expect(r.status).to.equal("registered");
        expect(r.transactions).to.have.length(1); // no second commit
      } finally {
        clearInterval(ticker);
      }
    });

    it("refuses a hash someone else registered, and a URI the registry would refuse, before sending", async function () {
      const { alice, bob, addresses } = await loadFixture(immediate);
      await DataDividends.connect(alice, addresses).registerDataset({
        contentHash: hashOf("taken"),
        metadataURI: "ipfs://t",
        contributors: [{ account: alice.address, shares: 1 }],
      });
      const bobs = DataDividends.connect(bob, addresses);
      const taken = await failure(
        bobs.registerDataset({
          contentHash: hashOf("taken"),
          metadataURI: "ipfs://t",
          contributors: [{ account: bob.address, shares: 1 }],
        }),
      );
      expect(taken.code).to.equal("ALREADY_REGISTERED");
      const noURI = await failure(
        bobs.registerDataset({
          contentHash: hashOf("new"),
          metadataURI: "",
          contributors: [{ account: bob.address, shares: 1 }],
        }),
      );
      // The registry's URI rule is checked before anything is sent (the contract would revert EmptyMetadataURI).
      expect(noURI.code).to.equal("INVALID_INPUT");
      expect(noURI.message).to.equal("the metadata URI is empty");
    });

    it("refuses, before the commit is paid for, contributors the reveal would refuse", async function () {
      const { alice, bob, addresses, ethers: e2 } = await loadFixture(delayed);
      const dd = DataDividends.connect(alice, addresses);
      const nonce = await e2.provider.getTransactionCount(alice.address);
      const cases: [{ account: string; shares: number }[], string][] = [
        [
          [
            { account: bob.address, shares: 1 },
            { account: bob.address.toLowerCase(), shares: 2 },
          ],
          `contributor ${bob.address} is listed twice`,
        ],
        [[{ account: ethers.ZeroAddress, shares: 1 }], "the zero address cannot be a contributor"],
        [[{ account: bob.address, shares: 0 }], `shares of ${bob.address} must be from 1 to 4294967295, got 0`],
        [[{ account: "bob", shares: 1 }], 'contributor "bob" is not an address'],
        [[], "a dataset needs at least one contributor"],
      ];
      for (const [contributors, message] of cases) {
        const e = await failure(
          dd.registerDataset({ contentHash: hashOf("checked"), metadataURI: "ipfs://c", contributors }),
        );
        expect(e.code).to.equal("INVALID_INPUT");
        expect(e.message).to.equal(message);
      }
      expect(await e2.provider.getTransactionCount(alice.address)).to.equal(nonce); // nothing was sent
    });

    it("needs a signer to send, and reads with a provider", async function () {
      const { addresses } = await loadFixture(immediate);
      const reader = DataDividends.connect(ethers.provider, addresses);
      expect(await reader.listDatasets()).to.deep.equal([]);
      const e = await failure(reader.registerDataset({ contentHash: hashOf("r"), metadataURI: "x", contributors: [] }));
      expect(e.code).to.equal("INVALID_INPUT");
    });
  });

  describe("registerModel", function () {
    it("registers a model with its declaration in one transaction, reports one already registered, and defaults a fine-tune's parent weight to its floor", async function () {
      const { alice, owner, models, addresses } = await loadFixture(immediate);
      await DataDividends.connect(alice, addresses).registerDataset({
        contentHash: hashOf("d"),
        metadataURI: "ipfs://d",
        contributors: [{ account: alice.address, shares: 1 }],
      });
      const dd = DataDividends.connect(owner, addresses);
      const params = {
        artifactHash: hashOf("w1"),
        metadataURI: "ipfs://c",
        usage: [{ dataset: datasetId(hashOf("d")), weight: 5 }],
      };
      const first = await dd.registerModel({ ...params, minRoyaltyBps: 2000 });
      expect(first).to.deep.include({ id: modelIdOf(owner.address, hashOf("w1")), status: "registered" });
      expect(first.transactions).to.have.length(1); // model and declaration in one transaction
      expect((await dd.registerModel(params)).status).to.equal("already-registered");

      // A fine-tune: the parent edge's weight defaults to the least that meets the 20% floor (5 -> 2).
      const child = await dd.registerModel({ ...params, artifactHash: hashOf("w2"), parent: first.id });
      expect(child.parentWeight).to.equal(2n);
      expect(await models.parentUsageOf(child.id, first.id)).to.deep.equal([2n, 7n]);
    });

    it("refuses, before sending anything, a declaration the registry would refuse", async function () {
      const { owner, addresses, ethers: e2 } = await loadFixture(immediate);
      const before = await e2.provider.getTransactionCount(owner.address);
      const e = await failure(
        DataDividends.connect(owner, addresses).registerModel({
          artifactHash: hashOf("w"),
          metadataURI: "ipfs://c",
          usage: [{ dataset: datasetId(hashOf("unknown")), weight: 1 }],
        }),
      );
      expect(e.code).to.equal("INVALID_INPUT");
      expect(e.message).to.equal(
        `dataset ${hashOf("unknown")} cannot be declared: it is not registered (only active datasets can)`,
      );
      expect(await e2.provider.getTransactionCount(owner.address)).to.equal(before);
    });

    it("decodes a registration the registry refuses", async function () {
      const { owner, addresses } = await loadFixture(immediate);
      const e = await failure(
        DataDividends.connect(owner, addresses).registerModel({
          artifactHash: ZeroHash,
          metadataURI: "ipfs://c",
          usage: [],
        }),
      );
      expect(e.revert?.name).to.equal("ZeroArtifactHash");
      expect(e.message).to.equal("registerModel: the artifact hash is zero (ZeroArtifactHash)");
    });
  });

  describe("deposit", function () {
    it("refuses, before an approval is paid for, an amount beyond the balance, an unknown model and a paused vault", async function () {
      const { token, vault, admin, stranger, addresses, model, ethers: e2 } = await loadFixture(paid);
      await token.mint(stranger.address, 5n);
      const dd = DataDividends.connect(stranger, addresses);
      const nonce = await e2.provider.getTransactionCount(stranger.address);
      const short = await failure(dd.deposit(model, 6n));
      expect(short.message).to.equal(`${stranger.address} holds 5 base units of ${addresses.token}, less than 6`);
      const unknown = await failure(dd.deposit(modelId(hashOf("no model")), 1n));
      expect(unknown).to.deep.include({ code: "NOT_FOUND", message: `model ${hashOf("no model")} is not registered` });
      await vault.connect(admin).pause();
      const paused = await failure(dd.deposit(model, 1n));
      expect(paused.message).to.equal(`the vault ${addresses.vault} is paused: deposits are stopped`);
      expect(await e2.provider.getTransactionCount(stranger.address)).to.equal(nonce);
      expect(await token.allowance(stranger.address, addresses.vault)).to.equal(0n);
    });

    it("approves the exact amount when the allowance is short, and only deposits when it is not", async function () {
      const { token, vault, stranger, addresses, model } = await loadFixture(paid);
      await token.mint(stranger.address, 100n * TOKEN);
      const dd = DataDividends.connect(stranger, addresses);
      expect((await dd.deposit(model, 10n * TOKEN)).transactions).to.have.length(2);
      expect(await token.allowance(stranger.address, await vault.getAddress())).to.equal(0n);
      await token.connect(stranger).approve(await vault.getAddress(), 50n * TOKEN);
      expect((await dd.deposit(model, 10n * TOKEN)).transactions).to.have.length(1);
      expect(await vault.inflow(model)).to.equal(800n + 20n * TOKEN);
    });

    it("deposits with a permit in one transaction", async function () {
      const { token, vault, stranger, addresses, model } = await loadFixture(paid);
      await token.mint(stranger.address, 5n);
      const permitted = await DataDividends.connect(stranger, addresses).deposit(model, 5n, { permit: true });
      expect(permitted.transactions).to.have.length(1);
      expect(permitted.inflow).to.equal(805n);
      expect(await vault.inflow(model)).to.equal(805n);
    });

    it("rejects zero", async function () {
      const { sponsor, addresses } = await loadFixture(paid);
      const dd = DataDividends.connect(sponsor, addresses);
      expect((await failure(dd.deposit(modelId(hashOf("m")), 0n))).code).to.equal("INVALID_INPUT");
    });
  });

  describe("claimable and claimAll", function () {
    it("finds every edge an account holds, claims them in one transaction, then reports nothing owed", async function () {
      const { alice, token, A, B, model, carolClient } = await loadFixture(paid);
      const report = await carolClient.claimable(alice.address);
      // 800 split 1:1 between A and B; alice holds 3/4 of A and all of B.
      expect(report.totals).to.deep.equal([{ token: token.target, amount: 300n + 400n }]);
      expect(report.edges.find((e) => e.dataset === A)?.claimable).to.equal(300n);
      expect(report.edges.find((e) => e.dataset === B)?.claimable).to.equal(400n);
      for (const e of report.edges)
        expect({ model: e.model, released: e.released }).to.deep.equal({ model, released: 0n });
      const result = await carolClient.claimAll(alice.address); // carol relays; alice is paid
      expect(result.account).to.equal(alice.address);
      expect(result.payments).to.have.length(1);
      expect(result.payments[0]).to.deep.include({ token: token.target, paid: 700n, edges: 2, forwards: 0 });
      expect(result.transactions).to.have.length(1);
      expect(await token.balanceOf(alice.address)).to.equal(700n);
      const after = await carolClient.claimable(alice.address);
      expect(after.totals[0].amount).to.equal(0n);
      expect(after.edges.map((e) => e.released).sort()).to.deep.equal([300n, 400n]);
      expect(await carolClient.claimAll(alice.address)).to.deep.include({ payments: [], transactions: [] });
    });

    it("follows moved shares: the new holder sees and claims them, the old one no longer does", async function () {
      const { alice, bob, stranger, datasets, token, A, carolClient } = await loadFixture(paid);
      const bobIndex = (await datasets.contributor(A, 0)).account === bob.address ? 0 : 1;
      await datasets.connect(bob).moveShare(A, bobIndex, stranger.address);
      expect((await carolClient.claimable(bob.address)).edges).to.deep.equal([]);
      expect((await carolClient.claimable(stranger.address)).totals[0].amount).to.equal(100n);
      await carolClient.claimAll(stranger.address);
      expect(await token.balanceOf(stranger.address)).to.equal(100n);
      expect((await carolClient.claimable(alice.address)).totals[0].amount).to.equal(700n);
    });
  });

  describe("readers", function () {
    it("lists datasets, models and payouts from events", async function () {
      const { alice, bob, owner, A, B, model, carolClient } = await loadFixture(paid);
      const datasets = await carolClient.listDatasets();
      expect(datasets.map((d) => d.id)).to.deep.equal([A, B]);
      expect(datasets[0]).to.deep.include({ registrant: alice.address, metadataURI: "ipfs://a" });
      expect(datasets[0].contributors).to.have.members([alice.address, bob.address]);
      const models = await carolClient.listModels();
      expect(models).to.have.length(1);
      expect(models[0]).to.deep.include({
        id: model,
        owner: owner.address,
        parent: undefined,
        metadataURI: "ipfs://card",
      });
      expect(models[0].usage.map((u) => u.weight)).to.deep.equal([1n, 1n]);
      await carolClient.claimAll(alice.address);
      await carolClient.claimAll(bob.address);
      const all = await carolClient.listPayouts();
      expect(all.map((p) => p.amount).sort()).to.deep.equal([100n, 300n, 400n]);
      const bobs = await carolClient.listPayouts(bob.address);
      expect(bobs).to.have.length(1);
      expect(bobs[0]).to.deep.include({ model, dataset: A, account: bob.address, amount: 100n });
    });
  });

  describe("edge state", function () {
    it("shows a cooling-off or frozen edge as such even when it owes nothing yet (the rulebook's rule, not the amounts)", async function () {
      const system = await deploySystem(ethers, 0n, { claimDelay: 86_400n });
      const { alice, stranger, owner, datasets, models } = system;
      const { addresses } = system;
      const dd = DataDividends.connect(alice, addresses);
      const { id } = await dd.registerDataset({
        contentHash: hashOf("nothing owed"),
        metadataURI: "ipfs://n",
        contributors: [{ account: alice.address, shares: 1 }],
      });
      await models.connect(owner).registerModel({
        artifactHash: hashOf("nothing owed model"),
        metadataURI: "ipfs://m",
        datasets: [id],
        weights: [1],
        parent: ZeroHash,
        parentWeight: 0,
        minRoyaltyBps: 0,
      });
      const cooling = await dd.claimable(alice.address);
      expect(cooling.edges.map((e) => [e.owed, e.state])).to.deep.equal([[0n, "cooling-off"]]);
      await networkHelpers.time.increase(86_400n);
      expect((await dd.claimable(alice.address)).edges[0].state).to.equal("payable");
      await datasets.connect(stranger).flag(id, 0n, "ipfs://e", { value: await datasets.flagBond() });
      const frozen = await dd.claimable(alice.address);
      expect(frozen.edges.map((e) => [e.owed, e.state])).to.deep.equal([[0n, "frozen"]]);
    });
  });

  describe("errors", function () {
    it("turns a contract's custom error into CONTRACT_REVERT naming it and its arguments, said as its advice", async function () {
      const { alice, datasets } = await loadFixture(immediate);
      const unknown = hashOf("never registered");
      const error = await failure(decoding("retire", () => datasets.connect(alice).retire(unknown)));
      expect(error.code).to.equal("CONTRACT_REVERT");
      expect(error.revert).to.deep.equal({
        name: "UnknownDataset",
        args: { id: unknown },
        text: `UnknownDataset(id=${unknown})`,
      });
      expect(error.message).to.equal(`retire: dataset ${unknown} is not registered (UnknownDataset)`);
    });

    it("decodes only revert data it knows, and keeps its own errors as they are", function () {
      expect(decodeRevert(new Error("no data"))).to.equal(undefined);
      expect(decodeRevert({ data: "0xdeadbeef" })).to.equal(undefined);
      const own = new DataDividendsError("TIMEOUT", "late");
      expect(toDataDividendsError(own, "x")).to.equal(own);
      const wrapped = toDataDividendsError(new Error("socket hang up\nmore"), "claim");
      expect(wrapped.code).to.equal("RPC_UNAVAILABLE");
      expect(wrapped.message).to.equal("claim failed: the node did not answer (socket hang up)");
      expect(wrapped.cause).to.be.instanceOf(Error);
    });

    it("has a transaction's receipt once mined, without the next block an idle node never mines", async function () {
      // A transaction whose receipt exists, on a provider whose block events never come (ethers' wait, fed a
      // block number cached just before the transaction's block, would wait for the next block until the timeout).
      const receipt = { hash: ZeroHash, status: 1 };
      let asked = 0;
      const tx = {
        hash: ZeroHash,
        provider: {
          getTransactionReceipt: () => Promise.resolve((asked++, receipt)),
          getBlockNumber: () => Promise.resolve(1),
        },
        wait: (confirmations: number) =>
          confirmations === 0 ? Promise.resolve(receipt) : new Promise(() => undefined),
      } as unknown as ContractTransactionResponse;
      const started = Date.now();
      expect(await waitForReceipt(tx, { txTimeoutMs: 20_000 })).to.equal(receipt);
      expect(Date.now() - started).to.be.below(5_000);
      expect(asked).to.be.greaterThan(0);
    });
  });
});
