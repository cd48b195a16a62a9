import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { DepositArguments } from "../../src/cli/commands/rewards.js";
import { runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<DepositArguments & DeploymentOptions>,
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, given, async (args, ctx) =>
    (await import("../../src/cli/commands/rewards.js")).depositCommand(args, ctx),
  );
}
