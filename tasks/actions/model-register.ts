import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { RegisterModelArguments } from "../../src/cli/commands/register-model.js";
import { runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<RegisterModelArguments & DeploymentOptions>,
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, given, async (args, ctx) =>
    (await import("../../src/cli/commands/register-model.js")).registerModelCommand(args, ctx),
  );
}
