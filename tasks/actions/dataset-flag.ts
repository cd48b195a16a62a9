import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { runOnNetwork } from "./shared.js";

export default async function action(
  args: { dataset: string; reason: string; evidence: string } & {
    from: string;
    addresses: string;
    deploymentId: string;
  },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/disputes.js")).flagCommand(args, ctx),
  );
}
