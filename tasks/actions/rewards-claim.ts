import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { runOnNetwork } from "./shared.js";

export default async function action(
  args: { account: string } & { from: string; addresses: string; deploymentId: string },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/rewards.js")).claimCommand(args, ctx),
  );
}
