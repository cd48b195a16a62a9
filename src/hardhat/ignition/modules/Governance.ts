import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artifact } from "../../artifacts.js";

import { DEFAULT_GOVERNANCE_PARAMETERS as GOV } from "../../parameters.js";

import { dataRewardTokenInputs } from "./DataRewardToken.js";
import { datasetRegistryInputs } from "./DatasetRegistry.js";
import TimelockModule from "./Timelock.js";

/**
 * The governed reward token: the `DataRewardToken` module's parameters, with the timelock as its admin and
 * minter from its first block, so no account can mint itself a majority. The initial supply (`initialMint`)
 * goes to `initialHolder`, by default the deployer: whoever holds it holds the first votes (after delegating),
 * so give your distribution contract or multisig. A supply minted to the timelock could never vote (a timelock
 * cannot delegate): the governor refuses a deployment that leaves the quorum out of reach outside it.
 */
export const GovernedTokenModule = buildModule("DataRewardToken", (m) => {
  const { timelock } = m.useModule(TimelockModule);
  const token = m.contract(
    "DataRewardToken",
    artifact("DataRewardToken"),
    dataRewardTokenInputs(m, timelock, m.getAccount(0)),
  );
  return { token, timelock };
});

/** The dataset registry with the timelock as admin, pauser and arbiter from its first block. */
export const GovernedDatasetRegistryModule = buildModule("DatasetRegistry", (m) => {
  const { timelock } = m.useModule(TimelockModule);
  const datasets = m.contract("DatasetRegistry", artifact("DatasetRegistry"), datasetRegistryInputs(m, timelock));
  return { datasets };
});

/**
 * Token-holder governance: the Timelock module's TimelockController and DataDividendsGovernor over the
 * governed token's votes, checked at deployment against the dataset registry it arbitrates (one governance
 * cycle must fit in the registry's appeal window) and the token's supply (voting power outside the timelock
 * must reach the quorum). The governor is the timelock's only proposer and canceller, anyone may execute
 * a passed proposal, and the deployer gives up its timelock admin role at the end, so only proposals that
 * passed a vote ever run. `GovernedDataDividends.ts` deploys the registries and vault with the timelock as
 * admin, pauser and arbiter. Parameters: `votingDelay`, `votingPeriod`, `proposalThreshold`,
 * `quorumPercent` here; `timelockDelay` under `Timelock`.
 */
export default buildModule("Governance", (m) => {
  const { timelock } = m.useModule(TimelockModule);
  const { token } = m.useModule(GovernedTokenModule);
  const { datasets } = m.useModule(GovernedDatasetRegistryModule);
  const deployer = m.getAccount(0);
  const governor = m.contract("DataDividendsGovernor", artifact("DataDividendsGovernor"), [
    token,
    timelock,
    datasets,
    m.getParameter("votingDelay", GOV.votingDelay),
    m.getParameter("votingPeriod", GOV.votingPeriod),
    m.getParameter("proposalThreshold", GOV.proposalThreshold),
    m.getParameter("quorumPercent", GOV.quorumPercent),
  ]);
  const proposer = m.staticCall(timelock, "PROPOSER_ROLE", [], 0, { id: "ProposerRole" });
  const canceller = m.staticCall(timelock, "CANCELLER_ROLE", [], 0, { id: "CancellerRole" });
  const adminRole = m.staticCall(timelock, "DEFAULT_ADMIN_ROLE", [], 0, { id: "AdminRole" });
  const grantProposer = m.call(timelock, "grantRole", [proposer, governor], { id: "GrantProposer" });
  const grantCanceller = m.call(timelock, "grantRole", [canceller, governor], { id: "GrantCanceller" });
  m.call(timelock, "renounceRole", [adminRole, deployer], {
    id: "RenounceTimelockAdmin",
    after: [grantProposer, grantCanceller],
  });
  return { token, timelock, governor };
});
