import { existsSync } from "node:fs";
import { join } from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { CommandContext } from "../../src/cli/context.js";
import { processIo } from "../../src/cli/io.js";
import { runCommand, type CommandResult } from "../../src/cli/run.js";

/**
 * The toolkit imports the typechain types, which exist only once the contracts are compiled. On a
 * fresh clone (nothing built yet) compile first, once, instead of failing to load the task.
 */
export async function ensureBuilt(hre: HardhatRuntimeEnvironment): Promise<void> {
  if (existsSync(join(hre.config.paths.root, "types", "ethers-contracts", "index.ts"))) return;
  processIo.err("compiling the contracts first (this checkout has not been built yet)");
  await hre.tasks.getTask("build").run({ quiet: true });
}

/** Runs a command with the CLI's error handling, compiling first where nothing was built yet. */
export async function runBuilt(
  hre: HardhatRuntimeEnvironment,
  command: () => Promise<unknown>,
): Promise<CommandResult> {
  return runCommand(processIo, async () => {
    await ensureBuilt(hre);
    await command();
  });
}

/** Connects to the selected network and runs a command with the CLI's error handling. */
export async function runOnNetwork(
  hre: HardhatRuntimeEnvironment,
  options: { from?: string; addresses?: string; deploymentId?: string; confirmations?: string; txTimeout?: string },
  command: (ctx: CommandContext) => Promise<unknown>,
): Promise<CommandResult> {
  return runBuilt(hre, async () => {
    // Loaded only now: it reaches the typechain types through the SDK client.
    const { pickSigner, waitingOptions } = await import("../../src/cli/context.js");
    const waiting = waitingOptions(options.confirmations ?? "1", options.txTimeout ?? "300");
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
        client: waiting,
        ...(options.addresses ? { addressesFile: options.addresses } : {}),
        ...(options.deploymentId ? { deploymentId: options.deploymentId } : {}),
      });
    } finally {
      await connection.close();
    }
  });
}
