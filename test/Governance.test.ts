/**
 * Token holders as arbiter: the GovernedDataDividends Ignition module deploys token, timelock, governor,
 * registries and vault with the timelock as the only holder of every role (the token's minter and admin
 * included); a whole governance cycle then upholds a flag on a squatted dataset, the ruling waits out its
 * appeal window on top of the timelock, and the rightful holder is paid what the squatter's copy earned.
 */
import { readdirSync, readFileSync } from "node:fs";

import { expect } from "chai";
import { ZeroAddress, ZeroHash, id as keccakText } from "ethers";
import { network } from "hardhat";

import DataDividendsModule from "../src/hardhat/ignition/modules/DataDividends.js";
import GovernedDataDividends from "../src/hardhat/ignition/modules/GovernedDataDividends.js";
import { FlagReason, modelIdOf } from "../src/protocol/ids.js";
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
const APPEAL_WINDOW = 3n * 86_400n;

async function governed() {
  const [deployer, voter, squatter, rightful, sponsor, owner, distributor] = await ethers.getSigners();
  const deployed = await ignition.deploy(GovernedDataDividends, {
    parameters: {
      $global: { adminDelay: 0n },
      // The supply goes to a distribution account, not the deployer.
      DataRewardToken: { initialMint: SUPPLY, initialHolder: distributor.address },
      Timelock: { timelockDelay: TIMELOCK_DELAY },
      Governance: { votingDelay: 1n, votingPeriod: 10n, quorumPercent: 4n },
      DatasetRegistry: { commitDelay: 0n, appealWindow: APPEAL_WINDOW },
    },
  });
  const address = async (c: { getAddress(): Promise<string> }) => c.getAddress();
  const token = DataRewardToken__factory.connect(await address(deployed.token), deployer);
  const timelock = TimelockController__factory.connect(await address(deployed.timelock), deployer);
  const governor = DataDividendsGovernor__factory.connect(await address(deployed.governor), deployer);
  const datasets = DatasetRegistry__factory.connect(await address(deployed.datasets), deployer);
  const models = ModelRegistry__factory.connect(await address(deployed.models), deployer);
  const vault = RewardVault__factory.connect(await address(deployed.vault), deployer);
  await token.connect(distributor).transfer(voter.address, SUPPLY / 10n);
  await token.connect(distributor).transfer(sponsor.address, 10_000n);
  return { deployer, voter, squatter, rightful, sponsor, owner, token, timelock, governor, datasets, models, vault };
}

/** Every (role, member) a contract's RoleGranted/RoleRevoked events leave standing, replayed from block 0. */
async function roleMembers(contract: {
  queryFilter: (event: string, from: number) => Promise<unknown[]>;
}): Promise<Set<string>> {
  const members = new Set<string>();
  const logs = [
    ...(await contract.queryFilter("RoleGranted", 0)),
    ...(await contract.queryFilter("RoleRevoked", 0)),
  ] as { eventName: string; args: [string, string]; blockNumber: number; index: number }[];
  logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  for (const log of logs) {
    const key = `${log.args[0]} ${log.args[1]}`;
    if (log.eventName === "RoleGranted") members.add(key);
    else members.delete(key);
  }
  return members;
}

