import { ZeroAddress, getAddress, isAddress } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import {
  DatasetStatus,
  DisputeState,
  datasetStatusName,
  disputeStateName,
  type DatasetId,
} from "../../protocol/ids.js";
import { decoding } from "../revert.js";
import { checkedURI } from "../../protocol/uri.js";

export interface FlagResult {
  /** The dispute opened or joined (its number on the dataset). */
  disputeId: bigint;
  /** Whether the flag joined a dispute that was already open. */
  joined: boolean;
  /** The bond posted, in wei: forfeited (paid to no one) unless a ruling upholds the flag. */
  bond: bigint;
  /** When anyone may end the dispute unruled (seconds since the epoch). */
  expiresAt: bigint;
  transaction: string;
}

export interface DisputeReport {
  status: bigint;
  registrant: string;
  /** Share slots, each of which an upholding ruling must name a holder for. */
  contributorCount: number;
  /** The dataset's latest dispute, open or ended (absent if it never had one). */
  latest?: {
    disputeId: bigint;
    state: bigint;
    challenger: string;
    reason: bigint;
    openedAt: bigint;
    /** Every bond posted on it (the opener's and each joiner's), in wei. */
    bonds: bigint;
    /** When anyone may end it unruled (meaningful while open). */
    expiresAt: bigint;
    /** When an upheld ruling may be executed (0 unless upheld). */
    executableAt: bigint;
    appealed: boolean;
  };
  /** The latest dispute while it keeps the dataset frozen (open, or upheld and waiting). */
  open?: DisputeReport["latest"];
}

export type Ruling =
  | { ruling: "dismiss" }
  | { ruling: "expire" }
  | { ruling: "uphold"; registrant: string; holders: string[] }
  | { ruling: "appeal"; evidenceURI: string }
  | { ruling: "execute" };

/**
 * Flags a dataset as stolen, squatted or junk, posting the bond the registry asks for it now (`bondToFlag`:
 * doubled for each earlier flag on it that was dismissed or expired) from the signer, or joins its open
 * dispute. Refuses, before sending, a dataset that cannot be flagged, its registrant, a second bond from one
 * challenger, and a bond the signer cannot pay.
 */
export async function flag(
  ctx: ClientContext,
  dataset: DatasetId,
  reason: bigint,
  evidenceURI: string,
): Promise<FlagResult> {
  const challenger = await ctx.signerAddress();
  checkedURI(evidenceURI, "evidence URI");
  const [report, bond, timeout, balance] = await Promise.all([
    dispute(ctx, dataset),
    ctx.datasets.bondToFlag(dataset),
    ctx.datasets.disputeTimeout(),
    ctx.provider.getBalance(challenger),
  ]);
  const joining = report.latest?.state === DisputeState.Open;
  if (!joining && report.status !== DatasetStatus.Active && report.status !== DatasetStatus.Retired) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `dataset ${dataset} cannot be flagged: it is ${datasetStatusName(report.status)}${
        report.latest?.state === DisputeState.Upheld ? " by an upheld ruling waiting out its appeal window" : ""
      } (only registered, final datasets, or ones whose dispute is open, can)`,
    );
  }
  if (getAddress(report.registrant) === challenger) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${challenger} is the registrant of dataset ${dataset} and cannot flag it`,
    );
  }
  if (joining && report.latest !== undefined) {
    const id = report.latest.disputeId;
    const posted =
      getAddress(report.latest.challenger) === challenger ||
      (await ctx.datasets.joinedBond(dataset, id, challenger)) !== 0n;
    if (posted) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${challenger} already posted a bond on dispute ${id} of ${dataset}`,
      );
    }
  }
  if (balance < bond) {
    throw new DataDividendsError("INVALID_INPUT", `the bond is ${bond} wei and ${challenger} holds ${balance}`);
  }
  const tx = await decoding("flag", () => ctx.datasets.flag(dataset, reason, evidenceURI, { value: bond }));
  const transaction = await ctx.mined(tx);
  // From the record the flag wrote, not the latest block (which may already be a later one).
  const opened = await ctx.datasets.disputeOf(dataset);
  return { disputeId: opened.id, joined: joining, bond, expiresAt: opened.openedAt + timeout, transaction };
}

/** A dataset's status, registrant and latest dispute (with when anyone may end or execute it). */
export async function dispute(ctx: ClientContext, dataset: DatasetId): Promise<DisputeReport> {
  const [status, record, latest, timeout] = await Promise.all([
    ctx.datasets.statusOf(dataset),
    ctx.datasets.dataset(dataset),
    ctx.datasets.disputeOf(dataset),
    ctx.datasets.disputeTimeout(),
  ]);
  const report: DisputeReport = {
    status,
    registrant: record.registrant,
    contributorCount: Number(record.contributorCount),
  };
  if (latest.id === 0n) return report;
  report.latest = {
    disputeId: latest.id,
    state: latest.state,
    challenger: latest.challenger,
    reason: latest.reason,
    openedAt: latest.openedAt,
    bonds: latest.bonds,
    expiresAt: latest.openedAt + timeout,
    executableAt: latest.executableAt,
    appealed: latest.appealed,
  };
  if (latest.state === DisputeState.Open || latest.state === DisputeState.Upheld) report.open = report.latest;
  return report;
}

