import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { registerModelCommand, type RegisterModelArguments } from "../../src/cli/commands/register-model.js";
import { runOnNetwork } from "./shared.js";

export default async function action(
  args: RegisterModelArguments & { from: string; addresses: string; deploymentId: string },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, (ctx) => registerModelCommand(args, ctx));
}
