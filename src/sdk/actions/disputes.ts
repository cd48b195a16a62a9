import { ZeroAddress, getAddress, isAddress } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../errors.js";
import { DatasetStatus, datasetStatusName, type DatasetId } from "../ids.js";
import { decoding } from "../revert.js";

export interface FlagResult {
  /** The bond posted, in wei. */
  bond: bigint;
  /** When anyone may end the flag unruled (seconds since the epoch). */
  expiresAt: bigint;
  transaction: string;
}

export interface DisputeReport {
  status: bigint;
  registrant: string;
  /** Share slots, each of which an upholding ruling must name a holder for. */
  contributorCount: number;
  open?: { challenger: string; reason: bigint; openedAt: bigint; expiresAt: bigint };
}

export type Ruling =
  { ruling: "dismiss" } | { ruling: "expire" } | { ruling: "uphold"; registrant: string; holders: string[] };

/**
 * Flags a dataset as stolen, squatted or junk, posting the registry's bond from the signer. Refuses,
 * before sending, a dataset that cannot be flagged and a bond the signer cannot pay.
 */
export async function flag(
  ctx: ClientContext,
  dataset: DatasetId,
  reason: bigint,
  evidenceURI: string,
): Promise<FlagResult> {
  const challenger = await ctx.signerAddress();
  const [status, bond, timeout, balance] = await Promise.all([
    ctx.datasets.statusOf(dataset),
    ctx.datasets.flagBond(),
    ctx.datasets.disputeTimeout(),
    ctx.provider.getBalance(challenger),
  ]);
  if (status !== DatasetStatus.Active && status !== DatasetStatus.Retired) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `dataset ${dataset} cannot be flagged: it is ${datasetStatusName(status)} (only registered, final, unflagged datasets can)`,
    );
  }
  if (balance < bond) {
    throw new DataDividendsError("INVALID_INPUT", `the bond is ${bond} wei and ${challenger} holds ${balance}`);
  }
  const tx = await decoding("flag", () => ctx.datasets.flag(dataset, reason, evidenceURI, { value: bond }));
  const transaction = await ctx.mined(tx);
  // From the record the flag wrote, not the latest block (which may already be a later one).
  const opened = await ctx.datasets.disputeOf(dataset);
  return { bond, expiresAt: opened.openedAt + timeout, transaction };
}

/** A dataset's status, registrant and open flag (with when anyone may end it). */
export async function dispute(ctx: ClientContext, dataset: DatasetId): Promise<DisputeReport> {
  const [status, record, open, timeout] = await Promise.all([
    ctx.datasets.statusOf(dataset),
    ctx.datasets.dataset(dataset),
    ctx.datasets.disputeOf(dataset),
    ctx.datasets.disputeTimeout(),
  ]);
  return {
    status,
    registrant: record.registrant,
    contributorCount: Number(record.contributorCount),
    ...(open.challenger === ZeroAddress
      ? {}
      : {
          open: {
            challenger: open.challenger,
            reason: open.reason,
            openedAt: open.openedAt,
            expiresAt: open.openedAt + timeout,
          },
        }),
  };
}

/**
 * Ends an open flag: `dismiss` or `uphold` (the signer must hold the arbiter role; upholding names a
 * holder for every share slot), or `expire` (anyone, once the timeout has passed). Checked first.
 */
export async function resolveFlag(ctx: ClientContext, dataset: DatasetId, ruling: Ruling): Promise<string> {
  const signer = await ctx.signerAddress();
  const { open, contributorCount: count } = await dispute(ctx, dataset);
  if (open === undefined) throw new DataDividendsError("INVALID_INPUT", `dataset ${dataset} has no open flag`);
  if (ruling.ruling === "expire") {
    const now = BigInt((await ctx.provider.getBlock("latest"))?.timestamp ?? 0);
    if (now < open.expiresAt) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `the flag on ${dataset} can be ended by anyone from ${new Date(Number(open.expiresAt) * 1000).toISOString()}`,
      );
    }
    return ctx.mined(await decoding("expireFlag", () => ctx.datasets.expireFlag(dataset)));
  }
  if (!(await ctx.datasets.hasRole(await ctx.datasets.ARBITER_ROLE(), signer))) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${signer} does not hold the arbiter role on ${ctx.addresses.datasets}`,
    );
  }
  if (ruling.ruling === "dismiss")
    return ctx.mined(await decoding("dismissFlag", () => ctx.datasets.dismissFlag(dataset)));
  if (ruling.holders.length !== count) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `dataset ${dataset} has ${count} share slot(s); name a holder for each, got ${ruling.holders.length}`,
    );
  }
  for (const holder of [ruling.registrant, ...ruling.holders]) {
    if (!isAddress(holder) || holder === ZeroAddress || getAddress(holder) === signer) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `"${holder}" cannot be a holder (an address other than the arbiter)`,
      );
    }
  }
  return ctx.mined(
    await decoding("upholdFlag", () => ctx.datasets.upholdFlag(dataset, ruling.registrant, ruling.holders)),
  );
}