const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

/**
 * Acts on a dataset's dispute, naming it by its ID so a ruling meant for one dispute never lands on another:
 * `dismiss` or `uphold` (the signer must hold the arbiter role; upholding names a holder for every share
 * slot and takes effect after the appeal window), `appeal` (the registrant or a share holder, against an
 * upheld ruling, once, in its window), `execute` (anyone, once the window has passed; the holders are read from the ruling's
 * event) or `expire` (anyone, once an unruled dispute has timed out). Checked first.
 *
 * @param disputeId The dispute the ruling is for; the dataset's latest where omitted.
 */
export async function resolveFlag(
  ctx: ClientContext,
  dataset: DatasetId,
  ruling: Ruling,
  disputeId?: bigint,
): Promise<string> {
  const signer = await ctx.signerAddress();
  const { latest, registrant, contributorCount: count } = await dispute(ctx, dataset);
  if (latest === undefined) throw new DataDividendsError("INVALID_INPUT", `dataset ${dataset} has never been flagged`);
  const id = disputeId ?? latest.disputeId;
  if (id !== latest.disputeId) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `dispute ${id} is not the latest on ${dataset} (that is dispute ${latest.disputeId}, ${disputeStateName(latest.state)})`,
    );
  }
  const requireState = (...states: bigint[]) => {
    if (!states.includes(latest.state)) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `dispute ${id} on ${dataset} is ${disputeStateName(latest.state)}; "${ruling.ruling}" needs it ${states
          .map(disputeStateName)
          .join(" or ")}`,
      );
    }
  };
  const now = BigInt((await ctx.provider.getBlock("latest"))?.timestamp ?? 0);
  switch (ruling.ruling) {
    case "expire":
      requireState(DisputeState.Open);
      if (now < latest.expiresAt) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `the flag on ${dataset} can be ended by anyone from ${iso(latest.expiresAt)}`,
        );
      }
      return ctx.mined(await decoding("expireFlag", () => ctx.datasets.expireFlag(dataset)));
    case "appeal": {
      checkedURI(ruling.evidenceURI, "evidence URI");
      requireState(DisputeState.Upheld);
      const slot = getAddress(registrant) === signer ? 0 : await slotOf(ctx, dataset, count, signer);
      if (slot === undefined) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `only the registrant ${registrant} or a holder of one of its shares may appeal the ruling on ${dataset}`,
        );
      }
      if (latest.appealed || now >= latest.executableAt) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `the ruling on ${dataset} can no longer be appealed (appealed already, or its window closed at ${iso(latest.executableAt)})`,
        );
      }
      return ctx.mined(
        await decoding("appealRuling", () => ctx.datasets.appealRuling(dataset, id, slot, ruling.evidenceURI)),
      );
    }
    case "execute": {
      requireState(DisputeState.Upheld);
      if (now < latest.executableAt) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `the ruling on ${dataset} takes effect from ${iso(latest.executableAt)} (its appeal window)`,
        );
      }
      const upheld = await ctx.datasets.queryFilter(
        ctx.datasets.filters.FlagUpheld(dataset, id),
        ctx.addresses.fromBlock ?? 0,
      );
      const event = upheld.at(-1);
      if (event === undefined) {
        throw new DataDividendsError("NOT_FOUND", `no FlagUpheld event for dispute ${id} on ${dataset}`);
      }
      const [, , , rightful, holders] = event.args;
      return ctx.mined(
        await decoding("executeRuling", () => ctx.datasets.executeRuling(dataset, id, rightful, [...holders])),
      );
    }
    default:
      break;
  }
  if (!(await ctx.datasets.hasRole(await ctx.datasets.ARBITER_ROLE(), signer))) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${signer} does not hold the arbiter role on ${ctx.addresses.datasets}`,
    );
  }
  if (ruling.ruling === "dismiss") {
    requireState(DisputeState.Open, DisputeState.Upheld);
    return ctx.mined(await decoding("dismissFlag", () => ctx.datasets.dismissFlag(dataset, id)));
  }
  requireState(DisputeState.Open);
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
    await decoding("upholdFlag", () => ctx.datasets.upholdFlag(dataset, id, ruling.registrant, ruling.holders)),
  );
}

/** The first share slot of `dataset` that `account` holds (at most `count` reads, the registry's own cap). */
async function slotOf(
  ctx: ClientContext,
  dataset: DatasetId,
  count: number,
  account: string,
): Promise<number | undefined> {
  const slots = await Promise.all(Array.from({ length: count }, (_, i) => ctx.datasets.contributor(dataset, i)));
  const index = slots.findIndex((slot) => slot.account !== ZeroAddress && getAddress(slot.account) === account);
  return index === -1 ? undefined : index;
}
