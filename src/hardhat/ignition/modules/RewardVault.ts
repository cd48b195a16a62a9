import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { ArgumentType } from "@nomicfoundation/ignition-core";

import { artifact } from "../../artifacts.js";
import { rewardVaultArguments } from "../../constructors.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../parameters.js";

import DataRewardTokenModule from "./DataRewardToken.js";
import DatasetRegistryModule from "./DatasetRegistry.js";
import ModelRegistryModule from "./ModelRegistry.js";

/** The vault of the bundled reward token. Vaults for other tokens reuse the same registries. */
export default buildModule("RewardVault", (m) => {
  const { token } = m.useModule(DataRewardTokenModule);
  const { datasets } = m.useModule(DatasetRegistryModule);
  const { models } = m.useModule(ModelRegistryModule);
  const vault = m.contract(
    "RewardVault",
    artifact("RewardVault"),
    rewardVaultArguments<ArgumentType>({
      token,
      datasets,
      models,
      adminDelay: m.getParameter("adminDelay", DEFAULTS.adminDelay),
      admin: m.getParameter("admin", m.getAccount(0)),
    }),
  );
  return { vault };
});
