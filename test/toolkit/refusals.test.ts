/**
 * The SDK refuses what a contract refuses by simulating the call and saying the contract's own error
 * (src/sdk/advice.ts): each refusal of the dispute and holding actions, with the error's name and its line,
 * and nothing sent. The table is held to the contracts' ABIs: every custom error they can raise has a line.
 */
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";

import { DataDividends, DataDividendsError, FlagReason, datasetId } from "../../src/index.js";
import { ADVICE } from "../../src/sdk/advice.js";
import {
  DataDividendsGovernor__factory,
  DataRewardToken__factory,
  DatasetRegistry__factory,
  ModelRegistry__factory,
  RewardVault__factory,
  ShareTrees__factory,
} from "../../src/typechain.js";
import { deploySystem, hashOf } from "../helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** A dataset of Alice (3 shares) and Bob (1), flagged by Carol. */
async function flagged() {
  const system = await deploySystem(ethers, 0n);
  const { alice, bob, carol, addresses } = system;
  const id = datasetId(hashOf("refusals"));
  await DataDividends.connect(alice, addresses).registerDataset({
    contentHash: id,
    metadataURI: "ipfs://r",
    contributors: [
      { account: alice.address, shares: 3 },
      { account: bob.address, shares: 1 },
    ],
  });
  await DataDividends.connect(carol, addresses).flag(id, FlagReason.StolenData, "ipfs://evidence");
  return { ...system, id, as: (s: (typeof system)["alice"]) => DataDividends.connect(s, addresses) };
}

/** The refusal `action` ends in: a CONTRACT_REVERT naming `name`, said by the table, with no transaction sent. */
async function refused(
  signer: { address: string },
  action: () => Promise<unknown>,
  name: string,
  line: RegExp,
): Promise<void> {
  const before = await ethers.provider.getTransactionCount(signer.address);
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught, name).to.be.instanceOf(DataDividendsError);
  const error = caught as DataDividendsError;
  expect(error.code, error.message).to.equal("CONTRACT_REVERT");
  expect(error.revert?.name, error.message).to.equal(name);
  expect(error.message).to.match(line);
  expect(error.message).to.match(new RegExp(`\\(${name}\\)$`));
  expect(await ethers.provider.getTransactionCount(signer.address), `${name}: sent`).to.equal(before);
}