describe("Governance (token holders as arbiter)", function () {
  it("leaves every role of every contract with the timelock (the governor only proposes and cancels on it)", async function () {
    const { deployer, token, timelock, governor, datasets, models, vault } = await loadFixture(governed);
    const t = await timelock.getAddress();
    const g = await governor.getAddress();
    for (const c of [token, datasets, models, vault]) {
      const members = [...(await roleMembers(c))];
      expect(members.length).to.be.greaterThan(0);
      for (const m of members) expect(m.split(" ")[1], `${await c.getAddress()}: ${m}`).to.equal(t);
      expect(await c.defaultAdmin()).to.equal(t);
      expect((await c.pendingDefaultAdmin()).newAdmin).to.equal(ZeroAddress);
    }
    const role = async (name: "PROPOSER_ROLE" | "CANCELLER_ROLE" | "EXECUTOR_ROLE" | "DEFAULT_ADMIN_ROLE") =>
      timelock[name]();
    expect([...(await roleMembers(timelock))].sort()).to.deep.equal(
      [
        `${await role("DEFAULT_ADMIN_ROLE")} ${t}`,
        `${await role("PROPOSER_ROLE")} ${g}`,
        `${await role("CANCELLER_ROLE")} ${g}`,
        `${await role("EXECUTOR_ROLE")} ${ZeroAddress}`,
      ].sort(),
    );
    expect(await governor.token()).to.equal(await token.getAddress());
    expect(await governor.timelock()).to.equal(t);
    // The deployer can neither mint itself a majority nor rule.
    await expect(token.mint(deployer.address, 1n))
      .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
      .withArgs(deployer.address, await token.MINTER_ROLE());
    expect(await token.balanceOf(deployer.address)).to.equal(0n);
    await expect(datasets.dismissFlag(ZeroHash, 1n)).to.be.revertedWithCustomError(
      datasets,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("delegate, propose an upheld ruling, vote, queue, execute, wait out the appeal window: the rightful holder is paid what the squatted copy earned", async function () {
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
    const calldatas = [
      datasets.interface.encodeFunctionData("upholdFlag", [id, 1n, rightful.address, [rightful.address]]),
    ];
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
    const executedAt = BigInt(await time.latest()) + 1n;
    await time.setNextBlockTimestamp(executedAt);
    await expect(governor.execute(targets, [0n], calldatas, descriptionHash))
      .to.emit(datasets, "FlagUpheld")
      .withArgs(id, 1n, await governor.timelock(), rightful.address, [rightful.address], executedAt + APPEAL_WINDOW);
    // The appeal window sits on top of the timelock: nothing moved yet.
    await expect(datasets.executeRuling(id, 1n, rightful.address, [rightful.address]))
      .to.be.revertedWithCustomError(datasets, "RulingNotExecutable")
      .withArgs(id, 1n, executedAt + APPEAL_WINDOW);
    await time.increaseTo(executedAt + APPEAL_WINDOW);
    await datasets.executeRuling(id, 1n, rightful.address, [rightful.address]);

    await vault.claim(rightful.address, [{ model, dataset: id, index: 0 }]);
    expect(await token.balanceOf(rightful.address)).to.equal(10_000n);
    expect(await token.balanceOf(squatter.address)).to.equal(0n);
    expect(await datasets.bondCredit(rightful.address)).to.equal(await datasets.flagBond());
  });

  it("a dismissal queued for one dispute cannot fire against a later one on the same dataset", async function () {
    const { voter, squatter, rightful, token, governor, datasets } = await loadFixture(governed);
    await token.connect(voter).delegate(voter.address);
    const copy = registration("published", [{ address: squatter.address, shares: 1 }]);
    await datasets.connect(squatter).register(copy, ZeroHash);
    const id = copy.contentHash as string;
    const bond = await datasets.flagBond();
    await datasets.connect(voter).flag(id, FlagReason.JunkData, "ipfs://weak", { value: bond });
    const targets = [await datasets.getAddress()];
    const calldatas = [datasets.interface.encodeFunctionData("dismissFlag", [id, 1n])];
    const description = "Dismiss the weak flag";
    const proposalId = await governor.propose.staticCall(targets, [0n], calldatas, description);
    await governor.connect(voter).propose(targets, [0n], calldatas, description);
    await mine(2);
    await governor.connect(voter).castVote(proposalId, 1);
    await mine(11);
    await governor.queue(targets, [0n], calldatas, keccakText(description));
    // Dispute 1 times out before the proposal runs; the rightful creator then opens dispute 2.
    await time.increase(await datasets.disputeTimeout());
    await datasets.expireFlag(id);
    // The expired flag doubled the bond the next one must carry.
    await datasets.connect(rightful).flag(id, FlagReason.NotTheOwner, "ipfs://proof", { value: 2n * bond });
    await expect(governor.execute(targets, [0n], calldatas, keccakText(description)))
      .to.be.revertedWithCustomError(datasets, "DisputeMismatch")
      .withArgs(id, 1n, 2n);
    expect((await datasets.disputeOf(id)).state).to.equal(1n); // dispute 2 still open
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

  /** Proposes, votes for with `voter`, queues and executes `calls` on the governed deployment; returns when executed. */
  async function pass(
    governor: Awaited<ReturnType<typeof governed>>["governor"],
    timelock: Awaited<ReturnType<typeof governed>>["timelock"],
    voter: Awaited<ReturnType<typeof governed>>["voter"],
    target: string,
    calldata: string,
    description: string,
  ) {
    const proposalId = await governor.propose.staticCall([target], [0n], [calldata], description);
    await governor.connect(voter).propose([target], [0n], [calldata], description);
    await time.increase((await governor.votingDelay()) + 1n);
    await governor.connect(voter).castVote(proposalId, 1);
    await time.increase((await governor.votingPeriod()) + 1n);
    await governor.queue([target], [0n], [calldata], keccakText(description));
    await time.increase((await timelock.getMinDelay()) + 1n);
    return governor.execute([target], [0n], [calldata], keccakText(description));
  }

  /** An Ignition parameters file as `ignition.deploy` takes it ("123n" strings are bigints). */
  function parametersFile(name: string) {
    const raw = JSON.parse(readFileSync(`ignition/parameters/${name}`, "utf8")) as Record<
      string,
      Record<string, unknown>
    >;
    return Object.fromEntries(
      Object.entries(raw).map(([module, values]) => [
        module,
        Object.fromEntries(
          Object.entries(values).map(([k, v]) => [
            k,
            typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
          ]),
        ),
      ]),
    ) as Record<string, Record<string, bigint | number | string>>;
  }

  for (const file of readdirSync("ignition/parameters").filter((f) => f.endsWith(".json"))) {
    it(`with the shipped ${file}, the first holder votes, and holders reverse an upheld ruling before it takes effect`, async function () {
      const [deployer, squatter, rightful, community] = await ethers.getSigners();
      const deployed = await ignition.deploy(GovernedDataDividends, { parameters: parametersFile(file) });
      const at = async (c: { getAddress(): Promise<string> }) => c.getAddress();
      const token = DataRewardToken__factory.connect(await at(deployed.token), deployer);
      const timelock = TimelockController__factory.connect(await at(deployed.timelock), deployer);
      const governor = DataDividendsGovernor__factory.connect(await at(deployed.governor), deployer);
      const datasets = DatasetRegistry__factory.connect(await at(deployed.datasets), deployer);
      // The deployer holds the initial supply: it delegates (the first votes) and hands some to the community.
      expect(await token.balanceOf(deployer.address)).to.be.greaterThan(0n);
      await token.transfer(community.address, (await token.totalSupply()) / 2n);
      await token.delegate(deployer.address);
      await token.connect(community).delegate(community.address);
      expect(await governor.cycle()).to.be.at.most(await datasets.appealWindow());

      const copy = registration(`published ${file}`, [{ address: squatter.address, shares: 1 }]);
      const salt = ZeroHash;
      if ((await datasets.commitDelay()) > 0n) {
        await datasets.connect(squatter).commit(await datasets.commitmentOf(copy.contentHash, squatter.address, salt));
        await mine(Number(await datasets.commitDelay()));
      }
      await datasets.connect(squatter).register(copy, salt);
      await mine(Number((await datasets.commitDelay()) + (await datasets.commitWindow())) + 1);
      const id = copy.contentHash as string;
      await datasets
        .connect(rightful)
        .flag(id, FlagReason.Other, "ipfs://weak", { value: await datasets.bondToFlag(id) });
      // One holder passes an uphold; the community answers with a dismissal through a full cycle of its own.
      const uphold = datasets.interface.encodeFunctionData("upholdFlag", [
        id,
        1n,
        rightful.address,
        [rightful.address],
      ]);
      await pass(governor, timelock, deployer, await datasets.getAddress(), uphold, "Uphold");
      const executableAt = (await datasets.disputeOf(id)).executableAt;
      const dismiss = datasets.interface.encodeFunctionData("dismissFlag", [id, 1n]);
      await pass(governor, timelock, community, await datasets.getAddress(), dismiss, "Reverse the uphold");
      expect(BigInt(await time.latest())).to.be.lessThan(executableAt);
      expect((await datasets.disputeOf(id)).state).to.equal(3n); // Dismissed
      expect((await datasets.contributor(id, 0)).account).to.equal(squatter.address);
    });
  }

  it("refuses, at deployment, a supply no one outside the timelock can vote with, and an appeal window shorter than a governance cycle", async function () {
    const base = {
      $global: { adminDelay: 0n },
      DatasetRegistry: { commitDelay: 0n },
      DataRewardToken: { initialMint: 1_000n },
    };
    // Nothing minted: no proposal could ever pass.
    const failure = (deploying: Promise<unknown>) =>
      deploying.then(
        () => "deployed",
        (e: Error) => e.message,
      );
    expect(
      await failure(
        ignition.deploy(GovernedDataDividends, {
          parameters: { ...base, DataRewardToken: { initialMint: 0n } },
          deploymentId: "no-votes",
        }),
      ),
    ).to.match(/NoVotersOutsideTimelock/);
    // A three-day appeal window under a ten-day governance cycle.
    expect(
      await failure(
        ignition.deploy(GovernedDataDividends, {
          parameters: { ...base, DatasetRegistry: { commitDelay: 0n, appealWindow: 3n * 86_400n } },
          deploymentId: "short-window",
        }),
      ),
    ).to.match(/CycleLongerThanAppealWindow/);
  });

  it("refuses a supply held by the timelock, and a later proposal that would lengthen the cycle past the appeal window", async function () {
    const { deployer, voter, token, timelock, governor, datasets } = await loadFixture(governed);
    const factory = new DataDividendsGovernor__factory(deployer);
    const treasuryToken = await new DataRewardToken__factory(deployer).deploy(
      "T",
      "T",
      10n ** 24n,
      await timelock.getAddress(),
      10n ** 18n,
      0n,
      await timelock.getAddress(),
    );
    await expect(factory.deploy(treasuryToken, timelock, datasets, 1n, 10n, 0n, 4n))
      .to.be.revertedWithCustomError(governor, "NoVotersOutsideTimelock")
      .withArgs(0n, 4n * 10n ** 16n);
    await token.connect(voter).delegate(voter.address);
    const window = await datasets.appealWindow();
    const longer = governor.interface.encodeFunctionData("setVotingPeriod", [window]);
    await expect(pass(governor, timelock, voter, await governor.getAddress(), longer, "Vote for longer"))
      .to.be.revertedWithCustomError(governor, "CycleLongerThanAppealWindow")
      .withArgs(window + (await governor.votingDelay()) + (await timelock.getMinDelay()), window);
    const later = governor.interface.encodeFunctionData("setVotingDelay", [window]);
    await expect(pass(governor, timelock, voter, await governor.getAddress(), later, "Start voting later"))
      .to.be.revertedWithCustomError(governor, "CycleLongerThanAppealWindow")
      .withArgs(window + (await governor.votingPeriod()) + (await timelock.getMinDelay()), window);
    // A change that keeps the cycle inside the window goes through.
    const shorter = governor.interface.encodeFunctionData("setVotingPeriod", [20n]);
    await pass(governor, timelock, voter, await governor.getAddress(), shorter, "Vote for 20 seconds");
    expect(await governor.votingPeriod()).to.equal(20n);
  });
});
