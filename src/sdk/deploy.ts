import type { Signer } from "ethers";

import {
  DataRewardToken__factory,
  DatasetRegistry__factory,
  ModelRegistry__factory,
  RewardVault__factory,
} from "../../types/ethers-contracts/index.js";
import type {
  DataRewardToken,
  DatasetRegistry,
  ModelRegistry,
  RewardVault,
} from "../../types/ethers-contracts/index.js";

/** What `deployDataDividends` deploys. */
export interface DeployParameters {
  /** Blocks between commit and reveal; 0 registers in one transaction. */
  commitDelay: bigint;
  /** Blocks a ready commitment stays revealable. */
  commitWindow: bigint;
  /** Seconds a default-admin transfer waits. */
  adminDelay: bigint;
  /** Default admin, pauser and minter; the deployer where omitted. */
  admin?: string;
  /** Reward token cap in base units (18 decimals). */
  tokenCap: bigint;
}

/** The deployed contracts, typed. */
export interface Deployment {
  token: DataRewardToken;
  datasets: DatasetRegistry;
  models: ModelRegistry;
  vault: RewardVault;
}

export const DEFAULT_DEPLOY_PARAMETERS: DeployParameters = {
  commitDelay: 1n,
  commitWindow: 7200n,
  adminDelay: 86_400n,
  tokenCap: 10n ** 27n,
};

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
  const admin = parameters.admin ?? (await signer.getAddress());
  const token = await new DataRewardToken__factory(signer).deploy(
    "DataDividends Reward",
    "DDR",
    parameters.tokenCap,
    parameters.adminDelay,
    admin,
  );
  const datasets = await new DatasetRegistry__factory(signer).deploy(
    parameters.commitDelay,
    parameters.commitWindow,
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
