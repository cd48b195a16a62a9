import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { RegisterDatasetArguments } from "../../src/cli/commands/register-dataset.js";
import { filled, runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<RegisterDatasetArguments & DeploymentOptions>,
  hre: HardhatRuntimeEnvironment,
) {
  const args = filled<RegisterDatasetArguments & DeploymentOptions>(given);
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/register-dataset.js")).registerDatasetCommand(args, ctx),
  );
}
