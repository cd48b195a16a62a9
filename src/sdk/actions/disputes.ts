import { ZeroAddress, getAddress, isAddress } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import { DisputeState, disputeStateName, type DatasetId } from "../../protocol/ids.js";
import { decoding } from "../revert.js";
import { nameTreeReplacement, type TreeReplacement } from "./share-trees.js";

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
  /** `tree`: for a share-tree dataset (no listed holders), the rightful tree the ruling installs. */
  | { ruling: "uphold"; registrant: string; holders: string[]; tree?: TreeReplacement }
  | { ruling: "appeal"; evidenceURI: string }
  | { ruling: "execute" };

/**
 * Flags a dataset as stolen, squatted or junk, posting the bond the registry asks for it now (`bondToFlag`:
 * doubled for each earlier flag on it that was dismissed or expired) from the signer, or joins its open
 * dispute. What the registry refuses (a dataset that cannot be flagged, its registrant, a second bond from one
 * challenger) is refused before sending, by simulating the call and saying the registry's error; a bond the
 * signer cannot pay, which the node would refuse, is said here with the amounts.
 */
export async function flag(
  ctx: ClientContext,
  dataset: DatasetId,
  reason: bigint,
  evidenceURI: string,
): Promise<FlagResult> {
  const challenger = await ctx.signerAddress();
  const [before, bond, timeout, balance] = await Promise.all([
    ctx.datasets.disputeOf(dataset),
    ctx.datasets.bondToFlag(dataset),
    ctx.datasets.disputeTimeout(),
    ctx.provider.getBalance(challenger),
  ]);
  if (balance < bond) {
    throw new DataDividendsError("INVALID_INPUT", `the bond is ${bond} wei and ${challenger} holds ${balance}`);
  }
  const tx = await decoding("flag", () => ctx.datasets.flag(dataset, reason, evidenceURI, { value: bond }));
  const transaction = await ctx.mined(tx);
  // From the record the flag wrote, not the latest block (which may already be a later one).
  const opened = await ctx.datasets.disputeOf(dataset);
  const joined = before.id === opened.id && before.state === DisputeState.Open;
  return { disputeId: opened.id, joined, bond, expiresAt: opened.openedAt + timeout, transaction };
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

/**
 * Acts on a dataset's dispute, naming it by its ID so a ruling meant for one dispute never lands on another:
 * `dismiss` or `uphold` (the signer must hold the arbiter role; upholding names a holder for every share
 * slot and takes effect after the appeal window), `appeal` (the registrant or a share holder, against an
 * upheld ruling, once, in its window), `execute` (anyone, once the window has passed; the holders are read
 * from the ruling's event) or `expire` (anyone, once an unruled dispute has timed out). Whatever the registry
 * would refuse is refused before sending (the call is simulated and the registry's own error said).
 *
 * @param disputeId The dispute the ruling is for; the dataset's latest where omitted.
 */
export async function resolveFlag(
  ctx: ClientContext,
  dataset: DatasetId,
  ruling: Ruling,
  disputeId?: bigint,
): Promise<string> {
  const latest = await ctx.datasets.disputeOf(dataset);
  const id = disputeId ?? latest.id;
  switch (ruling.ruling) {
    case "expire":
      return ctx.mined(await decoding("expireFlag", () => ctx.datasets.expireFlag(dataset)));
    case "appeal": {
      // The registrant may appeal naming any slot; a holder names its own (the first it holds).
      const signer = await ctx.signerAddress();
      const record = await ctx.datasets.dataset(dataset);
      const slot =
        getAddress(record.registrant) === signer
          ? 0
          : ((await slotOf(ctx, dataset, Number(record.contributorCount), signer)) ?? 0);
      return ctx.mined(
        await decoding("appealRuling", () => ctx.datasets.appealRuling(dataset, id, slot, ruling.evidenceURI)),
      );
    }
    case "execute": {
      // The ruling's holders are in its event; the registry checks them against the ruling it stored.
      const upheld = await ctx.datasets.queryFilter(
        ctx.datasets.filters.FlagUpheld(dataset, id),
        ctx.addresses.fromBlock ?? 0,
      );
      const event = upheld.at(-1);
      if (event === undefined) {
        throw new DataDividendsError(
          "NOT_FOUND",
          `dispute ${id} on ${dataset} has no upheld ruling to execute (it is ${disputeStateName(latest.state)})`,
        );
      }
      const [, , , rightful, holders] = event.args;
      return ctx.mined(
        await decoding("executeRuling", () => ctx.datasets.executeRuling(dataset, id, rightful, [...holders])),
      );
    }
    case "dismiss":
      return ctx.mined(await decoding("dismissFlag", () => ctx.datasets.dismissFlag(dataset, id)));
    case "uphold": {
      for (const holder of [ruling.registrant, ...ruling.holders]) {
        if (!isAddress(holder)) throw new DataDividendsError("INVALID_INPUT", `"${holder}" is not an address`);
      }
      if (ruling.tree !== undefined) {
        // Checked as the ruling will be before the tree is named: two transactions, the second never refused.
        await decoding("upholdFlag", () =>
          ctx.datasets.upholdFlag.staticCall(dataset, id, ruling.registrant, ruling.holders),
        );
        await nameTreeReplacement(ctx, dataset, id, ruling.tree);
      }
      return ctx.mined(
        await decoding("upholdFlag", () => ctx.datasets.upholdFlag(dataset, id, ruling.registrant, ruling.holders)),
      );
    }
  }
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
