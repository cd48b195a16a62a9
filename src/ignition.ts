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
export { default as DataDividendsModule } from "../ignition/modules/DataDividends.js";
export { default as GovernedDataDividendsModule } from "../ignition/modules/GovernedDataDividends.js";
export { default as GovernanceModule, GovernedTokenModule } from "../ignition/modules/Governance.js";
export { default as TimelockModule } from "../ignition/modules/Timelock.js";
export { tokenVaultModule, tokenVaultModuleId, type Registries } from "../ignition/modules/TokenVault.js";
export { DEVELOPMENT_IGNITION_PARAMETERS } from "./sdk/parameters.js";
