import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import DataRewardTokenModule from "./DataRewardToken.js";
import DatasetRegistryModule from "./DatasetRegistry.js";
import ModelRegistryModule from "./ModelRegistry.js";
import RewardVaultModule from "./RewardVault.js";

/** Everything: token, both registries and the token's vault. Parameters: ignition/parameters/<network>.json. */
export default buildModule("DataDividends", (m) => {
  const { token } = m.useModule(DataRewardTokenModule);
  const { datasets } = m.useModule(DatasetRegistryModule);
  const { models } = m.useModule(ModelRegistryModule);
  const { vault } = m.useModule(RewardVaultModule);
  return { token, datasets, models, vault };
});
