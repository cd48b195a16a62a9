/**
 * What a registrant, a share holder or a challenger does with what it holds: move a share slot to another
 * account (key rotation), retire a dataset, take back a joiner's bond and withdraw credited bonds. Each is
 * checked against the registry's rule first, so nothing is sent that it would refuse.
 */
import { ZeroAddress, getAddress, isAddress } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import { DatasetStatus, DisputeState, datasetStatusName, type DatasetId } from "../../protocol/ids.js";
import { decoding } from "../revert.js";

/** A checksummed account, or INVALID_INPUT naming `what`. */
function account(given: string, what: string): string {
  if (!isAddress(given)) throw new DataDividendsError("INVALID_INPUT", `${what} must be an address, got "${given}"`);
  return getAddress(given);
}

/**
 * Moves share slot `index` of `dataset`, which the signer holds, to `to` (a new key, a multisig): what the
 * slot earns from then on, and what it has not yet claimed, goes to `to`. Returns the transaction hash.
 */
export async function moveShare(ctx: ClientContext, dataset: DatasetId, index: number, to: string): Promise<string> {
  const signer = await ctx.signerAddress();
  const recipient = account(to, "the new holder");
  if (!Number.isInteger(index) || index < 0 || index > 0xffff) {
    throw new DataDividendsError("INVALID_INPUT", `share slot ${index} is not a slot number (0 to 65535)`);
  }
  const slot = await ctx.datasets.contributor(dataset, index);
  if (slot.account === ZeroAddress) {
    throw new DataDividendsError("INVALID_INPUT", `dataset ${dataset} has no share slot ${index}`);
  }
  const holder = getAddress(slot.account);
  if (holder !== signer) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `share slot ${index} of ${dataset} is held by ${holder}, not ${signer}`,
    );
  }
  if (recipient === ZeroAddress || recipient === holder) {
    throw new DataDividendsError("INVALID_INPUT", `${recipient} cannot receive the slot: it is zero or its holder`);
  }
  return ctx.mined(await decoding("moveShare", () => ctx.datasets.moveShare(dataset, index, recipient)));
}

/**
 * Retires `dataset` (the signer must be its registrant): models can no longer declare it; what it earned
 * through models that did is still paid. Refused while a dispute freezes it. Returns the transaction hash.
 */
export async function retire(ctx: ClientContext, dataset: DatasetId): Promise<string> {
  const signer = await ctx.signerAddress();
  const [record, status] = await Promise.all([ctx.datasets.dataset(dataset), ctx.datasets.statusOf(dataset)]);
  if (record.registrant === ZeroAddress) {
    throw new DataDividendsError("INVALID_INPUT", `dataset ${dataset} is not registered`);
  }
  if (getAddress(record.registrant) !== signer) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `only the registrant ${getAddress(record.registrant)} may retire dataset ${dataset}, not ${signer}`,
    );
  }
  if (status === DatasetStatus.Retired) {
    throw new DataDividendsError("INVALID_INPUT", `dataset ${dataset} is already retired`);
  }
  if (status === DatasetStatus.Frozen) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `dataset ${dataset} is ${datasetStatusName(status)} by a dispute: it can be retired once the dispute ends`,
    );
  }
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
  const to = options.to === undefined ? signer : account(options.to, "the bond's recipient");
  const transactions: string[] = [];
  const reclaimed: BondWithdrawal["reclaimed"] = [];
  for (const { dataset, disputeId } of options.reclaim ?? []) {
    const [joined, latest] = await Promise.all([
      ctx.datasets.joinedBond(dataset, disputeId, signer),
      ctx.datasets.disputeOf(dataset),
    ]);
    if (joined === 0n) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${signer} has no joined bond on dispute ${disputeId} of ${dataset}`,
      );
    }
    if (latest.id === disputeId && latest.state === DisputeState.Open) {
      throw new DataDividendsError("INVALID_INPUT", `dispute ${disputeId} of ${dataset} is still open`);
    }
    await ctx.datasets.reclaimBond.staticCall(dataset, disputeId).catch(() => {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `the bond ${signer} joined on dispute ${disputeId} of ${dataset} is not refundable (the flag was dismissed)`,
      );
    });
    transactions.push(
      await ctx.mined(await decoding("reclaimBond", () => ctx.datasets.reclaimBond(dataset, disputeId))),
    );
    reclaimed.push({ dataset, disputeId });
  }
  const amount = await ctx.datasets.bondCredit(signer);
  if (amount === 0n) {
    throw new DataDividendsError("INVALID_INPUT", `${signer} has no bond credited to withdraw`);
  }
  transactions.push(await ctx.mined(await decoding("withdrawBond", () => ctx.datasets.withdrawBond(to))));
  return { amount, reclaimed, transactions };
}
