import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { packageRoot } from "./artifacts.js";
import type { CommandContext } from "./context.js";
import { processIo } from "./io.js";
import { parseWaiting } from "./parse.js";
import { runCommand, UsageError, type CommandResult } from "./run.js";
import { flagOf } from "./arguments.js";
import { parseInput, privateKey, rpcUrl } from "../protocol/schema.js";
import type { DeployArguments } from "./commands/deploy.js";
import type { HashArguments } from "./commands/hash.js";

/**
 * The toolkit imports the typechain types and deploys from the artifacts, which exist only once the
 * contracts are compiled. On a fresh clone of this repository (nothing built yet) compile first, once,
 * instead of failing to load the task. An installed package ships both, compiled.
 */
export async function ensureBuilt(hre: HardhatRuntimeEnvironment): Promise<void> {
  const root = packageRoot();
  const source = import.meta.url.endsWith(".ts") ? "ts" : "js";
  const types = new URL(`../../typechain-types/factories/contracts/RewardVault__factory.${source}`, import.meta.url);
  const artifact = join(root, "artifacts", "contracts", "RewardVault.sol", "RewardVault.json");
  if (existsSync(fileURLToPath(types)) && existsSync(artifact)) return;
  if (root !== hre.config.paths.root) {
    throw new Error(`the datadividends package in ${root} has no compiled contracts: reinstall it`);
  }
  processIo.err("compiling the contracts first (this checkout has not been built yet)");
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
}

/** A task's arguments as Hardhat gives them: a string option left out (`STRING_WITHOUT_DEFAULT`) is undefined. */
export type Given<T> = { [K in keyof T]: T[K] extends string ? T[K] | undefined : T[K] };

/** The options every task that acts on a deployment shares (`onDeployment` in tasks.ts). */
export interface DeploymentOptions {
  from: string;
  addresses: string;
  deploymentId: string;
  confirmations: string;
  txTimeout: string;
}

/** Reads every option left out as "" (what the commands take for "not given"). */
export function filled<T extends object>(args: Given<T>): T {
  return Object.fromEntries(Object.entries(args).map(([key, value]) => [key, value ?? ""])) as T;
}

/**
 * Refuses an option whose text held bytes that are not UTF-8 (a file name from another system): the command
 * line hands them over as U+FFFD, so the file would be reported missing instead of misnamed.
 */
