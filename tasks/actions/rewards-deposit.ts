import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { DepositArguments } from "../../src/cli/commands/rewards.js";
import { filled, runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<DepositArguments & DeploymentOptions>,
  hre: HardhatRuntimeEnvironment,
) {
  const args = filled<DepositArguments & DeploymentOptions>(given);
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/rewards.js")).depositCommand(args, ctx),
  );
}
