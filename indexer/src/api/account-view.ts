/**
 * The contributor's view (`GET /accounts/:account`, what the dashboard draws), as a pure function over
 * the rows the route reads: what the account was paid and is owed per token, each dataset it holds a
 * share of with its standing and the models that use it, each payment with the path it came by, and its
 * earnings over time. No database, no node: a test can feed it rows.
 */
import type {
  AccountBody,
  AsOfBody,
  ClaimableEdgeBody,
  DatasetViewStatus,
  DisputeViewBody,
  EarningsLineBody,
} from "../../../src/protocol/api.js";
import { credited, earned } from "../../../src/protocol/earnings.js";
import { edgeState, payableFrom } from "../../../src/protocol/standing.js";

type Hex = `0x${string}`;

// The rows the view reads, by the columns it reads (ponder.schema.ts's rows have these and more).
export interface DatasetRow {
  id: Hex;
  registrant: Hex;
  metadataURI: string;
  provisionalUntil: bigint;
  registeredAt: bigint;
  frozen: boolean;
  retired: boolean;
  reassigned: boolean;
}
interface SlotRow {
  dataset: Hex;
  index: number;
  shares: bigint;
  totalShares: bigint;
}
interface ModelRow {
  id: Hex;
  owner: Hex;
  metadataURI: string;
  parent: Hex | null;
  totalWeight: bigint;
}
interface UsageRow {
  model: Hex;
  dataset: Hex;
  weight: bigint;
}
interface MoneyRow {
  vault: Hex;
  amount: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transaction: Hex;
}
type ReleaseRow = MoneyRow & { model: Hex; dataset: Hex; index: number };
/** A deposit, with its pool's inflow once it was in (written by the handler). */
type DepositRow = MoneyRow & { model: Hex; inflowAfter: bigint };
/** A forward, with the parent pool's inflow once it was in. */
type ForwardRow = MoneyRow & { child: Hex; parent: Hex; parentInflowAfter: bigint };
interface DisputeRow {
  dataset: Hex;
  number: bigint;
  challenger: Hex;
  reason: number;
  status: string;
  evidenceURI: string;
  openedAt: bigint;
  executableAt: bigint | null;
}

/** An account's claimable report (`claimableEdges` in shared.ts) and the rows it was computed from. */
export interface AccountReport {
  head: AsOfBody;
  claimDelay: bigint;
  edges: ClaimableEdgeBody[];
  datasets: DatasetRow[];
  slots: SlotRow[];
  models: ModelRow[];
  usages: UsageRow[];
  vaults: { id: Hex; token: Hex }[];
}

/** What the view is computed from: the account's claimable report and the rows around it. */
export interface AccountRows {
  account: Hex;
  report: AccountReport;
  /** The account's releases, newest first: all of them, or the newest of them with `claimed` given. */
  releases: ReleaseRow[];
  /** Per vault, everything the account was paid (summed by the database); without it, the sum of `releases`. */
  claimed?: { vault: Hex; amount: bigint }[];
  /**
   * Per vault, model and fine-tune below it: what the fine-tune forwarded into the model's pool and from which
   * block (summed by the database); without it, summed from `forwards`.
   */
  fedBy?: { vault: Hex; parent: Hex; child: Hex; first: bigint; amount: bigint }[];
  /** Deposits into the models that use its datasets (for the earnings history): the newest, at most a window of them. */
  inflows: DepositRow[];
  /** Each of those models' pool inflow now, per vault: where the history starts for a pool the window does not reach. */
  pools?: { vault: Hex; model: Hex; inflow: bigint }[];
  /** Forwards into those models' pools. */
  forwards: ForwardRow[];
  /** Every dispute on its datasets. */
  disputes: DisputeRow[];
  /** Each fine-tune's lineage: the model first, then its ancestors nearest first, down to the base model. */
  lineages: Map<Hex, { id: Hex }[]>;
  /** What a claim forwards first, and the pools it reads (`forwardGains`); without it, a claim pays the views. */
  forwarding?: Forwarding;
}

