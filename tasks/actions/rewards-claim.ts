import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { claimCommand } from "../../src/cli/commands/rewards.js";
import { runOnNetwork } from "./shared.js";

export default async function action(
  args: { account: string; from: string; addresses: string; deploymentId: string },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, (ctx) => claimCommand(args, ctx));
}
