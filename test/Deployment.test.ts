/**
 * Every Ignition module reads every section of every parameter file it deploys: each module (plain and
 * governed) is deployed with each of ignition/parameters/*.json, and every setting is read back from the
 * contracts. (A governed deployment once ignored the `DatasetRegistry` section and got no cooling-off.)
 */
import { readFileSync, readdirSync } from "node:fs";

import { expect } from "chai";
import { network } from "hardhat";

import DataDividendsModule from "../src/hardhat/ignition/modules/DataDividends.js";
import GovernedDataDividends from "../src/hardhat/ignition/modules/GovernedDataDividends.js";
import {
  DEFAULT_DEPLOY_PARAMETERS as DEFAULTS,
  DEFAULT_GOVERNANCE_PARAMETERS as GOV,
  DEVELOPMENT_IGNITION_PARAMETERS,
} from "../src/hardhat/parameters.js";
import {
  DataDividendsGovernor__factory,
  DataRewardToken__factory,
  DatasetRegistry__factory,
  ModelRegistry__factory,
  RewardVault__factory,
  TimelockController__factory,
} from "../typechain-types/index.js";

const { ethers, ignition } = await network.create();

type Section = Record<string, string | number>;
const FILES = readdirSync("ignition/parameters").filter((f) => f.endsWith(".json"));

/** A parameter file as Ignition reads it: `"123n"` strings are bigints. */
function load(file: string): Record<string, Section> {
  return JSON.parse(readFileSync(`ignition/parameters/${file}`, "utf8"), (_, v: unknown) =>
    typeof v === "string" && /^[0-9]+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
  ) as Record<string, Section>;
}

describe("Ignition modules read their parameter files", function () {
  it("gives a project without a parameters file on a development node what ignition/parameters/hardhat.json holds", function () {
    // Ignition's JSON writes a bigint as "…n".
    const file = JSON.parse(readFileSync("ignition/parameters/hardhat.json", "utf8"), (_, v: unknown) =>
      typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
    ) as unknown;
    expect(DEVELOPMENT_IGNITION_PARAMETERS).to.deep.equal(file);
  });

  for (const file of FILES) {
    for (const governed of [false, true]) {
      it(`${governed ? "GovernedDataDividends" : "DataDividends"} with ${file}`, async function () {
        const parameters = load(file);
        const want = (section: string, name: string, fallback: bigint | string) =>
          BigInt(parameters[section]?.[name] ?? parameters.$global?.[name] ?? fallback);
        const deployed = await ignition.deploy(governed ? GovernedDataDividends : DataDividendsModule, {
          parameters: parameters as never,
        });
        const [signer] = await ethers.getSigners();
        const datasets = DatasetRegistry__factory.connect(await deployed.datasets.getAddress(), signer);
        const models = ModelRegistry__factory.connect(await deployed.models.getAddress(), signer);
        const vault = RewardVault__factory.connect(await deployed.vault.getAddress(), signer);
        const token = DataRewardToken__factory.connect(await deployed.token.getAddress(), signer);
        expect(await datasets.commitDelay()).to.equal(want("DatasetRegistry", "commitDelay", DEFAULTS.commitDelay));
        expect(await datasets.commitWindow()).to.equal(want("DatasetRegistry", "commitWindow", DEFAULTS.commitWindow));
        expect(await datasets.claimDelay()).to.equal(want("DatasetRegistry", "claimDelay", DEFAULTS.claimDelay));
        expect(await datasets.flagBond()).to.equal(want("DatasetRegistry", "flagBond", DEFAULTS.flagBond));
        expect(await datasets.disputeTimeout()).to.equal(
          want("DatasetRegistry", "disputeTimeout", DEFAULTS.disputeTimeout),
        );
        expect(await datasets.appealWindow()).to.equal(want("DatasetRegistry", "appealWindow", DEFAULTS.appealWindow));
        for (const [section, c] of [
          ["DatasetRegistry", datasets],
          ["ModelRegistry", models],
          ["RewardVault", vault],
          ["DataRewardToken", token],
        ] as const) {
          expect(await c.defaultAdminDelay(), section).to.equal(want(section, "adminDelay", DEFAULTS.adminDelay));
        }
        expect(await token.totalSupply()).to.equal(want("DataRewardToken", "initialMint", DEFAULTS.initialSupply));
        expect(await token.symbol()).to.equal(String(parameters.DataRewardToken?.symbol ?? DEFAULTS.tokenSymbol));
        if (governed) {
          const { timelock, governor } = deployed as unknown as Record<string, { getAddress(): Promise<string> }>;
          const t = TimelockController__factory.connect(await timelock.getAddress(), signer);
          const g = DataDividendsGovernor__factory.connect(await governor.getAddress(), signer);
          expect(await t.getMinDelay()).to.equal(want("Timelock", "timelockDelay", GOV.timelockDelay));
          expect(await g.votingDelay()).to.equal(want("Governance", "votingDelay", GOV.votingDelay));
          expect(await g.votingPeriod()).to.equal(want("Governance", "votingPeriod", GOV.votingPeriod));
          expect(await datasets.defaultAdmin()).to.equal(await t.getAddress());
        }
      });
    }
  }
});
