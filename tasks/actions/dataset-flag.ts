import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { flagCommand } from "../../src/cli/commands/disputes.js";
import { runOnNetwork } from "./shared.js";

export default async function action(
  args: { dataset: string; reason: string; evidence: string } & {
    from: string;
    addresses: string;
    deploymentId: string;
  },
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, args, (ctx) => flagCommand(args, ctx));
}
