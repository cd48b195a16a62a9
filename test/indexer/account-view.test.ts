/**
 * The contributor's view (indexer/src/api/account-view.ts) as a pure function over rows: what it says per
 * token, per dataset and per payment, and that it answers exactly the fields `AccountBody` declares.
 */
import { expect } from "chai";

import {
  accountView,
  forwardGains,
  standing,
  type AccountRows,
  type DatasetRow,
} from "../../indexer/src/api/account-view.js";
import type { AccountBody } from "../../src/protocol/api.js";

const hex = (n: number, bytes = 32): `0x${string}` => `0x${n.toString(16).padStart(bytes * 2, "0")}`;
const ALICE = hex(0xa11ce, 20);
const VAULT = hex(0xfa, 20);
const TOKEN = hex(0x70, 20);
const DATASET = hex(1);
const BASE = hex(2);
const TUNE = hex(3);

const dataset: DatasetRow = {
  id: DATASET,
  registrant: ALICE,
  metadataURI: "ipfs://d",
  provisionalUntil: 0n,
  registeredAt: 100n,
  frozen: false,
  retired: false,
  reassigned: false,
};
const head = { number: 50n, timestamp: 1_000n, clock: 50n };
const money = (vault: `0x${string}`, amount: bigint, block: bigint) => ({
  vault,
  amount,
  blockNumber: block,
  timestamp: block * 10n,
  transaction: hex(Number(block)),
});

function rows(): AccountRows {
  return {
    account: ALICE,
    report: {
      head,
      claimDelay: 0n,
      edges: [
        {
          token: TOKEN,
          vault: VAULT,
          model: BASE,
          dataset: DATASET,
          index: 0,
          released: 30n,
          owed: 20n,
          claimable: 20n,
          state: "payable",
        },
      ],
      datasets: [dataset],
      slots: [{ dataset: DATASET, index: 0, shares: 1n, totalShares: 2n }],
      models: [
        { id: BASE, owner: ALICE, metadataURI: "ipfs://m", parent: null, totalWeight: 1n },
        { id: TUNE, owner: ALICE, metadataURI: "ipfs://t", parent: BASE, totalWeight: 10n },
      ],
      usages: [{ model: BASE, dataset: DATASET, weight: 1n }],
      vaults: [{ id: VAULT, token: TOKEN }],
    },
    releases: [{ ...money(VAULT, 30n, 9n), model: BASE, dataset: DATASET, index: 0 }],
    inflows: [{ ...money(VAULT, 80n, 5n), model: BASE, inflowAfter: 80n }],
    forwards: [{ ...money(VAULT, 20n, 7n), child: TUNE, parent: BASE, parentInflowAfter: 100n }],
    disputes: [],
    lineages: new Map([[TUNE, [{ id: TUNE }, { id: BASE }]]]),
  };
}

