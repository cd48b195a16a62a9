/**
 * Token holders as arbiter: the GovernedDataDividends Ignition module deploys token, timelock, governor,
 * registries and vault with the timelock as admin, pauser and arbiter; a whole governance cycle then
 * upholds a flag on a squatted dataset and the rightful holder is paid what the squatter's copy earned.
 */
import { expect } from "chai";
import { ZeroHash, id as keccakText } from "ethers";
import { network } from "hardhat";

import DataDividendsModule from "../ignition/modules/DataDividends.js";
import GovernedDataDividends from "../ignition/modules/GovernedDataDividends.js";
import { FlagReason, modelIdOf } from "../src/sdk/ids.js";
import {
  DataDividendsGovernor__factory,
  DataRewardToken__factory,
  DatasetRegistry__factory,
  ModelRegistry__factory,
  RewardVault__factory,
  TimelockController__factory,
} from "../typechain-types/index.js";
import { modelRegistration, registration } from "./helpers/fixtures.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { loadFixture, mine, time } = networkHelpers;

const SUPPLY = 1_000_000n * 10n ** 18n;
const TIMELOCK_DELAY = 3600n;

async function governed() {
  const [deployer, voter, squatter, rightful, sponsor, owner] = await ethers.getSigners();
  const deployed = await ignition.deploy(GovernedDataDividends, {
    parameters: {
      $global: { adminDelay: 0n },
      DataRewardToken: { initialMint: SUPPLY },
      Governance: { votingDelay: 1n, votingPeriod: 10n, timelockDelay: TIMELOCK_DELAY, quorumPercent: 4n },
      GovernedDataDividends: { commitDelay: 0n },
    },
  });
  const address = async (c: { getAddress(): Promise<string> }) => c.getAddress();
  const token = DataRewardToken__factory.connect(await address(deployed.token), deployer);
  const timelock = TimelockController__factory.connect(await address(deployed.timelock), deployer);
  const governor = DataDividendsGovernor__factory.connect(await address(deployed.governor), deployer);
  const datasets = DatasetRegistry__factory.connect(await address(deployed.datasets), deployer);
  const models = ModelRegistry__factory.connect(await address(deployed.models), deployer);
  const vault = RewardVault__factory.connect(await address(deployed.vault), deployer);
  await token.transfer(voter.address, SUPPLY / 10n);
  await token.transfer(sponsor.address, 10_000n);
  return { deployer, voter, squatter, rightful, sponsor, owner, token, timelock, governor, datasets, models, vault };
}

