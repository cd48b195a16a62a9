import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { claimableCommand } from "../../src/cli/commands/rewards.js";
import { runOnNetwork } from "./shared.js";

export default async function action(
  args: { account: string; from: string; addresses: string; deploymentId: string },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, (ctx) => claimableCommand(args, ctx));
}
