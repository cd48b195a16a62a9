import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../src/sdk/parameters.js";

/** Datasets keyed by content hash; `commitDelay` 0 lets one transaction register. */
export default buildModule("DatasetRegistry", (m) => {
  const datasets = m.contract("DatasetRegistry", [
    m.getParameter("commitDelay", DEFAULTS.commitDelay),
    m.getParameter("commitWindow", DEFAULTS.commitWindow),
    m.getParameter("adminDelay", DEFAULTS.adminDelay),
    m.getParameter("admin", m.getAccount(0)),
  ]);
  return { datasets };
});
