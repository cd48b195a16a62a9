import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artifact } from "../../src/artifacts.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../src/sdk/parameters.js";

import { datasetRegistryArguments } from "./DatasetRegistry.js";
import GovernanceModule from "./Governance.js";

/**
 * Everything, governed by token holders: the Governance module's token, timelock and governor, then
 * both registries and the vault with the timelock as admin, pauser and arbiter from their first block.
 * (The default, DataDividends.ts, uses a plain admin or multisig instead.)
 */
export default buildModule("GovernedDataDividends", (m) => {
  const { token, timelock, governor } = m.useModule(GovernanceModule);
  const adminDelay = m.getParameter("adminDelay", DEFAULTS.adminDelay);
  const datasets = m.contract("DatasetRegistry", artifact("DatasetRegistry"), datasetRegistryArguments(m, timelock));
  const models = m.contract("ModelRegistry", artifact("ModelRegistry"), [datasets, adminDelay, timelock]);
  const vault = m.contract("RewardVault", artifact("RewardVault"), [token, datasets, models, adminDelay, timelock]);
  return { token, timelock, governor, datasets, models, vault };
});