describe("Governance (token holders as arbiter)", function () {
  it("makes the timelock admin, pauser and arbiter of every contract, and the governor its only proposer", async function () {
    const { deployer, token, timelock, governor, datasets, models, vault } = await loadFixture(governed);
    const t = await timelock.getAddress();
    for (const c of [datasets, models, vault]) {
      expect(await c.defaultAdmin()).to.equal(t);
      expect(await c.hasRole(await c.PAUSER_ROLE(), t)).to.equal(true);
      expect(await c.hasRole(await c.PAUSER_ROLE(), deployer.address)).to.equal(false);
    }
    expect(await datasets.hasRole(await datasets.ARBITER_ROLE(), t)).to.equal(true);
    expect(await datasets.hasRole(await datasets.ARBITER_ROLE(), deployer.address)).to.equal(false);
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), await governor.getAddress())).to.equal(true);
    expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);
    expect(await governor.token()).to.equal(await token.getAddress());
    expect(await governor.timelock()).to.equal(t);
    // Nobody but the timelock can rule.
    await expect(datasets.dismissFlag(ZeroHash)).to.be.revertedWithCustomError(
      datasets,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("delegate, propose an upheld ruling, vote, queue, execute: the rightful holder is paid what the squatted copy earned", async function () {
    const { voter, squatter, rightful, sponsor, owner, token, governor, datasets, models, vault } =
      await loadFixture(governed);
    await token.connect(voter).delegate(voter.address);

    // The squatter registers a published dataset under his name; a model pays into it.
    const copy = registration("published", [{ address: squatter.address, shares: 1 }]);
    await datasets.connect(squatter).register(copy, ZeroHash);
    const id = copy.contentHash as string;
    const m = modelRegistration("model", { [id]: 1 });
    await models.connect(owner).registerModel(m);
    const model = modelIdOf(owner.address, m.artifactHash as string);
    await token.connect(sponsor).approve(await vault.getAddress(), 10_000n);
    await vault.connect(sponsor).deposit(model, 6_000n);
    await datasets
      .connect(rightful)
      .flag(id, FlagReason.NotTheOwner, "ipfs://proof", { value: await datasets.flagBond() });
    await vault.connect(sponsor).deposit(model, 4_000n); // accrues while frozen

    const targets = [await datasets.getAddress()];
    const calldatas = [datasets.interface.encodeFunctionData("upholdFlag", [id, rightful.address, [rightful.address]])];
    const description = "Uphold the flag on the squatted copy: its one slot belongs to the publisher";
    const proposalId = await governor.propose.staticCall(targets, [0n], calldatas, description);
    await governor.connect(voter).propose(targets, [0n], calldatas, description);
    await mine(2); // past the voting delay
    await governor.connect(voter).castVote(proposalId, 1); // for
    await mine(11); // past the voting period
    expect(await governor.state(proposalId)).to.equal(4n); // Succeeded
    const descriptionHash = keccakText(description);
    await governor.queue(targets, [0n], calldatas, descriptionHash);
    await time.increase(TIMELOCK_DELAY);
    await expect(governor.execute(targets, [0n], calldatas, descriptionHash))
      .to.emit(datasets, "FlagUpheld")
      .withArgs(id, await governor.timelock(), rightful.address, [rightful.address]);

    await vault.claim(rightful.address, [{ model, dataset: id, index: 0 }]);
    expect(await token.balanceOf(rightful.address)).to.equal(10_000n);
    expect(await token.balanceOf(squatter.address)).to.equal(0n);
    expect(await datasets.bondCredit(rightful.address)).to.equal(await datasets.flagBond());
  });

  it("lets a proposer cancel a pending proposal (the timelock never sees it)", async function () {
    const { voter, token, governor, datasets } = await loadFixture(governed);
    await token.connect(voter).delegate(voter.address);
    const targets = [await datasets.getAddress()];
    const calldatas = [datasets.interface.encodeFunctionData("pause")];
    const description = "Pause registration";
    const proposalId = await governor.propose.staticCall(targets, [0n], calldatas, description);
    await governor.connect(voter).propose(targets, [0n], calldatas, description);
    await expect(governor.connect(voter).cancel(targets, [0n], calldatas, keccakText(description)))
      .to.emit(governor, "ProposalCanceled")
      .withArgs(proposalId);
    expect(await governor.state(proposalId)).to.equal(2n); // Canceled
    expect(await governor.proposalNeedsQueuing(proposalId)).to.equal(true);
  });

  it("the plain deployment works with an admin other than the deployer (a multisig), minting without it", async function () {
    const [deployer, , , , , , multisig] = await ethers.getSigners();
    const deployed = await ignition.deploy(DataDividendsModule, {
      parameters: {
        $global: { adminDelay: 0n, admin: multisig.address },
        DataRewardToken: { initialMint: 1_000n },
        DatasetRegistry: { commitDelay: 0n },
      },
    });
    const token = DataRewardToken__factory.connect(await deployed.token.getAddress(), deployer);
    const datasets = DatasetRegistry__factory.connect(await deployed.datasets.getAddress(), deployer);
    const vault = RewardVault__factory.connect(await deployed.vault.getAddress(), deployer);
    expect(await token.balanceOf(deployer.address)).to.equal(1_000n); // minted in the constructor
    expect(await token.hasRole(await token.MINTER_ROLE(), multisig.address)).to.equal(true);
    expect(await token.hasRole(await token.MINTER_ROLE(), deployer.address)).to.equal(false);
    for (const c of [datasets, vault]) expect(await c.defaultAdmin()).to.equal(multisig.address);
    expect(await datasets.hasRole(await datasets.ARBITER_ROLE(), multisig.address)).to.equal(true);
  });
});
