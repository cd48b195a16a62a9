import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artifact } from "../../src/artifacts.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../src/sdk/parameters.js";

import DataRewardTokenModule from "./DataRewardToken.js";
import DatasetRegistryModule from "./DatasetRegistry.js";
import ModelRegistryModule from "./ModelRegistry.js";

/** The vault of the bundled reward token. Vaults for other tokens reuse the same registries. */
export default buildModule("RewardVault", (m) => {
  const { token } = m.useModule(DataRewardTokenModule);
  const { datasets } = m.useModule(DatasetRegistryModule);
  const { models } = m.useModule(ModelRegistryModule);
  const vault = m.contract("RewardVault", artifact("RewardVault"), [
    token,
    datasets,
    models,
    m.getParameter("adminDelay", DEFAULTS.adminDelay),
    m.getParameter("admin", m.getAccount(0)),
  ]);
  return { vault };
});
