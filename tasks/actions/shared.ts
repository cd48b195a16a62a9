import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { pickSigner, type CommandContext } from "../../src/cli/context.js";
import { processIo } from "../../src/cli/io.js";
import { runCommand, type CommandResult } from "../../src/cli/run.js";

/** Connects to the selected network and runs a command with the CLI's error handling. */
export async function runOnNetwork(
  hre: HardhatRuntimeEnvironment,
  options: { from?: string; addresses?: string; deploymentId?: string },
  command: (ctx: CommandContext) => Promise<unknown>,
): Promise<CommandResult> {
  return runCommand(processIo, async () => {
    const connection = await hre.network.create();
    try {
      const chainId = (await connection.ethers.provider.getNetwork()).chainId;
      const signer = await pickSigner(connection.ethers, options.from ?? "");
      await command({
        ethers: connection.ethers,
        networkName: connection.networkName,
        chainId,
        signer,
        io: processIo,
        ...(options.addresses ? { addressesFile: options.addresses } : {}),
        ...(options.deploymentId ? { deploymentId: options.deploymentId } : {}),
      });
    } finally {
      await connection.close();
    }
  });
}
