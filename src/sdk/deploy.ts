import type { Signer } from "ethers";

import {
  DataRewardToken__factory,
  DatasetRegistry__factory,
  ModelRegistry__factory,
  RewardVault__factory,
} from "../typechain.js";
import { DEFAULT_DEPLOY_PARAMETERS, type DeployParameters } from "./parameters.js";
import type { DataRewardToken, DatasetRegistry, ModelRegistry, RewardVault } from "../typechain.js";

export { DEFAULT_DEPLOY_PARAMETERS, type DeployParameters };

/** The deployed contracts, typed. */
export interface Deployment {
  token: DataRewardToken;
  datasets: DatasetRegistry;
  models: ModelRegistry;
  vault: RewardVault;
}

/**
 * Deploys the reward token, both registries and a vault for the token, in that order.
 *
 * @example
 * const { datasets, models, vault, token } = await deployDataDividends(signer, { ...DEFAULT_DEPLOY_PARAMETERS, commitDelay: 0n });
 */
export async function deployDataDividends(
  signer: Signer,
  parameters: DeployParameters = DEFAULT_DEPLOY_PARAMETERS,
): Promise<Deployment> {
  const deployer = await signer.getAddress();
  const admin = parameters.admin ?? deployer;
  const token = await new DataRewardToken__factory(signer).deploy(
    parameters.tokenName,
    parameters.tokenSymbol,
    parameters.tokenCap,
    deployer,
    parameters.initialSupply,
    parameters.adminDelay,
    admin,
  );
  const datasets = await new DatasetRegistry__factory(signer).deploy(
    parameters.commitDelay,
    parameters.commitWindow,
    parameters.claimDelay,
    parameters.flagBond,
    parameters.disputeTimeout,
    parameters.appealWindow,
    parameters.adminDelay,
    admin,
  );
  const models = await new ModelRegistry__factory(signer).deploy(
    await datasets.getAddress(),
    parameters.adminDelay,
    admin,
  );
  const vault = await new RewardVault__factory(signer).deploy(
    await token.getAddress(),
    await datasets.getAddress(),
    await models.getAddress(),
    parameters.adminDelay,
    admin,
  );
  await Promise.all([token, datasets, models, vault].map((c) => c.waitForDeployment()));
  return { token, datasets, models, vault };
}

/**
 * Deploys a vault for any ERC-20 `token` on an existing deployment's registries (one vault per token),
 * administered like the rest (`parameters.admin`, default the signer). Add it to the client's
 * addresses as `vaults: [{ token, vault }]`.
 *
 * @example
 * const usdcVault = await deployTokenVault(signer, usdc, deployment);
 * const dd = DataDividends.connect(signer, { ...addresses, vaults: [{ token: usdc, vault: await usdcVault.getAddress() }] });
 */
export async function deployTokenVault(
  signer: Signer,
  token: string,
  registries: Pick<Deployment, "datasets" | "models">,
  parameters: Pick<DeployParameters, "adminDelay" | "admin"> = DEFAULT_DEPLOY_PARAMETERS,
): Promise<RewardVault> {
  const vault = await new RewardVault__factory(signer).deploy(
    token,
    await registries.datasets.getAddress(),
    await registries.models.getAddress(),
    parameters.adminDelay,
    parameters.admin ?? (await signer.getAddress()),
  );
  await vault.waitForDeployment();
  return vault;
}