describe("the contributor's view, from rows", function () {
  it("says per token what was claimed, is owed and was earned (claimed + owed)", function () {
    const view = accountView(rows());
    expect(view.tokens).to.deep.equal([
      { token: TOKEN, vault: VAULT, claimed: 30n, owed: 20n, claimable: 20n, claimPays: 20n, earned: 50n },
    ]);
  });

  it("says what a claim pays: the views and what the forwards it sends first add, payable edges only", function () {
    // The fine-tune's pool took 100 and owes its parent 2/10 of it: 20, of which 10 went already. Forwarding
    // the other 10 takes the base pool from 80 to 90; Alice's half of the base's dataset earns 45 instead of 40.
    const forwarding = {
      hops: [{ child: TUNE, parent: BASE }],
      pools: [
        { vault: VAULT, model: BASE, inflow: 80n, forwardedOut: 0n },
        { vault: VAULT, model: TUNE, inflow: 100n, forwardedOut: 10n },
      ],
      weights: [{ id: TUNE, parentWeight: 2n, totalWeight: 10n }],
    };
    expect(forwardGains(rows().report, forwarding)).to.deep.equal(new Map([[VAULT, 5n]]));
    expect(accountView({ ...rows(), forwarding }).tokens[0]).to.include({ claimable: 20n, claimPays: 25n });
    // Nothing more to forward: the claim pays the views.
    const done = {
      ...forwarding,
      pools: forwarding.pools.map((p) => ({ ...p, forwardedOut: p.model === TUNE ? 20n : 0n })),
    };
    expect(forwardGains(rows().report, done).get(VAULT)).to.equal(0n);
    // A slot cooling off is paid nothing now, forwards or not.
    const cooling = rows();
    cooling.report.edges[0] = { ...cooling.report.edges[0], state: "cooling-off", claimable: 0n };
    expect(forwardGains(cooling.report, forwarding).get(VAULT)).to.equal(0n);
  });

  it("tells each payment's path: the model, the fine-tune that fed its pool, the share", function () {
    const [payment] = accountView(rows()).payments;
    expect(payment.path.fedBy).to.deep.equal([{ model: TUNE, forwarded: 20n }]);
    expect(payment.path).to.include({ model: BASE, dataset: DATASET, index: 0, shares: 1n, totalShares: 2n });
  });

  it("draws earnings over time: half the base pool's inflow after the deposit, then after the forward", function () {
    const [line] = accountView(rows()).history;
    expect(line.points.map((p) => p.earned)).to.deep.equal([40n, 50n]);
  });

  it("draws the newest window of deposits alone from the inflows stored with them, thinned to 200 points", function () {
    // 1,000 deposits of 2 each after 5,000 that came before the window: the line starts from the pool's inflow
    // before the window's first deposit (the older ones are not read), and ends at the pool's inflow now.
    const inflows = Array.from({ length: 1000 }, (_, i) => ({
      ...money(VAULT, 2n, BigInt(100 + i)),
      model: BASE,
      inflowAfter: 5_000n + 2n * BigInt(i + 1),
    }));
    const view = accountView({
      ...rows(),
      inflows: inflows.reverse(), // newest first, as the route reads them
      forwards: [],
      pools: [{ vault: VAULT, model: BASE, inflow: 7_000n }],
    });
    const [line] = view.history;
    expect(line.points).to.have.length(200);
    expect(line.points[0]).to.deep.include({ block: 100n, earned: 2_501n }); // half of 5,002
    expect(line.points[199]).to.deep.include({ block: 1_099n, earned: 3_500n }); // half of 7,000
    // A pool the window does not reach holds still at what it is now: no deposit into it here, so no point of its own.
    const other = accountView({
      ...rows(),
      inflows: [],
      forwards: [],
      pools: [{ vault: VAULT, model: BASE, inflow: 7_000n }],
    });
    expect(other.history).to.deep.equal([]);
  });

  it("answers exactly the fields AccountBody declares (no database row spread into it)", function () {
    const view = accountView({
      ...rows(),
      disputes: [
        {
          dataset: DATASET,
          number: 1n,
          challenger: ALICE,
          reason: 2,
          status: "open",
          evidenceURI: "ipfs://e",
          openedAt: 5n,
          executableAt: null,
        },
      ],
    });
    const keys: Record<keyof AccountBody["datasets"][number], true> = {
      id: true,
      registrant: true,
      metadataURI: true,
      status: true,
      state: true,
      provisionalUntil: true,
      payableFrom: true,
      openDispute: true,
      disputes: true,
      slots: true,
      models: true,
    };
    expect(Object.keys(view.datasets[0]).sort()).to.deep.equal(Object.keys(keys).sort());
    expect(view.datasets[0].openDispute?.status).to.equal("open");
  });

  it("names a dataset's status in the order a contributor needs it: frozen, provisional, retired, cooling-off", function () {
    const at = (d: Partial<DatasetRow>, claimDelay = 0n) => standing({ ...dataset, ...d }, head, claimDelay).status;
    expect(at({ frozen: true, provisionalUntil: 60n, retired: true })).to.equal("frozen");
    expect(at({ provisionalUntil: 50n, retired: true })).to.equal("provisional");
    expect(at({ provisionalUntil: 49n, retired: true })).to.equal("retired");
    expect(at({}, 901n)).to.equal("cooling-off");
    expect(at({ reassigned: true })).to.equal("reassigned");
    expect(at({})).to.equal("active");
  });
});
