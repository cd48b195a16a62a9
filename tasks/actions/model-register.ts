import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { RegisterModelArguments } from "../../src/cli/commands/register-model.js";
import { runOnNetwork } from "./shared.js";

export default async function action(
  args: RegisterModelArguments & { from: string; addresses: string; deploymentId: string },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/register-model.js")).registerModelCommand(args, ctx),
  );
}
