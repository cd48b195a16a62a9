import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { RegisterDatasetArguments } from "../../src/cli/commands/register-dataset.js";
import { runOnNetwork } from "./shared.js";

export default async function action(
  args: RegisterDatasetArguments & { from: string; addresses: string; deploymentId: string },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/register-dataset.js")).registerDatasetCommand(args, ctx),
  );
}
