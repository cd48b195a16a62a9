/**
 * Deterministic deployment: every contract through the CreateX factory's CREATE2 (Hardhat Ignition's
 * `create2` strategy), so that the same module, parameters, deployer and salt give the same addresses on
 * every chain. CreateX sits at one address on the chains it supports; on a development node without it,
 * its keyless pre-signed deployment (the one Ignition ships, valid on any chain) is sent first.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

import { concat, getAddress, getBytes, id as keccakText } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { isDevelopmentNode } from "./context.js";
import { UsageError } from "./run.js";

/** CreateX v0.1.0, the factory Ignition's `create2` strategy calls. */
export const CREATEX_ADDRESS = "0xba5Ed099633D3B313e4D5F7bdc1305d3c28ba5Ed";
/** The keyless account whose pre-signed transaction deploys CreateX at `CREATEX_ADDRESS` on any chain. */
const CREATEX_DEPLOYER = "0xeD456e05CaAb11d66C4c797dD6c1D6f9A7F352b5";
/** What that transaction costs its sender (gas limit × price), with room. */
const CREATEX_DEPLOYER_FUNDS = "0x58d15e176280000"; // 0.4 ETH

/** The text the default salt is derived from: one salt, so one set of addresses, for every chain. */
export const DEFAULT_SALT_TEXT = "datadividends/v1";

/**
 * The CREATE2 salt for `text` and `deployer`: the deployer's 20 bytes (CreateX's permissioned mode: only that
 * sender can deploy with this salt, so nobody can take the addresses first on a new chain), a zero byte (no
 * cross-chain redeploy protection, which would fold the chain ID in: the same deployer gets the same addresses
 * on every chain), then 11 bytes of the text's keccak. A 32-byte hex salt is taken as it is if it starts with
 * the deployer's address; any other (an unguarded one anybody could use first) is refused.
 */
export function create2Salt(text: string, deployer: string): string {
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) {
    if (text.slice(2, 42).toLowerCase() !== deployer.slice(2).toLowerCase() || text.slice(42, 44) !== "00") {
      throw new UsageError(
        `--salt ${text} must start with the deployer's address ${deployer} and a zero byte (CreateX's permissioned salt): any other lets someone else deploy at these addresses first`,
      );
    }
    return text.toLowerCase();
  }
  if (text.trim() === "") throw new UsageError("--salt must not be empty");
  return concat([getAddress(deployer), "0x00", getBytes(keccakText(text)).slice(0, 11)]).toLowerCase();
}

/** CreateX's pre-signed deployment, read from the Ignition package that ships it. */
async function presignedCreateX(): Promise<string> {
  const require = createRequire(import.meta.url);
  const core = dirname(require.resolve("@nomicfoundation/ignition-core/package.json"));
  const file = join(core, "dist", "src", "internal", "execution", "strategy", "createx-artifact.js");
  const { presignedTx } = (await import(pathToFileURL(file).href)) as { presignedTx?: string };
  if (typeof presignedTx !== "string") throw new Error(`no pre-signed CreateX deployment in ${file}`);
  return presignedTx;
}

/**
 * Makes sure CreateX is at its address: on a development node it is deployed from its pre-signed
 * transaction when missing; elsewhere a chain without it is refused in one line.
 */
export async function ensureCreateX(connection: NetworkConnection): Promise<"present" | "deployed"> {
  const provider = connection.ethers.provider;
  if ((await provider.getCode(CREATEX_ADDRESS)) !== "0x") return "present";
  const chainId = (await provider.getNetwork()).chainId;
  if (!(await isDevelopmentNode(connection.ethers))) {
    throw new UsageError(
      `the CreateX factory is not at ${CREATEX_ADDRESS} on chain ${chainId} (network "${connection.networkName}"), so a deterministic deployment cannot run there; deploy without --deterministic`,
    );
  }
  await provider.send("hardhat_setBalance", [CREATEX_DEPLOYER, CREATEX_DEPLOYER_FUNDS]);
  const raw = await presignedCreateX();
  const hash = String(await provider.send("eth_sendRawTransaction", [raw]));
  const receipt = await provider.waitForTransaction(hash, 1, 60_000);
  if (receipt?.status !== 1 || (await provider.getCode(CREATEX_ADDRESS)) === "0x") {
    throw new UsageError(`deploying the CreateX factory on chain ${chainId} failed (transaction ${hash})`);
  }
  return "deployed";
}
