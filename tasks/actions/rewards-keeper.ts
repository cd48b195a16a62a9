import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { KeeperArguments } from "../../src/cli/commands/relay.js";
import { runOnNetwork, type DeploymentOptions, type Given } from "./shared.js";

export default async function action(
  given: Given<KeeperArguments & DeploymentOptions>,
  hre: HardhatRuntimeEnvironment,
) {
  return runOnNetwork(hre, given, async (args, ctx) =>
    (await import("../../src/cli/commands/relay.js")).keeperCommand(args, ctx),
  );
}
