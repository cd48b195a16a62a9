/**
 * Claims that cost the contributor nothing: `signClaim` (the contributor signs once, offline-capable,
 * no ETH needed), `relayClaim` (the named relayer, or anyone, sends it, taking a tip the signature caps) and
 * `revokeClaim` (the contributor spends the nonce unsent). A signed claim is plain JSON (`SignedClaim`): hand
 * it to a relayer or a keeper (`datadividends rewards keeper`).
 */
import { ZeroAddress, getAddress, isAddress, verifyTypedData, type Interface, type Signer } from "ethers";

import type { ClientContext, VaultHandle } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import type { DatasetId, ModelId } from "../../protocol/ids.js";
import { forwardsInto } from "../../protocol/lineage.js";
import { decodeRevert, decoding, toDataDividendsError } from "../revert.js";
import { address, bytes32, hexBytes, int, parseInput, uintString, z } from "../../protocol/schema.js";
import { CLAIM_TYPES, rewardVaultDomain, signClaim as signTyped } from "../signatures.js";
import { forwardAhead, MAX_FORWARDS_PER_TRANSACTION } from "./claim-all.js";
import { claimable, forwardGains, withSomethingToForward } from "./claimable.js";

/** A claim signed for anyone to send: every field a relayer needs, amounts as decimal strings (JSON-safe). */
export interface SignedClaim {
  /** The vault it claims from (each vault is its own EIP-712 domain). */
  vault: string;
  /** The chain it was signed for. */
  chainId: string;
  /** The contributor who signed it and is paid. */
  account: string;
  requests: { model: string; dataset: string; index: number }[];
  /** The only address that may send it; the zero address lets anyone. */
  relayer: string;
  /** The most the sender may take, in the vault token's base units. */
  maxTip: string;
  /** The most the sender may take as a share of what the claim pays, in basis points. */
  maxTipBps: number;
  nonce: string;
  /** Seconds since the epoch, on the chain's clock. */
  deadline: string;
  signature: string;
}

/**
 * A signed claim as a file or a caller hands it over: every field checked (addresses, 32-byte IDs, slot numbers
 * the vault takes, amounts below 2^256, a deadline the chain can reach), no field left out or added.
 */
export const signedClaimSchema = z.strictObject(
  {
    vault: address,
    chainId: uintString(64, 1n),
    account: address,
    requests: z
      .array(z.strictObject({ model: bytes32, dataset: bytes32, index: int(0, 0xffffffff) }), {
        error: "expected a list of { model, dataset, index }",
      })
      .min(1, "expected at least one edge"),
    relayer: address,
    maxTip: uintString(256),
    maxTipBps: int(0, 10_000),
    nonce: uintString(256),
    // Seconds since the epoch; past 2^40 (year 36812) is no deadline at all.
    deadline: uintString(40, 1n),
    signature: hexBytes(),
  },
  { error: "expected a signed claim: a JSON object from datadividends rewards sign-claim" },
);

/** Parses a signed claim (a file's JSON, or a caller's object), or INVALID_INPUT naming `source`, the field and the value. */
export function parseSignedClaim(value: unknown, source: string): SignedClaim {
  const parsed = parseInput(signedClaimSchema, value, source);
  return {
    ...parsed,
    chainId: parsed.chainId.toString(),
    maxTip: parsed.maxTip.toString(),
    nonce: parsed.nonce.toString(),
    deadline: parsed.deadline.toString(),
  };
}

/** A week: how long a signed claim stays valid unless told. */
export const DEFAULT_CLAIM_VALIDITY = 7n * 86_400n;

/** Ten years: the longest a signed claim may stay valid. */
export const MAX_CLAIM_VALIDITY = 3_652n * 86_400n;

/** The share of a claim a relayer may take unless told: 10% (1,000 basis points). */
export const DEFAULT_MAX_TIP_BPS = 1_000;

/**
 * Signs a claim of every edge the signer can be paid for now in one vault (`token`; default the bundled
 * token's), letting `relayer` (default: anyone) send it for a tip of at most `maxTip` (base units) and at
 * most `maxTipBps` of what it pays (default 10%), until `validFor` seconds from the chain's clock. Sends
 * nothing: the signer needs no ETH. Refuses when nothing is payable.
 */
