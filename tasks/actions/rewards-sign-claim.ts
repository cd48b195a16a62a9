import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<
    {
      maxTip: string;
      maxTipShare: string;
      relayer: string;
      token: string;
      validFor: string;
      out: string;
    } & DeploymentOptions
  >,
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, given, async (args, ctx) =>
    (await import("../../src/cli/commands/relay.js")).signClaimCommand(args, ctx),
  );
}
