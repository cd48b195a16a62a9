import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artifact } from "../../artifacts.js";

import { DEFAULT_GOVERNANCE_PARAMETERS as GOV } from "../../parameters.js";

/**
 * The governance timelock (OpenZeppelin TimelockController), on its own so the token can name it as admin
 * before the governor exists. The deployer is its admin only until `Governance.ts` has made the governor
 * proposer and canceller, then renounces. Parameter: `timelockDelay` (seconds), in the `Timelock` section.
 */
export default buildModule("Timelock", (m) => {
  const timelock = m.contract("TimelockController", artifact("TimelockController"), [
    m.getParameter("timelockDelay", GOV.timelockDelay),
    [],
    ["0x0000000000000000000000000000000000000000"],
    m.getAccount(0),
  ]);
  return { timelock };
});