/** The hops a claim forwards first (deepest first), and what `forwardGains` reads of each model on them. */
export interface Forwarding {
  hops: { child: Hex; parent: Hex }[];
  /** Per vault and model: the pool's inflow, and what it has forwarded out to its parent. */
  pools: { vault: Hex; model: Hex; inflow: bigint; forwardedOut: bigint }[];
  /** Per child on a hop: the parent's weight in it and its total weight. */
  weights: { id: Hex; parentWeight: bigint; totalWeight: bigint }[];
}

/**
 * Per vault, what the forwards a claim sends first add to what it pays (`claimAll`: each hop's `forward`, deepest
 * first, then the claim): each pool's inflow after the hops, by the rulebook (`credited` over the inflow, minus
 * what the child forwarded already), and each payable edge's `earned` over it less over the inflow before. The
 * SDK's `forwardGains` computes the same from the vaults' views.
 */
export function forwardGains(report: AccountReport, forwarding: Forwarding): Map<Hex, bigint> {
  const gains = new Map<Hex, bigint>();
  const weightOf = new Map(forwarding.weights.map((w) => [w.id, w]));
  const slotOf = new Map(report.slots.map((s) => [`${s.dataset}:${s.index}`, s]));
  const usageOf = new Map(report.usages.map((u) => [`${u.model}:${u.dataset}`, u.weight]));
  const totalOf = new Map(report.models.map((m) => [m.id, m.totalWeight]));
  for (const { id: vault } of report.vaults) {
    const before = new Map<Hex, bigint>();
    const forwarded = new Map<Hex, bigint>();
    for (const p of forwarding.pools) {
      if (p.vault !== vault) continue;
      before.set(p.model, p.inflow);
      forwarded.set(p.model, p.forwardedOut);
    }
    const after = new Map(before);
    for (const { child, parent } of forwarding.hops) {
      const w = weightOf.get(child);
      if (w === undefined) continue;
      const due = credited(after.get(child) ?? 0n, w.parentWeight, w.totalWeight) - (forwarded.get(child) ?? 0n);
      if (due > 0n) after.set(parent, (after.get(parent) ?? 0n) + due);
    }
    let gain = 0n;
    for (const e of report.edges) {
      if (e.vault !== vault || e.state !== "payable") continue;
      const was = before.get(e.model as Hex) ?? 0n;
      const now = after.get(e.model as Hex) ?? 0n;
      if (now === was) continue;
      const slot = slotOf.get(`${e.dataset}:${e.index}`);
      const weight = usageOf.get(`${e.model}:${e.dataset}`);
      const total = totalOf.get(e.model as Hex);
      if (slot === undefined || weight === undefined || total === undefined) continue;
      gain +=
        earned(now, weight, total, slot.shares, slot.totalShares) -
        earned(was, weight, total, slot.shares, slot.totalShares);
    }
    gains.set(vault, gain);
  }
  return gains;
}

/**
 * Where a dataset stands at `head`: the dashboard's status, and whether its shares pay now (the rulebook's rule).
 * `provisionalUntil` is in the registry clock, which stands still while registration is paused.
 */
export function standing(d: DatasetRow, head: AsOfBody, claimDelay: bigint) {
  const state = edgeState(d, claimDelay, head.timestamp);
  const status: DatasetViewStatus = d.frozen
    ? "frozen"
    : d.provisionalUntil !== 0n && head.clock <= d.provisionalUntil
      ? "provisional"
      : d.retired
        ? "retired"
        : state === "cooling-off"
          ? "cooling-off"
          : d.reassigned
            ? "reassigned"
            : "active";
  return { status, state, payableFrom: payableFrom(d.registeredAt, claimDelay) };
}

function disputeView(d: DisputeRow): DisputeViewBody {
  return {
    number: d.number,
    challenger: d.challenger,
    reason: d.reason,
    status: d.status,
    evidenceURI: d.evidenceURI,
    openedAt: d.openedAt,
    executableAt: d.executableAt ?? null,
  };
}

