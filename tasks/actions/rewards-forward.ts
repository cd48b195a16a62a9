import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { forwardCommand } from "../../src/cli/commands/rewards.js";
import { runOnNetwork } from "./shared.js";

export default async function action(
  args: { model: string } & { from: string; addresses: string; deploymentId: string },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, (ctx) => forwardCommand(args, ctx));
}
