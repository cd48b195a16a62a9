import { existsSync } from "node:fs";

import type { NetworkConnection } from "hardhat/types/network";

import DataDividendsModule from "../../../ignition/modules/DataDividends.js";
import type { DataDividendsAddresses } from "../../sdk/client.js";
import { deploymentDirectory } from "../deployment.js";
import { table, type Io } from "../io.js";
import { UsageError } from "../run.js";

export interface DeployArguments {
  /** Ignition parameters file; defaults to ignition/parameters/<network>.json where it exists. */
  parameters: string;
}

/**
 * `deploy`: deploys (or resumes deploying) the token, both registries and the vault through Hardhat
 * Ignition. Its journal makes a rerun on the same chain a no-op.
 */
export async function deployCommand(args: DeployArguments, connection: NetworkConnection, io: Io): Promise<DataDividendsAddresses> {
  const fallback = `ignition/parameters/${connection.networkName}.json`;
  const parameters = args.parameters !== "" ? args.parameters : existsSync(fallback) ? fallback : undefined;
  if (parameters !== undefined && !existsSync(parameters)) throw new UsageError(`parameters file ${parameters} does not exist`);
  const { ethers, ignition } = connection;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  io.err(`deploying DataDividends to ${connection.networkName} (chain ${chainId})${parameters ? ` with ${parameters}` : ""}`);
  const deployed = await ignition.deploy(DataDividendsModule, { ...(parameters ? { parameters } : {}), displayUi: false });
  const addresses: DataDividendsAddresses = {
    token: await deployed.token.getAddress(),
    datasets: await deployed.datasets.getAddress(),
    models: await deployed.models.getAddress(),
    vault: await deployed.vault.getAddress(),
  };
  io.out(
    table(
      ["contract", "address"],
      [
        ["DataRewardToken", addresses.token],
        ["DatasetRegistry", addresses.datasets],
        ["ModelRegistry", addresses.models],
        ["RewardVault", addresses.vault],
      ],
    ),
  );
  const ephemeral = connection.networkConfig.type === "edr-simulated";
  io.out(
    ephemeral
      ? "in-process network: nothing was recorded, and the contracts vanish when this process exits"
      : `deployment record: ${deploymentDirectory(chainId)} (the other tasks read their addresses from it)`,
  );
  return addresses;
}
