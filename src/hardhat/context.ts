import { join } from "node:path";

import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { DataDividends } from "../sdk/client.js";
import { mineBlocks as mineRealBlocks } from "../sdk/mining.js";
import type { ClientOptions, DataDividendsAddresses } from "../sdk/types.js";
import type { Io } from "./io.js";
import { deploymentDirectory, foreignRecordMessage, readDeployment, recordStanding, shownPath } from "./deployment.js";
import { UsageError } from "./run.js";

/** What a command works with: a network connection, a signer, and how to print. */
export interface CommandContext {
  ethers: HardhatEthers;
  networkName: string;
  /** Hardhat's in-process network (`edr-simulated`): it never owns a record a node wrote. */
  inProcess?: boolean;
  chainId: bigint;
  signer: HardhatEthersSigner;
  io: Io;
  /** Addresses given directly (in-process use); otherwise read from the deployment record. */
  addresses?: DataDividendsAddresses;
  /** `--addresses` file, if the user gave one. */
  addressesFile?: string;
  /** Ignition deployment folder name (default `chain-<chainId>`). */
  deploymentId?: string;
  /** The Hardhat project's root: records and the journal are found from it, not from the working folder. */
  projectRoot?: string;
  /** How the client waits for its transactions (`--confirmations`, `--tx-timeout`). */
  client?: ClientOptions;
}

/** Each connection's answer to `isDevelopmentNode`, by its provider. */
const clientKinds = new WeakMap<object, Promise<boolean>>();

/**
 * Whether the node is a development node that mines on request (Hardhat's, anvil, Ganache), asked
 * through `web3_clientVersion`, so commit delays are mined through instead of waited out. Public
 * nodes and testnets answer with their own client names and are left to produce blocks.
 */
export function isDevelopmentNode(ethers: HardhatEthers): Promise<boolean> {
  // Asked once per connection: a command asks it for its commit waits, its URI check and its deploy defaults.
  let answer = clientKinds.get(ethers.provider);
  if (answer === undefined) {
    answer = ethers.provider
      .send("web3_clientVersion", [])
      .then((version) => /hardhat|anvil|ganache|edr/i.test(String(version)))
      .catch(() => false);
    clientKinds.set(ethers.provider, answer);
  }
  return answer;
}

/**
 * Whether a URI names something only this machine (or its network) can read: a `file://` URL, a path (absolute,
 * relative, `~/…`, or a bare file name with no scheme), or an http(s) URL of localhost, a loopback, private or
 * link-local address, or a `.local` host.
 */
export function isLocalURI(uri: string): boolean {
  if (/^file:/i.test(uri) || /^[/.~]/.test(uri) || !/^[a-z][a-z0-9+.-]*:/i.test(uri)) return true;
  let host: string;
  try {
    const url = new URL(uri);
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  } catch {
    return false;
  }
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".local") ||
    host === "::1" ||
    /^(fc|fd|fe80)/.test(host) ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^169\.254\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    host === "0.0.0.0"
  );
}

/**
 * A metadata URI is permanent once registered: one that names something only this machine or its network can
 * read (`isLocalURI`) is refused on a public network, with how to publish instead; on a development node, where
 * it is convenient, a warning.
 */
export async function checkPublishable(ctx: CommandContext, uri: string, option: string): Promise<void> {
  if (!isLocalURI(uri)) return;
  const how = `publish it (e.g. \`ipfs add\`, then --${option} ipfs://<cid>, or a public https:// URL)`;
  const what = option === "uri" ? "metadata URI" : option;
  if (await isDevelopmentNode(ctx.ethers)) {
    ctx.io.err(
      `warning: the ${what} ${uri} names something only this machine can read, registered for good; fine on a development node, but ${how} before a public network`,
    );
    return;
  }
  throw new UsageError(
    `the ${what} ${uri} names something only this machine can read, and a registration keeps it for good: ${how} on network "${ctx.networkName}"`,
  );
}

/** Mines `blocks` empty blocks on a development chain, every one a block an indexer can follow. */
export async function mineBlocks(ethers: HardhatEthers, blocks: number): Promise<void> {
  await mineRealBlocks((method, params) => ethers.provider.send(method, params), blocks);
}

/** Wait options that mine through commit delays and provisional windows on development nodes. */
export async function commitWaitOptions(
  ctx: CommandContext,
): Promise<{ advanceBlocks?: (n: number) => Promise<void> }> {
  // DATADIVIDENDS_DEV_MINING=0 waits for a development node's own blocks (interval mining), as on a real chain.
  const mine = process.env.DATADIVIDENDS_DEV_MINING !== "0" && (await isDevelopmentNode(ctx.ethers));
  return mine ? { advanceBlocks: (n: number) => mineBlocks(ctx.ethers, n) } : {};
}

/** The client for the context's deployment, signing with its signer. */
export async function clientFor(ctx: CommandContext): Promise<DataDividends> {
  if (ctx.addresses !== undefined) return DataDividends.connect(ctx.signer, ctx.addresses, ctx.client);
  const fromRecord = ctx.addressesFile === undefined || ctx.addressesFile === "";
  const addresses = await readDeployment({
    chainId: ctx.chainId,
    file: ctx.addressesFile,
    deploymentId: ctx.deploymentId,
    root: deploymentsRoot(ctx),
  });
  const network = { name: ctx.networkName, inProcess: ctx.inProcess === true };
  if (fromRecord) {
    const dir = deploymentDirectory(ctx.chainId, ctx.deploymentId, deploymentsRoot(ctx));
    const standing = await recordStanding(dir, ctx.ethers.provider);
    if (standing.kind === "foreign" || standing.kind === "stale")
      throw new UsageError(foreignRecordMessage(shownPath(dir), standing, network));
  } else if ((await ctx.ethers.provider.getCode(addresses.vault)) === "0x") {
    throw new UsageError(
      `no contract at the vault ${addresses.vault} of ${ctx.addressesFile} on chain ${ctx.chainId} (network "${ctx.networkName}")`,
    );
  }
  return DataDividends.connect(ctx.signer, addresses, ctx.client);
}

/** Where the project keeps Ignition's records: under its root, whatever folder the command runs in. */
export function deploymentsRoot(ctx: { projectRoot?: string }): string {
  return join(ctx.projectRoot ?? process.cwd(), "ignition", "deployments");
}

/** Picks the signer: `--from` as an address or an index into the network's accounts, else the first. */
export async function pickSigner(ethers: HardhatEthers, from: string): Promise<HardhatEthersSigner> {
  const signers = await ethers.getSigners();
  if (signers.length === 0) throw new UsageError("this network has no accounts configured to sign with");
  if (from === "") return signers[0];
  if (/^\d+$/.test(from)) {
    const signer = signers[Number(from)];
    if (signer === undefined) throw new UsageError(`--from ${from}: this network has only ${signers.length} accounts`);
    return signer;
  }
  const match = signers.find((s) => s.address.toLowerCase() === from.toLowerCase());
  if (match === undefined) throw new UsageError(`--from ${from} is not one of this network's accounts`);
  return match;
}
