/**
 * The Ignition-free deployment, for tests, benches and scripted histories: the same contracts from the
 * same constructor declarations (constructors.ts) as the Ignition modules, sent straight from a signer,
 * with no deployment record. Users deploy with `npx hardhat datadividends deploy` (Ignition) instead.
 */
import type { Signer } from "ethers";

import {
  DataRewardToken__factory,
  DatasetRegistry__factory,
  ModelRegistry__factory,
  RewardVault__factory,
  ShareTrees__factory,
} from "../typechain.js";
import { DEFAULT_DEPLOY_PARAMETERS, type DeployParameters } from "./parameters.js";
import type { DataRewardToken, DatasetRegistry, ModelRegistry, RewardVault, ShareTrees } from "../typechain.js";
import {
  dataRewardTokenArguments,
  datasetRegistryArguments,
  modelRegistryArguments,
  rewardVaultArguments,
} from "./constructors.js";

/** A typechain factory's `deploy`, given the arguments a constructor declaration built. */
type DeployArgs<F extends { deploy(...args: never[]): unknown }> = Parameters<F["deploy"]>;

export { DEFAULT_DEPLOY_PARAMETERS, type DeployParameters };

/** The deployed contracts, typed. */
export interface Deployment {
  token: DataRewardToken;
  datasets: DatasetRegistry;
  models: ModelRegistry;
  vault: RewardVault;
  /** The share-tree module the registry deployed (crowd datasets). */
  shareTrees: ShareTrees;
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
    ...(dataRewardTokenArguments<string | bigint>({
      name: parameters.tokenName,
      symbol: parameters.tokenSymbol,
      cap: parameters.tokenCap,
      initialHolder: deployer,
      initialMint: parameters.initialSupply,
      adminDelay: parameters.adminDelay,
      admin,
    }) as DeployArgs<DataRewardToken__factory>),
  );
  const datasets = await new DatasetRegistry__factory(signer).deploy(
    ...(datasetRegistryArguments<string | bigint>({ ...parameters, admin }) as DeployArgs<DatasetRegistry__factory>),
  );
  const models = await new ModelRegistry__factory(signer).deploy(
    ...(modelRegistryArguments<string | bigint>({
      datasets: await datasets.getAddress(),
      adminDelay: parameters.adminDelay,
      admin,
    }) as DeployArgs<ModelRegistry__factory>),
  );
  const vault = await deployTokenVault(
    signer,
    await token.getAddress(),
    { datasets, models },
    { ...parameters, admin },
  );
  await Promise.all([token, datasets, models, vault].map((c) => c.waitForDeployment()));
  const shareTrees = ShareTrees__factory.connect(await datasets.shareTrees(), signer);
  return { token, datasets, models, vault, shareTrees };
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
    ...(rewardVaultArguments<string | bigint>({
      token,
      datasets: await registries.datasets.getAddress(),
      models: await registries.models.getAddress(),
      adminDelay: parameters.adminDelay,
      admin: parameters.admin ?? (await signer.getAddress()),
    }) as DeployArgs<RewardVault__factory>),
  );
  await vault.waitForDeployment();
  return vault;
}
