import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../src/sdk/parameters.js";

/**
 * Datasets keyed by content hash; `commitDelay` 0 lets one transaction register. The admin is also
 * pauser and arbiter (a multisig, or the governance timelock: see Governance.ts).
 */
export default buildModule("DatasetRegistry", (m) => {
  const datasets = m.contract("DatasetRegistry", [
    m.getParameter("commitDelay", DEFAULTS.commitDelay),
    m.getParameter("commitWindow", DEFAULTS.commitWindow),
    m.getParameter("claimDelay", DEFAULTS.claimDelay),
    m.getParameter("flagBond", DEFAULTS.flagBond),
    m.getParameter("disputeTimeout", DEFAULTS.disputeTimeout),
    m.getParameter("adminDelay", DEFAULTS.adminDelay),
    m.getParameter("admin", m.getAccount(0)),
  ]);
  return { datasets };
});
