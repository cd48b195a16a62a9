import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import GovernanceModule, { GovernedDatasetRegistryModule, GovernedTokenModule } from "./Governance.js";
import { modelRegistryContract } from "./ModelRegistry.js";
import { rewardVaultContract } from "./RewardVault.js";
import TimelockModule from "./Timelock.js";

export { GovernedDatasetRegistryModule };

/*
 * Each contract is built in a module of the same ID as its plain counterpart (DatasetRegistry,
 * ModelRegistry, RewardVault, DataRewardToken), so a governed deployment reads the same parameter
 * sections as a plain one (ignition/parameters/*.json) and writes the same future IDs into its record,
 * which the tasks and the indexer read. Only the admin differs: the timelock, from the first block.
 */

export const GovernedModelRegistryModule = buildModule("ModelRegistry", (m) => {
  const { timelock } = m.useModule(TimelockModule);
  const { datasets } = m.useModule(GovernedDatasetRegistryModule);
  return { models: modelRegistryContract(m, datasets, timelock) };
});

export const GovernedRewardVaultModule = buildModule("RewardVault", (m) => {
  const { timelock } = m.useModule(TimelockModule);
  const { token } = m.useModule(GovernedTokenModule);
  const { datasets } = m.useModule(GovernedDatasetRegistryModule);
  const { models } = m.useModule(GovernedModelRegistryModule);
  return { vault: rewardVaultContract(m, { token, datasets, models }, timelock) };
});

/**
 * Everything, governed by token holders: the timelock, the governed token (the timelock its admin and
 * minter), the governor, then both registries and the vault with the timelock as admin, pauser and
 * arbiter from their first block. After it, no account holds a role on any contract: the timelock holds
 * them all, and the governor is the timelock's only proposer and canceller. (The default,
 * DataDividends.ts, uses a plain admin or multisig instead, a trusted party.)
 */
export default buildModule("GovernedDataDividends", (m) => {
  const { token, timelock, governor } = m.useModule(GovernanceModule);
  const { datasets } = m.useModule(GovernedDatasetRegistryModule);
  const { models } = m.useModule(GovernedModelRegistryModule);
  const { vault } = m.useModule(GovernedRewardVaultModule);
  return { token, timelock, governor, datasets, models, vault };
});
