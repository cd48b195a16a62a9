/**
 * Claims that cost the contributor nothing: `signClaim` (the contributor signs once, offline-capable,
 * no ETH needed) and `relayClaim` (anyone sends it, taking a tip the signature caps). A signed claim is
 * plain JSON (`SignedClaim`): hand it to a relayer or a keeper (`scripts/keeper.ts`).
 */
import { getAddress, type Interface, type Signer } from "ethers";

import type { ClientContext, VaultHandle } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import type { ModelId } from "../../protocol/ids.js";
import { forwardsInto } from "../../protocol/lineage.js";
import { decodeRevert, decoding, toDataDividendsError } from "../revert.js";
import { rewardVaultDomain, signClaim as signTyped } from "../signatures.js";
import { claimable, withSomethingToForward } from "./claimable.js";

/** A claim signed for anyone to send: every field a relayer needs, amounts as decimal strings (JSON-safe). */
export interface SignedClaim {
  /** The vault it claims from (each vault is its own EIP-712 domain). */
  vault: string;
  /** The chain it was signed for. */
  chainId: string;
  /** The contributor who signed it and is paid. */
  account: string;
  requests: { model: string; dataset: string; index: number }[];
  /** The most the sender may take, in the vault token's base units. */
  maxTip: string;
  nonce: string;
  /** Seconds since the epoch, on the chain's clock. */
  deadline: string;
  signature: string;
}

/** A week: how long a signed claim stays valid unless told. */
export const DEFAULT_CLAIM_VALIDITY = 7n * 86_400n;

/**
 * Signs a claim of every edge the signer can be paid for now in one vault (`token`; default the bundled
 * token's), letting anyone send it for a tip of at most `maxTip` (base units) until `validFor` seconds from
 * the chain's clock. Sends nothing: the signer needs no ETH. Refuses when nothing is payable.
 */
export async function signClaim(
  ctx: ClientContext,
  options: { maxTip: bigint; token?: string; validFor?: bigint },
): Promise<SignedClaim> {
  if (options.maxTip < 0n) throw new DataDividendsError("INVALID_INPUT", "the tip cap cannot be negative");
  const account = await ctx.signerAddress();
  const handle = ctx.vaultFor(options.token);
  const report = await claimable(ctx, account);
  const edges = report.edges.filter((e) => e.token === handle.token && e.claimable > 0n);
  if (edges.length === 0) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${account} has nothing to claim in the vault of ${handle.token} now`,
    );
  }
  const total = edges.reduce((s, e) => s + e.claimable, 0n);
  if (options.maxTip > total) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `a tip cap of ${options.maxTip} is more than the claim pays now (${total} base units of ${handle.token})`,
    );
  }
  const vault = getAddress(await handle.vault.getAddress());
  const [{ chainId }, nonce, head] = await Promise.all([
    ctx.provider.getNetwork(),
    handle.vault.nonces(account),
    ctx.provider.getBlock("latest"),
  ]);
  const deadline = BigInt(head?.timestamp ?? 0) + (options.validFor ?? DEFAULT_CLAIM_VALIDITY);
  const requests = edges.map((e) => ({ model: e.model, dataset: e.dataset, index: e.index }));
  const signature = await signTyped(ctx.runner as Signer, rewardVaultDomain(chainId, vault), {
    account,
    requests,
    maxTip: options.maxTip,
    nonce,
    deadline,
  });
  return {
    vault,
    chainId: chainId.toString(),
    account,
    requests,
    maxTip: options.maxTip.toString(),
    nonce: nonce.toString(),
    deadline: deadline.toString(),
    signature,
  };
}

/** What a relayed claim did, or (`send: false`) would do. */
export interface RelayResult {
  account: string;
  /** Released in all, the tip included. */
  amount: bigint;
  tip: bigint;
  /** Lineage hops forwarded first, in the same transaction. */
  forwards: number;
  /** Undefined for a dry run. */
  transaction?: string;
}

/**
 * Sends `signed` for its contributor, taking `tip` (default: the signed cap) out of it; the lineage hops
 * its edges need go first in the same transaction (`multicall`). Everything the vault would refuse (another
 * chain or vault, an expired or spent signature, a tip above the cap or above what it pays) is refused before
 * sending. With `send: false` it only simulates (a keeper's dry run).
 */
export async function relayClaim(
  ctx: ClientContext,
  signed: SignedClaim,
  options: { tip?: bigint; send?: boolean } = {},
): Promise<RelayResult> {
  const handle = ctx.vaults.find((v) => (v.vault.target as string).toLowerCase() === signed.vault.toLowerCase());
  if (handle === undefined) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the signed claim is for vault ${signed.vault}, not one of this deployment's`,
    );
  }
  const [{ chainId }, nonce, head] = await Promise.all([
    ctx.provider.getNetwork(),
    handle.vault.nonces(signed.account),
    ctx.provider.getBlock("latest"),
  ]);
  if (chainId.toString() !== signed.chainId) {
    throw new DataDividendsError("INVALID_INPUT", `the signed claim is for chain ${signed.chainId}, not ${chainId}`);
  }
  const maxTip = BigInt(signed.maxTip);
  const deadline = BigInt(signed.deadline);
  const tip = options.tip ?? maxTip;
  if (tip > maxTip)
    throw new DataDividendsError("INVALID_INPUT", `a tip of ${tip} is above the signed cap of ${maxTip}`);
  if (BigInt(head?.timestamp ?? 0) >= deadline) {
    throw new DataDividendsError("INVALID_INPUT", `the signed claim of ${signed.account} expired at ${deadline}`);
  }
  if (nonce !== BigInt(signed.nonce)) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the signed claim of ${signed.account} was already sent, or a later one was (nonce ${signed.nonce}, the vault is at ${nonce})`,
    );
  }
  const forwards = await hopsFor(
    ctx,
    handle,
    signed.requests.map((r) => r.model as ModelId),
  );
  const abi: Interface = handle.vault.interface;
  const calls = [
    ...forwards.map((h) => abi.encodeFunctionData("forward", [h.child, h.parent])),
    abi.encodeFunctionData("claimBySig", [signed.account, signed.requests, maxTip, deadline, tip, signed.signature]),
  ];
  let amount: bigint;
  try {
    const returned = await handle.vault.multicall.staticCall(calls);
    amount = abi.decodeFunctionResult("claimBySig", returned[returned.length - 1])[0] as bigint;
  } catch (error) {
    const name = decodeRevert(error)?.name;
    if (name === "NothingToClaim") {
      throw new DataDividendsError("INVALID_INPUT", `the signed claim of ${signed.account} pays nothing now`);
    }
    throw toDataDividendsError(error, "claimBySig");
  }
  const result: RelayResult = { account: getAddress(signed.account), amount, tip, forwards: forwards.length };
  if (options.send === false) return result;
  const tx = await decoding("claimBySig", () => handle.vault.multicall(calls));
  return { ...result, transaction: await ctx.mined(tx) };
}

/** The lineage hops worth forwarding before the claim's edges are paid (as `claimAll` sends them). */
async function hopsFor(ctx: ClientContext, handle: VaultHandle, models: ModelId[]) {
  const lineage = (await ctx.events.history()).models;
  return withSomethingToForward(handle, forwardsInto(lineage, new Set(models)));
}
