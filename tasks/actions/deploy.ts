import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { DeployArguments } from "../../src/cli/commands/deploy.js";
import { processIo } from "../../src/cli/io.js";
import { filled, runBuilt, type Given } from "./shared.js";

export default async function deploy(args: Given<DeployArguments>, hre: HardhatRuntimeEnvironment) {
  return runBuilt(hre, async () => {
    const { deployCommand } = await import("../../src/cli/commands/deploy.js");
    const connection = await hre.network.create();
    try {
      await deployCommand(filled<DeployArguments>(args), connection, processIo, hre.config.paths.root);
    } finally {
      await connection.close();
    }
  });
}
