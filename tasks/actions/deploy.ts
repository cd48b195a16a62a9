import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { deployCommand, type DeployArguments } from "../../src/cli/commands/deploy.js";
import { processIo } from "../../src/cli/io.js";
import { runCommand } from "../../src/cli/run.js";

export default async function deploy(args: DeployArguments, hre: HardhatRuntimeEnvironment) {
  return runCommand(processIo, async () => {
    const connection = await hre.network.create();
    try {
      await deployCommand(args, connection, processIo);
    } finally {
      await connection.close();
    }
  });
}