export function checkUtf8(args: object): void {
  for (const [key, value] of Object.entries(args)) {
    if (typeof value === "string" && value.includes("\uFFFD")) {
      const flag = flagOf(key);
      throw new UsageError(
        `${flag === "--path" ? "the path" : flag} "${value}" has bytes that are not UTF-8, which the command line cannot pass on: rename the file (or its folder) with UTF-8 only`,
      );
    }
  }
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

/**
 * A node that cannot be reached, or stopped answering mid-run, named with its URL and what sets it.
 * Hardhat says only "Cannot connect to the network" (HHE703); the SDK says `RPC_UNAVAILABLE` without
 * knowing the URL. Other failures pass through unchanged.
 */
async function unreachable(
  name: string,
  config: { type: string; url?: { get(): Promise<string>; name?: string } },
  error: unknown,
): Promise<unknown> {
  const { DataDividendsError, isUnreachable } = await import("../protocol/errors.js");
  // The SDK's own errors keep their codes (a TIMEOUT is not a missing node); only RPC_UNAVAILABLE gains the URL.
  const sdk = error instanceof DataDividendsError;
  if (sdk ? error.code !== "RPC_UNAVAILABLE" : !isUnreachable(error)) return error;
  const url = config.type === "http" && config.url !== undefined ? await config.url.get() : "(in-process)";
  const where = `network "${name}" at ${url}`;
  const variable = config.url?.name;
  return new DataDividendsError(
    "RPC_UNAVAILABLE",
    sdk
      ? `${where}: ${error.message}`
      : `cannot reach ${where}: is the node running? (its URL is set ${variable !== undefined ? `by ${variable}` : "in hardhat.config.ts"})`,
    { cause: error },
  );
}

/**
 * Private keys from configuration variables (`SEPOLIA_PRIVATE_KEY`), checked before anything uses them:
 * a malformed one otherwise surfaces deep in the signer as "Field.fromBytes: expected 32 bytes". The
 * message names the variable and never prints the value.
 */
async function checkAccounts(accounts: unknown): Promise<void> {
  if (!Array.isArray(accounts)) return;
  for (const account of accounts as { _type?: string; name?: string; get?: () => Promise<string> }[]) {
    if (account._type !== "ResolvedConfigurationVariable" || account.get === undefined) continue;
    const key = await account.get();
    try {
      parseInput(privateKey, key, account.name ?? "a private key in hardhat.config.ts", { secret: true });
    } catch (error) {
      throw new UsageError(`${(error as Error).message} (it has ${key.trim().length} characters)`);
    }
  }
}

/** A node URL from a configuration variable (`SEPOLIA_RPC_URL`), checked before anything uses it. */
async function checkUrl(config: { type: string; url?: { get(): Promise<string>; name?: string } }): Promise<void> {
  if (config.type !== "http" || config.url?.name === undefined) return;
  try {
    parseInput(rpcUrl, await config.url.get(), config.url.name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * A network whose configuration names its chain (`chainId: 11155111` for sepolia) must reach that chain: a URL
 * variable pointing at a development node would otherwise be taken for Sepolia (and its record for Sepolia's).
 */
async function checkChain(
  name: string,
  config: { type: string; chainId?: number; url?: { get(): Promise<string>; name?: string } },
  actual: bigint,
): Promise<void> {
  if (config.type !== "http" || config.chainId === undefined || BigInt(config.chainId) === actual) return;
  const url = config.url === undefined ? "its URL" : await config.url.get();
  const variable = config.url?.name === undefined ? "" : ` (${config.url.name})`;
  throw new UsageError(
    `network "${name}" is set to chain ${config.chainId}, but ${url}${variable} is chain ${actual}: point it at a node of chain ${config.chainId}, or use the network of chain ${actual}`,
  );
}

/**
 * Connects to the selected network, its node's URL checked before Hardhat builds a connection on it (Hardhat
 * says only "Invalid URL"). `checked` then checks the rest, inside the caller's error handling.
 */
async function connect(hre: HardhatRuntimeEnvironment) {
  const configured = (hre.config.networks as Record<string, Parameters<typeof checkUrl>[0] | undefined>)[
    hre.globalOptions.network
  ];
  if (configured !== undefined) await checkUrl(configured);
  return hre.network.create();
}

/** A new connection's private keys, then the chain it reaches (its ID returned). */
async function checked(connection: Awaited<ReturnType<typeof connect>>): Promise<bigint> {
  await checkAccounts((connection.networkConfig as { accounts?: unknown }).accounts);
  const chainId = (await connection.ethers.provider.getNetwork()).chainId;
  await checkChain(connection.networkName, connection.networkConfig, chainId);
  return chainId;
}

/**
 * Connects to the selected network and runs a command with the CLI's error handling, giving it the
 * task's arguments with every option left out read as "".
 */
export async function runOnNetwork<T extends DeploymentOptions>(
  hre: HardhatRuntimeEnvironment,
  given: Given<T>,
  command: (args: T, ctx: CommandContext) => Promise<unknown>,
): Promise<CommandResult> {
  const options = filled<T>(given);
  let nodeGone = false;
  const result = await runBuilt(hre, async () => {
    checkUtf8(options);
    // Loaded only now: it reaches the typechain types through the SDK client.
    const { pickSigner } = await import("./context.js");
    const waiting = parseWaiting(options.confirmations, options.txTimeout);
    const connection = await connect(hre);
    try {
      const chainId = await checked(connection);
      const signer = await pickSigner(connection.ethers, options.from);
      await command(options, {
        ethers: connection.ethers,
        networkName: connection.networkName,
        inProcess: connection.networkConfig.type === "edr-simulated",
        projectRoot: hre.config.paths.root,
        chainId,
        signer,
        io: processIo,
        client: waiting,
        ...(options.addresses ? { addressesFile: options.addresses } : {}),
        ...(options.deploymentId ? { deploymentId: options.deploymentId } : {}),
      });
    } catch (error) {
      // Whether the node was never there or went away mid-command, name it with its URL.
      const named = await unreachable(connection.networkName, connection.networkConfig, error);
      nodeGone = named instanceof Error && (named as { code?: string }).code === "RPC_UNAVAILABLE";
      throw named;
    } finally {
      await closeBounded(connection);
    }
  });
  // A node that stopped answering holds requests open (Hardhat's HTTP timeout is 300 s) that keep the
  // process alive after its error is printed: once the task has returned, it ends the process if
  // nothing else has within a few seconds (an unref'd timer: it never keeps a finished process alive).
  if (nodeGone) setTimeout(() => process.exit(1), 1_000).unref();
  return result;
}

/**
 * Closes a network connection, waiting at most a few seconds: a node that stopped answering leaves
 * requests open that `close()` would wait on for ever, after the error that names it is ready.
 */
async function closeBounded(connection: { close(): Promise<void> }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_500)));
  try {
    await Promise.race([connection.close().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `datadividends deploy`: compiles a never-built checkout first, then deploys on the selected network. */
export async function runDeploy(given: Given<DeployArguments>, hre: HardhatRuntimeEnvironment): Promise<CommandResult> {
  return runBuilt(hre, async () => {
    const args = filled<DeployArguments>(given);
    checkUtf8(args);
    const { deployCommand } = await import("./commands/deploy.js");
    const connection = await connect(hre);
    try {
      await checked(connection);
      await deployCommand(args, connection, processIo, hre.config.paths.root);
    } finally {
      await connection.close();
    }
  });
}

/** `datadividends dataset hash`: needs neither a network nor the compiled contracts. */
/** `datadividends dataset tree`: local, like `hash` (no network). */
export async function runTree(
  given: Given<{ contributors: string; out: string; identitySalt: string }>,
): Promise<CommandResult> {
  const { treeCommand } = await import("./commands/crowd.js");
  return runCommand(processIo, () => {
    const args = filled<{ contributors: string; out: string; identitySalt: string }>(given);
    checkUtf8(args);
    return treeCommand(args, processIo);
  });
}

export async function runHash(given: Given<HashArguments>): Promise<CommandResult> {
  const { hashCommand } = await import("./commands/hash.js");
  return runCommand(processIo, () => {
    const args = filled<HashArguments>(given);
    checkUtf8(args);
    return hashCommand(args, processIo);
  });
}
