import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { RegisterDatasetArguments } from "../../src/cli/commands/register-dataset.js";
import { runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<RegisterDatasetArguments & DeploymentOptions>,
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, given, async (args, ctx) =>
    (await import("../../src/cli/commands/register-dataset.js")).registerDatasetCommand(args, ctx),
  );
}
