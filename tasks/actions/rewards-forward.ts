import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { filled, runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<{ model: string } & DeploymentOptions>,
  hre: HardhatRuntimeEnvironment,
) {
  const args = filled<{ model: string } & DeploymentOptions>(given);
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/rewards.js")).forwardCommand(args, ctx),
  );
}
