/**
 * The Hardhat Ignition modules, for a project's own modules to build on (`m.useModule`) or to deploy
 * directly. Their future IDs are the ones the tasks read from a deployment record, so a project that
 * deploys through them can use every task on the result.
 *
 * @example
 * import { DataDividendsModule } from "datadividends/ignition";
 * export default buildModule("Gateway", (m) => {
 *   const { token, vault } = m.useModule(DataDividendsModule);
 *   return { gateway: m.contract("InferenceGateway", [vault, token]) };
 * });
 */
export { default as DataDividendsModule } from "./modules/DataDividends.js";
export { default as GovernedDataDividendsModule } from "./modules/GovernedDataDividends.js";
export { default as GovernanceModule, GovernedTokenModule } from "./modules/Governance.js";
export { default as TimelockModule } from "./modules/Timelock.js";
export { tokenVaultModule, tokenVaultModuleId, type Registries } from "./modules/TokenVault.js";
export { DEVELOPMENT_IGNITION_PARAMETERS } from "../parameters.js";
