import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { RegisterModelArguments } from "../../src/cli/commands/register-model.js";
import { filled, runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<RegisterModelArguments & DeploymentOptions>,
  hre: HardhatRuntimeEnvironment,
) {
  const args = filled<RegisterModelArguments & DeploymentOptions>(given);
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/register-model.js")).registerModelCommand(args, ctx),
  );
}
