import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { getAddress } from "ethers";

import type { DeploymentAddresses } from "../../../protocol/record.js";
import { rewardVaultContract } from "./RewardVault.js";

/** The deployed registries a new vault pays through (of the one address shape, `DeploymentAddresses`). */
export type Registries = Pick<DeploymentAddresses, "datasets" | "models">;

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
    const paying = {
      token: getAddress(token),
      datasets: getAddress(registries.datasets),
      models: getAddress(registries.models),
    };
    const admin = m.getParameter("admin", defaultAdmin === undefined ? m.getAccount(0) : getAddress(defaultAdmin));
    return { vault: rewardVaultContract(m, paying, admin) };
  });
}
