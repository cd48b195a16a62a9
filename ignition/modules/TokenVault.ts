import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { getAddress } from "ethers";

import { artifact } from "../../src/artifacts.js";
import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../src/sdk/parameters.js";

/** The deployed registries a new vault pays through. */
export interface Registries {
  datasets: string;
  models: string;
}

/** The module ID of `token`'s vault: one per token, so a deployment can hold any number of them. */
export function tokenVaultModuleId(token: string): string {
  return `TokenVault_${getAddress(token).slice(2)}`;
}

/**
 * A vault for any ERC-20 `token` (a stablecoin, say) on already-deployed registries: the design's one
 * vault per token. Parameters (under `$global` or this module's ID): `adminDelay`, and `admin` (default:
 * `defaultAdmin`, which `deploy --token` sets to the registries' own admin, so a governed deployment's new
 * vault is the timelock's too; the deployer where neither is given).
 *
 * @example
 * await ignition.deploy(tokenVaultModule(usdc, { datasets, models }, timelock), { deploymentId });
 */
export function tokenVaultModule(token: string, registries: Registries, defaultAdmin?: string) {
  return buildModule(tokenVaultModuleId(token), (m) => {
    const vault = m.contract("RewardVault", artifact("RewardVault"), [
      getAddress(token),
      getAddress(registries.datasets),
      getAddress(registries.models),
      m.getParameter("adminDelay", DEFAULTS.adminDelay),
      m.getParameter("admin", defaultAdmin === undefined ? m.getAccount(0) : getAddress(defaultAdmin)),
    ]);
    return { vault };
  });
}
