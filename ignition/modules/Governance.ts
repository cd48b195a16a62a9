import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artifact } from "../../src/artifacts.js";

import { DEFAULT_GOVERNANCE_PARAMETERS as GOV } from "../../src/sdk/parameters.js";

import DataRewardTokenModule from "./DataRewardToken.js";

/**
 * Token-holder governance: OpenZeppelin TimelockController and DataDividendsGovernor over the reward
 * token's votes. The governor is the timelock's only proposer and canceller, anyone may execute a
 * passed proposal, and the deployer gives up its timelock admin role at the end, so only proposals
 * that passed a vote ever run. `GovernedDataDividends.ts` deploys the registries and vault with the
 * timelock as admin, pauser and arbiter.
 */
export default buildModule("Governance", (m) => {
  const { token } = m.useModule(DataRewardTokenModule);
  const deployer = m.getAccount(0);
  const timelock = m.contract("TimelockController", artifact("TimelockController"), [
    m.getParameter("timelockDelay", GOV.timelockDelay),
    [],
    ["0x0000000000000000000000000000000000000000"],
    deployer,
  ]);
  const governor = m.contract("DataDividendsGovernor", artifact("DataDividendsGovernor"), [
    token,
    timelock,
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