/** Earnings over time, per dataset and token: the account's slots' cumulative earnings after each inflow. */
function earningsHistory(rows: AccountRows): EarningsLineBody[] {
  const { datasets, slots, models, usages, vaults } = rows.report;
  const tokenOf = new Map(vaults.map((v) => [v.id, v.token]));
  const totalOf = new Map(models.map((m) => [m.id, m.totalWeight]));
  const held = new Set(datasets.map((d) => d.id));
  // Per model, the datasets of this account it declared; per dataset, its declarations and this account's slots.
  const datasetsOf = new Map<Hex, Hex[]>();
  const usagesOf = new Map<Hex, UsageRow[]>();
  for (const u of usages) {
    if (!held.has(u.dataset)) continue;
    datasetsOf.set(u.model, [...(datasetsOf.get(u.model) ?? []), u.dataset]);
    usagesOf.set(u.dataset, [...(usagesOf.get(u.dataset) ?? []), u]);
  }
  const slotsOf = new Map<Hex, SlotRow[]>();
  for (const slot of slots) slotsOf.set(slot.dataset, [...(slotsOf.get(slot.dataset) ?? []), slot]);
  const events = [
    ...rows.inflows.map((d) => ({ ...d, into: d.model, after: d.inflowAfter })),
    ...rows.forwards.map((f) => ({ ...f, into: f.parent, after: f.parentInflowAfter })),
  ].sort((a, b) =>
    a.blockNumber !== b.blockNumber ? (a.blockNumber < b.blockNumber ? -1 : 1) : a.after < b.after ? -1 : 1,
  );
  // Each pool's inflow where the events start: before its first event here, else (no event here) what it is now.
  // The handler stores each event's inflow after it, so a window of the newest events needs nothing older.
  const inflow = new Map<string, bigint>();
  for (const p of rows.pools ?? []) inflow.set(`${p.vault}:${p.model}`, p.inflow);
  const started = new Set<string>();
  for (const e of events) {
    const key = `${e.vault}:${e.into}`;
    if (started.has(key)) continue;
    started.add(key);
    inflow.set(key, e.after - e.amount);
  }
  const series = new Map<string, EarningsLineBody>();
  for (const e of events) {
    inflow.set(`${e.vault}:${e.into}`, e.after);
    for (const dataset of datasetsOf.get(e.into) ?? []) {
      let total = 0n;
      for (const u of usagesOf.get(dataset) ?? []) {
        const pool = inflow.get(`${e.vault}:${u.model}`) ?? 0n;
        for (const slot of slotsOf.get(dataset) ?? []) {
          total += earned(pool, u.weight, totalOf.get(u.model) ?? 0n, slot.shares, slot.totalShares);
        }
      }
      const key = `${e.vault}:${dataset}`;
      const line = series.get(key) ?? { token: tokenOf.get(e.vault)!, dataset, points: [] };
      line.points.push({ timestamp: e.timestamp, block: e.blockNumber, earned: total });
      series.set(key, line);
    }
  }
  return [...series.values()].map((line) => ({ ...line, points: thinned(line.points) }));
}

/** Points a line of the chart keeps: past this many, evenly spaced ones, the first and the last among them. */
const MAX_POINTS = 200;

function thinned<T>(points: T[]): T[] {
  if (points.length <= MAX_POINTS) return points;
  return Array.from({ length: MAX_POINTS }, (_, i) => points[Math.round((i * (points.length - 1)) / (MAX_POINTS - 1))]);
}

