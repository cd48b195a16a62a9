import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { ArgumentType } from "@nomicfoundation/ignition-core";

import { artifact } from "../../artifacts.js";
import { modelRegistryArguments, rewardVaultArguments } from "../../constructors.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../parameters.js";

import GovernanceModule, { GovernedDatasetRegistryModule, GovernedTokenModule } from "./Governance.js";
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
  const models = m.contract(
    "ModelRegistry",
    artifact("ModelRegistry"),
    modelRegistryArguments<ArgumentType>({
      datasets,
      adminDelay: m.getParameter("adminDelay", DEFAULTS.adminDelay),
      admin: timelock,
    }),
  );
  return { models };
});

export const GovernedRewardVaultModule = buildModule("RewardVault", (m) => {
  const { timelock } = m.useModule(TimelockModule);
  const { token } = m.useModule(GovernedTokenModule);
  const { datasets } = m.useModule(GovernedDatasetRegistryModule);
  const { models } = m.useModule(GovernedModelRegistryModule);
  const vault = m.contract(
    "RewardVault",
    artifact("RewardVault"),
    rewardVaultArguments<ArgumentType>({
      token,
      datasets,
      models,
      adminDelay: m.getParameter("adminDelay", DEFAULTS.adminDelay),
      admin: timelock,
    }),
  );
  return { vault };
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
