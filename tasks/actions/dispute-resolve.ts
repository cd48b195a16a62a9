import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { filled, runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<{ dataset: string; ruling: string; holders: string; registrant: string } & DeploymentOptions>,
  hre: HardhatRuntimeEnvironment,
) {
  const args = filled<{ dataset: string; ruling: string; holders: string; registrant: string } & DeploymentOptions>(
    given,
  );
  return runOnNetwork(hre, args, async (ctx) =>
    (await import("../../src/cli/commands/disputes.js")).resolveDisputeCommand(args, ctx),
  );
}