export async function signClaim(
  ctx: ClientContext,
  options: { maxTip: bigint; token?: string; validFor?: bigint; relayer?: string; maxTipBps?: number },
): Promise<SignedClaim> {
  if (options.maxTip < 0n) throw new DataDividendsError("INVALID_INPUT", "the tip cap cannot be negative");
  const maxTipBps = options.maxTipBps ?? DEFAULT_MAX_TIP_BPS;
  if (!Number.isInteger(maxTipBps) || maxTipBps < 0 || maxTipBps > 10_000) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the tip share must be a whole number of basis points from 0 to 10000, got ${maxTipBps}`,
    );
  }
  const relayer = options.relayer ?? ZeroAddress;
  if (!isAddress(relayer)) {
    throw new DataDividendsError("INVALID_INPUT", `the relayer must be an address, got "${relayer}"`);
  }
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
  const validFor = options.validFor ?? DEFAULT_CLAIM_VALIDITY;
  if (validFor < 1n || validFor > MAX_CLAIM_VALIDITY) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `validFor ${validFor}: expected seconds from 1 to ${MAX_CLAIM_VALIDITY} (ten years); a signed claim that never expires cannot be taken back but by revoking it`,
    );
  }
  const deadline = BigInt(head?.timestamp ?? 0) + validFor;
  const requests = edges.map((e) => ({ model: e.model, dataset: e.dataset, index: e.index }));
  const signature = await signTyped(ctx.runner as Signer, rewardVaultDomain(chainId, vault), {
    account,
    requests,
    relayer: getAddress(relayer),
    maxTip: options.maxTip,
    maxTipBps,
    nonce,
    deadline,
  });
  return {
    vault,
    chainId: chainId.toString(),
    account,
    requests,
    relayer: getAddress(relayer),
    maxTip: options.maxTip.toString(),
    maxTipBps,
    nonce: nonce.toString(),
    deadline: deadline.toString(),
    signature,
  };
}

/** What a relayed claim did, or (`send: false`) would do. */
export interface RelayResult {
  account: string;
  /** The vault's token (tips and amounts are in its base units). */
  token: string;
  /** Released in all, the tip included. */
  amount: bigint;
  tip: bigint;
  /** Lineage hops forwarded first (past `MAX_FORWARDS_PER_TRANSACTION`, the deepest in transactions ahead). */
  forwards: number;
  /** Gas the relay is estimated to cost its sender in all, the forwards ahead of the claim included. */
  gas: bigint;
  /** The claiming transaction; undefined for a dry run. */
  transaction?: string;
  /** Forward-only transactions sent ahead of it (past `MAX_FORWARDS_PER_TRANSACTION` hops). */
  transactions?: string[];
}

/** What the signed terms let the sender take from a claim paying `amount`: the least of the caps and `amount`. */
export function tipCap(signed: Pick<SignedClaim, "maxTip" | "maxTipBps">, amount: bigint): bigint {
  const caps = [BigInt(signed.maxTip), (amount * BigInt(signed.maxTipBps)) / 10_000n, amount];
  return caps.reduce((a, b) => (b < a ? b : a));
}

/** The contract's view of the signed terms (`IRewardVault.RelayTerms`). */
function termsOf(signed: SignedClaim) {
  return {
    relayer: signed.relayer,
    maxTip: BigInt(signed.maxTip),
    maxTipBps: signed.maxTipBps,
    deadline: BigInt(signed.deadline),
  };
}

/**
 * Sends `signed` for its contributor, taking `tip` (default: all the signed terms allow) out of it; the
 * lineage hops its edges need go first in the same transaction (`multicall`), and past
 * `MAX_FORWARDS_PER_TRANSACTION` of them the deepest go in transactions ahead of it, as `claimAll` sends them.
 * Everything the vault would refuse (another chain or vault, another relayer, an expired, revoked or spent
 * signature, a tip above the signed terms) is refused before sending. With `send: false` it only simulates
 * (a keeper's dry run).
 */
export async function relayClaim(
  ctx: ClientContext,
  signed: SignedClaim,
  options: { tip?: bigint; send?: boolean } = {},
): Promise<RelayResult> {
  signed = parseSignedClaim(signed, "the signed claim");
  const handle = ctx.allVaults.find((v) => (v.vault.target as string).toLowerCase() === signed.vault.toLowerCase());
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
  // A claim changed after signing (its account, an edge, a term) is told apart from a spent one by its signature.
  if (!signedBy(signed) && (await ctx.provider.getCode(signed.account)) === "0x") {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the signed claim is not signed by ${signed.account}: a field was changed after signing, or the signature is not the account's`,
    );
  }
  const deadline = BigInt(signed.deadline);
  const sender = await ctx.signerAddress();
  if (signed.relayer !== ZeroAddress && getAddress(signed.relayer) !== sender) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the signed claim of ${signed.account} may be sent only by ${signed.relayer}, not ${sender}`,
    );
  }
  if (BigInt(head?.timestamp ?? 0) >= deadline) {
    throw new DataDividendsError("SIGNATURE_EXPIRED", `the signed claim of ${signed.account} expired at ${deadline}`);
  }
  if (nonce !== BigInt(signed.nonce)) {
    throw new DataDividendsError(
      "SIGNATURE_SPENT",
      `the signed claim of ${signed.account} was already sent or revoked, or a later one was (nonce ${signed.nonce}, the vault is at ${nonce})`,
    );
  }
  const forwards = await hopsFor(
    ctx,
    handle,
    signed.requests.map((r) => r.model as ModelId),
  );
  const abi: Interface = handle.vault.interface;
  const terms = termsOf(signed);
  const callsWith = (hops: typeof forwards, tip: bigint) => [
    ...hops.map((h) => abi.encodeFunctionData("forward", [h.child, h.parent])),
    abi.encodeFunctionData("claimBySig", [signed.account, signed.requests, terms, tip, signed.signature]),
  ];
  // What it pays, simulated with no tip. Past what one transaction forwards, the simulation covers the hops the
  // claim's own transaction sends (checking the signature, the nonce and the edges), and the rulebook prices all
  // of them: one simulated call of every hop would pass the per-transaction gas cap, as a sent one would.
  const deep = forwards.length > MAX_FORWARDS_PER_TRANSACTION;
  const simulated = deep ? forwards.slice(forwards.length - MAX_FORWARDS_PER_TRANSACTION) : forwards;
  let amount = 0n;
  try {
    const returned = await handle.vault.multicall.staticCall(callsWith(simulated, 0n));
    amount = abi.decodeFunctionResult("claimBySig", returned[returned.length - 1])[0] as bigint;
  } catch (error) {
    const name = decodeRevert(error)?.name;
    if (name !== "NothingToClaim") throw toDataDividendsError(error, "claimBySig");
    if (!deep) throw new DataDividendsError("INVALID_INPUT", `the signed claim of ${signed.account} pays nothing now`);
  }
  if (deep) {
    amount = await predictedAmount(ctx, handle, signed, forwards);
    if (amount === 0n) {
      throw new DataDividendsError("INVALID_INPUT", `the signed claim of ${signed.account} pays nothing now`);
    }
  }
  const cap = tipCap(signed, amount);
  const tip = options.tip ?? cap;
  if (tip > cap) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `a tip of ${tip} is above what the signed terms allow on a claim paying ${amount} (${cap}: at most ${signed.maxTip} and ${signed.maxTipBps} basis points)`,
    );
  }
  const result: RelayResult = {
    account: getAddress(signed.account),
    token: handle.token,
    amount,
    tip,
    forwards: forwards.length,
    gas: deep
      ? BigInt(forwards.length - simulated.length) * FORWARD_GAS +
        (await relayGas(ctx, signed.vault, sender, abi, callsWith(simulated, 0n), simulated.length))
      : await relayGas(ctx, signed.vault, sender, abi, callsWith(forwards, tip), forwards.length),
  };
  if (options.send === false) return result;
  const ahead = await forwardAhead(ctx, handle, forwards);
  const inClaim = forwards.slice(ahead.sent);
  const tx = await decoding("claimBySig", () => handle.vault.multicall(callsWith(inClaim, tip)));
  return { ...result, transactions: [...ahead.transactions], transaction: await ctx.mined(tx) };
}

/**
 * Whether `signed.signature` recovers to its account (an EOA's signature; the caller leaves a contract
 * account's, ERC-1271, to the vault, which checks it on the call).
 */
function signedBy(signed: SignedClaim): boolean {
  const domain = rewardVaultDomain(BigInt(signed.chainId), signed.vault);
  const message = { ...signed, ...termsOf(signed) };
  try {
    return getAddress(verifyTypedData(domain, CLAIM_TYPES, message, signed.signature)) === getAddress(signed.account);
  } catch {
    return false;
  }
}

/**
 * Spends the signer's current nonce in `token`'s vault (default: the bundled token's) without paying anything,
 * so a claim it signed and handed out can no longer be sent. Checked first: refuses a nonce already spent.
 */
export async function revokeClaim(
  ctx: ClientContext,
  options: { token?: string; nonce?: bigint } = {},
): Promise<{ account: string; nonce: bigint; transaction: string }> {
  const account = await ctx.signerAddress();
  const handle = ctx.vaultFor(options.token);
  const current = await handle.vault.nonces(account);
  const nonce = options.nonce ?? current;
  if (nonce !== current) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `nonce ${nonce} of ${account} is not the vault's current one (${current}): ${
        nonce < current
          ? "it is spent already, so no claim signed with it can be sent"
          : "sign or revoke the earlier ones first"
      }`,
    );
  }
  const tx = await decoding("revokeSignedClaim", () => handle.vault.revokeSignedClaim(nonce));
  return { account, nonce, transaction: await ctx.mined(tx) };
}

/** The lineage hops worth forwarding before the claim's edges are paid (as `claimAll` sends them). */
async function hopsFor(ctx: ClientContext, handle: VaultHandle, models: ModelId[]) {
  const lineage = (await ctx.events.history()).models;
  return withSomethingToForward(handle, forwardsInto(lineage, new Set(models)));
}

/** A first lineage forward's gas and a relayed claim's, with room (bench/REPORT.md: 61k and 143k). */
const FORWARD_GAS = 65_000n;
const RELAYED_CLAIM_GAS = 160_000n;

/**
 * The gas of sending `calls` (every forward and the claim) as `from`: estimated by the node, or, where the
 * batch is too large to estimate as one transaction, bounded from the bench's per-hop figures.
 */
async function relayGas(
  ctx: ClientContext,
  to: string,
  from: string,
  abi: Interface,
  calls: string[],
  hops: number,
): Promise<bigint> {
  try {
    return await ctx.provider.estimateGas({ to, from, data: abi.encodeFunctionData("multicall", [calls]) });
  } catch {
    return BigInt(hops) * FORWARD_GAS + RELAYED_CLAIM_GAS;
  }
}

/**
 * What a signed claim pays once every hop of `forwards` has run: each distinct requested edge's `claimable`
 * now plus what the forwards bring it (the rulebook's pricing, `forwardGains`). Repeated edges pay once.
 */
async function predictedAmount(
  ctx: ClientContext,
  handle: VaultHandle,
  signed: SignedClaim,
  forwards: Awaited<ReturnType<typeof hopsFor>>,
): Promise<bigint> {
  const seen = new Set<string>();
  const edges = signed.requests
    .filter((r) => {
      const key = `${r.model}/${r.dataset}/${r.index}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .map((r) => ({ model: r.model as ModelId, dataset: r.dataset as DatasetId, index: r.index }));
  const [now, gains] = await Promise.all([
    Promise.all(edges.map((e) => handle.vault.claimable(e.model, e.dataset, e.index))),
    forwardGains(ctx, handle, forwards, edges),
  ]);
  return edges.reduce((sum, _, i) => sum + now[i] + gains[i], 0n);
}
