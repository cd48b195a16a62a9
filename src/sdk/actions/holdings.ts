/**
 * What a registrant, a share holder or a challenger does with what it holds: move a share slot to another
 * account (key rotation), retire a dataset, take back a joiner's bond and withdraw credited bonds. Each call
 * is simulated first and the registry's own error said (advice.ts), so nothing is sent that it would refuse;
 * a withdrawal that reclaims joined bonds first simulates every step before sending the first.
 */
import { ZeroAddress, getAddress, isAddress } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import { allVaults } from "../../protocol/record.js";
import type { DatasetId } from "../../protocol/ids.js";
import { decoding } from "../revert.js";

/**
 * Where value may be sent: a checksummed address that is neither zero (burnt) nor one of the deployment's own
 * contracts (a registry, a vault, a token, the governor or the timelock, which would hold it for ever), or
 * INVALID_INPUT naming `what`.
 */
function recipient(ctx: ClientContext, given: string, what: string): string {
  if (!isAddress(given)) throw new DataDividendsError("INVALID_INPUT", `${what} must be an address, got "${given}"`);
  const to = getAddress(given);
  if (to === ZeroAddress) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${what} cannot be the zero address: what it receives would be burnt`,
    );
  }
  const { datasets, models, governor, timelock } = ctx.addresses;
  const own = [...allVaults(ctx.addresses).flatMap((v) => [v.token, v.vault]), datasets, models, governor, timelock];
  if (own.some((a) => a !== undefined && getAddress(a) === to)) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${what} cannot be ${to}, one of this deployment's own contracts: what it receives would be stranded there`,
    );
  }
  return to;
}

/**
 * Moves share slot `index` of `dataset`, which the signer holds, to `to` (a new key, a multisig): what the
 * slot earns from then on, and what it has not yet claimed, goes to `to`. Returns the transaction hash.
 */
export async function moveShare(ctx: ClientContext, dataset: DatasetId, index: number, to: string): Promise<string> {
  const holder = recipient(ctx, to, "the new holder");
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) {
    throw new DataDividendsError("INVALID_INPUT", `share slot ${index} is not a slot number (0 to 4294967295)`);
  }
  return ctx.mined(await decoding("moveShare", () => ctx.datasets.moveShare(dataset, index, holder)));
}

/**
 * Retires `dataset` (the signer must be its registrant): models can no longer declare it; what it earned
 * through models that did is still paid. Refused while a dispute freezes it. Returns the transaction hash.
 */
export async function retire(ctx: ClientContext, dataset: DatasetId): Promise<string> {
  return ctx.mined(await decoding("retire", () => ctx.datasets.retire(dataset)));
}

export interface BondWithdrawal {
  /** What was paid out, in wei (bonds credited to the signer, and the joined bonds reclaimed first). */
  amount: bigint;
  /** Joined bonds moved into the credit before the withdrawal: `(dataset, dispute)` pairs. */
  reclaimed: { dataset: DatasetId; disputeId: bigint }[];
  transactions: string[];
}

/**
 * Pays the signer's credited bonds (a flag upheld, an expired flag's registrant, a refunded joiner) to
 * `to` (default: the signer). `reclaim` names disputes the signer joined that ended without a ruling
 * against it: each joined bond is reclaimed into the credit first. Refused when nothing is credited.
 */
export async function withdrawBond(
  ctx: ClientContext,
  options: { to?: string; reclaim?: readonly { dataset: DatasetId; disputeId: bigint }[] } = {},
): Promise<BondWithdrawal> {
  const signer = await ctx.signerAddress();
  const to = options.to === undefined ? signer : recipient(ctx, options.to, "the bonds' recipient");
  const transactions: string[] = [];
  const reclaimed: BondWithdrawal["reclaimed"] = [];
  const reclaim = options.reclaim ?? [];
  const pairs = reclaim.map((r) => `${r.dataset.toLowerCase()}:${r.disputeId}`);
  const twice = pairs.find((p, i) => pairs.indexOf(p) !== i);
  if (twice !== undefined) throw new DataDividendsError("INVALID_INPUT", `the joined bond ${twice} is listed twice`);
  // Every step is simulated before the first is sent: a refused second reclaim must not follow a sent first.
  for (const { dataset, disputeId } of reclaim) {
    await decoding("reclaimBond", () => ctx.datasets.reclaimBond.staticCall(dataset, disputeId));
  }
  const credited = await ctx.datasets.bondCredit(signer);
  if (reclaim.length === 0) await decoding("withdrawBond", () => ctx.datasets.withdrawBond.staticCall(to));
  let joined = 0n;
  for (const { dataset, disputeId } of reclaim) {
    joined += await ctx.datasets.joinedBond(dataset, disputeId, signer);
    transactions.push(
      await ctx.mined(await decoding("reclaimBond", () => ctx.datasets.reclaimBond(dataset, disputeId))),
    );
    reclaimed.push({ dataset, disputeId });
  }
  const amount = credited + joined;
  transactions.push(await ctx.mined(await decoding("withdrawBond", () => ctx.datasets.withdrawBond(to))));
  return { amount, reclaimed, transactions };
}
