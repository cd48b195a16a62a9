import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

import { artifact } from "../../artifacts.js";
import { rewardVaultArguments } from "../../constructors.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../parameters.js";

import DataRewardTokenModule from "./DataRewardToken.js";
import DatasetRegistryModule from "./DatasetRegistry.js";
import ModelRegistryModule from "./ModelRegistry.js";

/** A vault of `token` over the registries, administered by `admin`, its `adminDelay` read from the module's parameters. */
export function rewardVaultContract(
  m: IgnitionModuleBuilder,
  paying: { token: ArgumentType; datasets: ArgumentType; models: ArgumentType },
  admin: ArgumentType,
) {
  return m.contract(
    "RewardVault",
    artifact("RewardVault"),
    rewardVaultArguments<ArgumentType>({
      ...paying,
      adminDelay: m.getParameter("adminDelay", DEFAULTS.adminDelay),
      admin,
    }),
  );
}

/** The vault of the bundled reward token. Vaults for other tokens reuse the same registries. */
export default buildModule("RewardVault", (m) => {
  const { token } = m.useModule(DataRewardTokenModule);
  const { datasets } = m.useModule(DatasetRegistryModule);
  const { models } = m.useModule(ModelRegistryModule);
  return { vault: rewardVaultContract(m, { token, datasets, models }, m.getParameter("admin", m.getAccount(0))) };
});
