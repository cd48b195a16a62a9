/**
 * Deploys the reward token, both registries and the token's vault, and prints their addresses.
 *
 *   npx hardhat run scripts/deploy.ts                       # in-process network (throwaway)
 *   npx hardhat run scripts/deploy.ts --network localhost   # a running node
 *
 * Parameters come from the environment: COMMIT_DELAY (blocks, default 1), COMMIT_WINDOW
 * (blocks, default 7200), ADMIN_DELAY (seconds, default 86400), TOKEN_CAP (whole tokens,
 * default 1e9). The deployer is the admin.
 */
import { formatUnits } from "ethers";
import { network } from "hardhat";

import { DEFAULT_DEPLOY_PARAMETERS, deployDataDividends, type DeployParameters } from "../src/sdk/deploy.js";

function fromEnv(name: string, fallback: bigint, scale = 1n): bigint {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return BigInt(raw) * scale;
}

try {
  const { ethers, networkName } = await network.create();
  const [deployer] = await ethers.getSigners();
  const parameters: DeployParameters = {
    commitDelay: fromEnv("COMMIT_DELAY", DEFAULT_DEPLOY_PARAMETERS.commitDelay),
    commitWindow: fromEnv("COMMIT_WINDOW", DEFAULT_DEPLOY_PARAMETERS.commitWindow),
    adminDelay: fromEnv("ADMIN_DELAY", DEFAULT_DEPLOY_PARAMETERS.adminDelay),
    tokenCap: fromEnv("TOKEN_CAP", DEFAULT_DEPLOY_PARAMETERS.tokenCap, 10n ** 18n),
  };
  console.log(`Deploying DataDividends to "${networkName}" (chain ${(await ethers.provider.getNetwork()).chainId}) from ${deployer.address}`);
  const d = await deployDataDividends(deployer, parameters);
  const rows: [string, string][] = [
    ["DataRewardToken", await d.token.getAddress()],
    ["DatasetRegistry", await d.datasets.getAddress()],
    ["ModelRegistry", await d.models.getAddress()],
    ["RewardVault", await d.vault.getAddress()],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\n${"contract".padEnd(width)}  address`);
  for (const [name, address] of rows) console.log(`${name.padEnd(width)}  ${address}`);
  console.log(
    `\ncommit delay ${parameters.commitDelay} blocks, window ${parameters.commitWindow} blocks, ` +
      `admin delay ${parameters.adminDelay} s, token cap ${formatUnits(parameters.tokenCap, 18)} DDR`,
  );
} catch (error) {
  console.error(`deploy failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exitCode = 1;
}
