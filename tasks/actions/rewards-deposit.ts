import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { DepositArguments } from "../../src/cli/commands/rewards.js";
import { runOnNetwork } from "./shared.js";

export default async function action(
  args: DepositArguments & { from: string; addresses: string; deploymentId: string },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/rewards.js")).depositCommand(args, ctx),
  );
}