describe("SDK refusals: the contract's own error, said in words, nothing sent", function () {
  it("has a line for every custom error the contracts can raise", function () {
    const names = new Set<string>(
      [
        DatasetRegistry__factory,
        ModelRegistry__factory,
        RewardVault__factory,
        DataRewardToken__factory,
        DataDividendsGovernor__factory,
        ShareTrees__factory,
      ].flatMap((f) => f.abi.filter((item) => item.type === "error").map((item) => item.name)),
    );
    expect([...names].filter((n) => ADVICE[n] === undefined)).to.deep.equal([]);
    expect(Object.keys(ADVICE).filter((n) => !names.has(n))).to.deep.equal([]);
  });

  it("flag: the registrant, a second bond from one challenger, a dataset that cannot be flagged", async function () {
    const { alice, carol, as, id } = await loadFixture(flagged);
    await refused(
      alice,
      () => as(alice).flag(id, FlagReason.Other, "ipfs://e"),
      "PartyCannotFlag",
      /is the registrant of dataset/,
    );
    await refused(
      carol,
      () => as(carol).flag(id, FlagReason.Other, "ipfs://e"),
      "AlreadyChallenger",
      /already posted a bond on dispute 1 of/,
    );
    const never = datasetId(hashOf("never registered"));
    await refused(
      carol,
      () => as(carol).flag(never, FlagReason.Other, "ipfs://e"),
      "NotFlaggable",
      /cannot be flagged: it is not registered/,
    );
  });

  it("resolve: the arbiter's role, the dispute's state, its timeout, its holders, its appeal", async function () {
    const { admin, alice, bob, carol, stranger, as, id } = await loadFixture(flagged);
    await refused(
      bob,
      () => as(bob).resolveFlag(id, { ruling: "dismiss" }),
      "AccessControlUnauthorizedAccount",
      /does not hold the arbiter role/,
    );
    await refused(
      bob,
      () => as(bob).resolveFlag(id, { ruling: "expire" }),
      "FlagNotExpired",
      /can be ended by anyone from /,
    );
    await refused(
      admin,
      () => as(admin).resolveFlag(id, { ruling: "uphold", registrant: carol.address, holders: [carol.address] }),
      "HolderCountMismatch",
      /has 2 share slot\(s\); name a holder for each, got 1/,
    );
    await refused(
      admin,
      () =>
        as(admin).resolveFlag(id, {
          ruling: "uphold",
          registrant: carol.address,
          holders: [carol.address, ZeroAddress],
        }),
      "InvalidHolder",
      /cannot be a holder/,
    );
    await refused(
      admin,
      () => as(admin).resolveFlag(id, { ruling: "dismiss" }, 2n),
      "DisputeMismatch",
      /dispute 2 is not the latest on .* \(that is dispute 1\)/,
    );
    await refused(
      alice,
      () => as(alice).resolveFlag(id, { ruling: "appeal", evidenceURI: "ipfs://a" }),
      "DisputeNotOpen",
      /is open: this step does not apply to a dispute in that state/,
    );
    await as(admin).resolveFlag(id, {
      ruling: "uphold",
      registrant: carol.address,
      holders: [carol.address, bob.address],
    });
    await refused(
      stranger,
      () => as(stranger).resolveFlag(id, { ruling: "appeal", evidenceURI: "ipfs://a" }),
      "NotAppellant",
      /may appeal, not/,
    );
    await refused(
      stranger,
      () => as(stranger).resolveFlag(id, { ruling: "execute" }),
      "RulingNotExecutable",
      /takes effect from /,
    );
    await time.increase(13 * 86_400);
    await refused(
      alice,
      () => as(alice).resolveFlag(id, { ruling: "appeal", evidenceURI: "ipfs://a" }),
      "AppealClosed",
      /can no longer be appealed/,
    );
    await as(stranger).resolveFlag(id, { ruling: "execute" });
    await refused(
      admin,
      () => as(admin).resolveFlag(id, { ruling: "dismiss" }),
      "DisputeNotOpen",
      /is executed: this step does not apply to a dispute in that state/,
    );
  });

  it("holdings: a slot not held, a bad recipient, retiring another's or a frozen dataset, bonds not credited", async function () {
    const { alice, bob, stranger, as, id } = await loadFixture(flagged);
    await refused(
      stranger,
      () => as(stranger).moveShare(id, 0, stranger.address),
      "NotShareHolder",
      /does not hold share slot 0 of dataset/,
    );
    await refused(
      alice,
      () => as(alice).moveShare(id, 9, stranger.address),
      "UnknownContributor",
      /has no share slot 9/,
    );
    const [first] = [alice, bob].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1));
    await refused(
      first,
      () => as(first).moveShare(id, 0, first.address),
      "InvalidShareRecipient",
      /cannot receive the share slot/,
    );
    await refused(bob, () => as(bob).retire(id), "NotRegistrant", /only the registrant of dataset .* may do this, not/);
    await refused(alice, () => as(alice).retire(id), "DatasetFrozen", /is frozen by a dispute/);
    await refused(stranger, () => as(stranger).withdrawBond(), "NoBondCredit", /has no bond credited to withdraw/);
    const other = datasetId(hashOf("not a dispute"));
    // A second step refused: the first is not sent either (every step is simulated before any is sent).
    await refused(
      stranger,
      () => as(stranger).withdrawBond({ reclaim: [{ dataset: other, disputeId: 1n }] }),
      "BondNotReclaimable",
      /no refundable joined bond on dispute 1 of/,
    );
  });

  it("withdraw-bond: a refused second reclaim sends nothing, not even the first (every step simulated first)", async function () {
    const { stranger, admin, as, id } = await loadFixture(flagged);
    // The stranger joins Carol's flag; it expires unruled, so joined bonds are refundable.
    await as(stranger).flag(id, FlagReason.StolenData, "ipfs://joined");
    await time.increase(15 * 86_400);
    await as(admin).resolveFlag(id, { ruling: "expire" });
    const other = datasetId(hashOf("not a dispute"));
    await refused(
      stranger,
      () =>
        as(stranger).withdrawBond({
          reclaim: [
            { dataset: id, disputeId: 1n },
            { dataset: other, disputeId: 1n },
          ],
        }),
      "BondNotReclaimable",
      /no refundable joined bond on dispute 1 of/,
    );
    const paid = await as(stranger).withdrawBond({ reclaim: [{ dataset: id, disputeId: 1n }] });
    expect(paid.amount).to.equal(10n ** 17n);
    expect(paid.transactions).to.have.length(2);
  });
});