/** The contributor's view of `rows.account`, as of `rows.report.head`. */
export function accountView(rows: AccountRows): AccountBody {
  const { report, releases, forwards, disputes, lineages } = rows;
  const { datasets, slots, models, usages, vaults } = report;
  const now: AsOfBody = report.head;
  const tokenOf = new Map(vaults.map((v) => [v.id, v.token]));
  const modelById = new Map(models.map((m) => [m.id, m]));

  // Per token: earned = released + owed over the edges held now; claimed = what this account was paid; a claim
  // pays what is claimable and what the forwards it sends first add.
  const gains = rows.forwarding === undefined ? new Map<Hex, bigint>() : forwardGains(report, rows.forwarding);
  const claimedIn = new Map<Hex, bigint>();
  for (const c of rows.claimed ?? releases) claimedIn.set(c.vault, (claimedIn.get(c.vault) ?? 0n) + c.amount);
  const tokens = vaults.map((v) => {
    const mine = report.edges.filter((e) => e.vault === v.id);
    const claimed = claimedIn.get(v.id) ?? 0n;
    const owed = mine.reduce((s, e) => s + e.owed, 0n);
    const claimable = mine.reduce((s, e) => s + e.claimable, 0n);
    const claimPays = claimable + (gains.get(v.id) ?? 0n);
    return { token: v.token, vault: v.id, claimed, owed, claimable, claimPays, earned: claimed + owed };
  });

  // Per (vault, model): the fine-tunes that forwarded into its pool, each with its first block and its total.
  const fedInto = new Map<string, Map<Hex, { first: bigint; amount: bigint }>>();
  const feeds =
    rows.fedBy ??
    forwards.map((f) => ({ vault: f.vault, parent: f.parent, child: f.child, first: f.blockNumber, amount: f.amount }));
  for (const f of feeds) {
    const key = `${f.vault}:${f.parent}`;
    const children = fedInto.get(key) ?? new Map<Hex, { first: bigint; amount: bigint }>();
    const seen = children.get(f.child);
    children.set(f.child, {
      first: seen === undefined || f.first < seen.first ? f.first : seen.first,
      amount: (seen?.amount ?? 0n) + f.amount,
    });
    fedInto.set(key, children);
  }
  // Rows by dataset, read once each (a crowd contributor's 2,000 datasets filtered every list 2,000 times).
  const group = <T>(items: T[], key: (item: T) => string) => {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const k = key(item);
      const list = groups.get(k);
      if (list === undefined) groups.set(k, [item]);
      else list.push(item);
    }
    return groups;
  };
  const slotsIn = group(slots, (s) => s.dataset);
  const usagesIn = group(usages, (u) => u.dataset);
  const disputesOn = group(disputes, (x) => x.dataset);
  const slotAt = new Map(slots.map((s) => [`${s.dataset}:${s.index}`, s]));
  const usageOf = new Map(usages.map((u) => [`${u.model}:${u.dataset}`, u]));

  return {
    account: rows.account,
    asOf: now,
    claimDelay: report.claimDelay,
    tokens,
    datasets: datasets.map((d) => {
      const on = disputesOn.get(d.id) ?? [];
      const open = on.find((x) => x.status === "open" || x.status === "upheld");
      const { status, state, payableFrom } = standing(d, now, report.claimDelay);
      return {
        id: d.id,
        registrant: d.registrant,
        metadataURI: d.metadataURI,
        status,
        state,
        provisionalUntil: d.provisionalUntil,
        payableFrom,
        openDispute: open === undefined ? null : disputeView(open),
        disputes: on.map(disputeView),
        slots: (slotsIn.get(d.id) ?? []).map((s) => ({ index: s.index, shares: s.shares, totalShares: s.totalShares })),
        models: (usagesIn.get(d.id) ?? []).map((u) => {
          const m = modelById.get(u.model)!;
          return {
            id: m.id,
            owner: m.owner,
            metadataURI: m.metadataURI,
            weight: u.weight,
            totalWeight: m.totalWeight,
            parent: m.parent ?? null,
            // Past its parent, nearest first, down to the base model.
            ancestors: (lineages.get(m.id) ?? []).slice(2).map((a) => a.id),
          };
        }),
      };
    }),
    edges: report.edges,
    // Why each payment arrived: the model it came through (and the derived models that forwarded royalties
    // into that model's pool), the dataset and the share.
    payments: releases.map((r) => {
      const m = modelById.get(r.model);
      const slot = slotAt.get(`${r.dataset}:${r.index}`);
      const usage = usageOf.get(`${r.model}:${r.dataset}`);
      return {
        token: tokenOf.get(r.vault) ?? r.vault,
        vault: r.vault,
        amount: r.amount,
        blockNumber: r.blockNumber,
        timestamp: r.timestamp,
        transaction: r.transaction,
        path: {
          fedBy: [...(fedInto.get(`${r.vault}:${r.model}`) ?? [])]
            .filter(([, fed]) => fed.first <= r.blockNumber)
            .map(([child, fed]) => ({ model: child, forwarded: fed.amount })),
          model: r.model,
          parent: m?.parent ?? null,
          dataset: r.dataset,
          weight: usage?.weight ?? null,
          totalWeight: m?.totalWeight ?? null,
          index: r.index,
          shares: slot?.shares ?? null,
          totalShares: slot?.totalShares ?? null,
        },
      };
    }),
    history: earningsHistory(rows),
  };
}
