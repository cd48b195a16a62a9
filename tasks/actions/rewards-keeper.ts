import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<
    {
      claims: string;
      minTip: string;
      max: string;
      maxGas: string;
      tipValue: string;
      dryRun: boolean;
      token: string;
    } & DeploymentOptions
  >,
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, given, async (args, ctx) =>
    (await import("../../src/cli/commands/relay.js")).keeperCommand(args, ctx),
  );
}
