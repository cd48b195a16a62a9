/**
 * A scripted history on a running node, for the indexer's tests, its benchmark and a dashboard worth
 * looking at: four datasets (one shared, one later frozen, one reassigned by a ruling, one cooling
 * off at the end), a model, a fine-tune of it with a chain of 66 fine-tunes below it (the deepest paid once), a model of the
 * last dataset, two reward tokens, thousands of deposits (a hundred per
 * transaction through the vault's `multicall`), claims, share moves, royalty forwards and disputes.
 *
 *   npx hardhat node --hostname 127.0.0.1 &
 *   node --import tsx scripts/history.ts [--deposits N] [--extra-datasets N] [--out addresses.json] [--rpc URL]
 *
 * It deploys its own contracts (commit delay 0, a one-hour claim cooling-off) and writes their
 * addresses, chain and first block to `--out` (default .datadividends/history.json), the file the
 * indexer reads through DD_ADDRESSES.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

import {
  JsonRpcProvider,
  ZeroHash,
  getAddress,
  id as label,
  toQuantity,
  type JsonRpcSigner,
  type Signer,
} from "ethers";

import { deployDataDividends, deployTokenVault } from "../src/sdk/deploy.js";
import { modelIdOf, sortByAscendingId } from "../src/protocol/ids.js";
import { DEFAULT_DEPLOY_PARAMETERS } from "../src/sdk/parameters.js";
import { DataRewardToken__factory, type RewardVault } from "../src/typechain.js";

/** How many fine-tunes deep the history's longest lineage goes below its fine-tune. */
export const DEEP_LINEAGE = 66;

export interface HistoryAddresses {
  chainId: number;
  token: string;
  datasets: string;
  models: string;
  vault: string;
  vaults: { token: string; vault: string }[];
  fromBlock: number;
}

export interface History {
  addresses: HistoryAddresses;
  /** The accounts the history pays, by role. */
  people: Record<"alice" | "bob" | "carol" | "gina" | "helen" | "payer" | "admin" | "challenger", string>;
  datasets: Record<"shared" | "frozen" | "ruled" | "fresh", string>;
  models: Record<"base" | "fineTune" | "late", string>;
  /** Events the contracts emitted (the indexer's input). */
  events: number;
}

export interface HistoryOptions {
  /** Deposits to spread over the two models and two tokens (each one event). Default 400. */
  deposits?: number;
  /** Deposits per `multicall` transaction. Default 100. */
  perTransaction?: number;
  /** Seconds a new dataset waits before its shares are paid. Default 3600. */
  claimDelay?: bigint;
  /**
   * Datasets no model declares, each shared by Alice and a stranger: what a busy registry holds, and what
   * a log scan for Alice's shares must wade through. Default 0.
   */
  extraDatasets?: number;
}

const ONE = 10n ** 18n;
const URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/manifest.json";

function registration(tag: string, holders: { address: string; shares: number }[]) {
  const sorted = sortByAscendingId(holders, (h) => h.address);
  return {
    contentHash: label(tag),
    metadataURI: URI,
    contributors: sorted.map((h) => h.address),
    shares: sorted.map((h) => BigInt(h.shares)),
  };
}

/** Plays the history on the node behind `provider`, with its unlocked accounts. */
export async function playHistory(provider: JsonRpcProvider, options: HistoryOptions = {}): Promise<History> {
  const total = options.deposits ?? 400;
  const perTransaction = options.perTransaction ?? 100;
  const accounts = await provider.listAccounts();
  if (accounts.length < 9) throw new Error(`the node has ${accounts.length} unlocked accounts; the history needs 9`);
  const [admin, alice, bob, carol, gina, helen, payer, challenger, other]: JsonRpcSigner[] = accounts;
  const [a, b, c, g, h, p] = await Promise.all([alice, bob, carol, gina, helen, payer].map((s) => s.getAddress()));
  const fromBlock = await provider.getBlockNumber();
  let events = 0;

  const { token, datasets, models, vault } = await deployDataDividends(admin, {
    ...DEFAULT_DEPLOY_PARAMETERS,
    commitDelay: 0n,
    claimDelay: options.claimDelay ?? 3600n,
    // A short appeal window: the upheld ruling below is executed as soon as it has passed.
    appealWindow: 60n,
    initialSupply: 10n ** 26n,
  });
  // A second reward token (a stand-in for a stablecoin) with its own vault on the same registries.
  const stable = await new DataRewardToken__factory(other).deploy(
    "Stable",
    "USDS",
    10n ** 27n,
    p,
    10n ** 26n,
    0n,
    await other.getAddress(),
  );
  await stable.waitForDeployment();
  const stableVault = await deployTokenVault(admin, await stable.getAddress(), { datasets, models });
  await (await token.transfer(p, 10n ** 25n)).wait();
  await (await token.connect(payer).approve(vault, 2n ** 255n)).wait();
  await (await stable.connect(payer).approve(stableVault, 2n ** 255n)).wait();

  const shared = registration("history/shared", [
    { address: a, shares: 3 },
    { address: b, shares: 1 },
  ]);
  const frozen = registration("history/frozen", [
    { address: b, shares: 1 },
    { address: c, shares: 1 },
  ]);
  const ruled = registration("history/ruled", [
    { address: a, shares: 1 },
    { address: c, shares: 2 },
  ]);
  for (const [signer, r] of [
    [alice, shared],
    [bob, frozen],
    [carol, ruled],
  ] as const) {
    await (await datasets.connect(signer).register(r, ZeroHash)).wait();
    events += 1;
  }
  const sortedIds = sortByAscendingId([shared.contentHash, frozen.contentHash], (x) => x);
  const base = {
    artifactHash: label("history/base-model"),
    metadataURI: URI,
    datasets: sortedIds,
    weights: sortedIds.map((x): bigint => (x === shared.contentHash ? 2n : 1n)),
    parent: ZeroHash,
    parentWeight: 0n,
    minRoyaltyBps: 1000n,
  };
  const owner = models.connect(admin);
  /** Registers `model` (with its declaration) and returns its ID, which the rulebook derives (no dry run). */
  const registered = async (model: typeof base): Promise<string> => {
    await (await owner.registerModel(model)).wait();
    return modelIdOf(admin.address, model.artifactHash);
  };
  /** A fine-tune of `parent` on the ruled dataset, with a parent edge of 1. */
  const tuneOf = (artifact: string, parent: string, weight: bigint) => ({
    artifactHash: label(artifact),
    metadataURI: URI,
    datasets: [ruled.contentHash],
    weights: [weight],
    parent,
    parentWeight: 1n,
    minRoyaltyBps: 0n,
  });
  const baseId = await registered(base);
  const fine = tuneOf("history/fine-tune", baseId, 3n);
  const fineId = await registered(fine);
  events += 4;
  // A lineage deeper than any cap a copy of the forwarding rule once had (64): fine-tunes of fine-tunes
  // below the fine-tune, the deepest paid once, so a claim through the base model forwards every hop.
  let deepest = fineId;
  for (let depth = 1; depth <= DEEP_LINEAGE; depth++) {
    deepest = await registered(tuneOf(`history/deep-tune-${depth}`, deepest, 1n));
    events += 2;
  }
  // Past the cooling-off of the first three datasets.
  await provider.send("evm_increaseTime", [toQuantity((options.claimDelay ?? 3600n) + 1n)]);
  await provider.send("evm_mine", []);

  /** Deposits `count` amounts (deterministic, uneven so that rounding shows), round-robin over models and vaults. */
  let deposited = 0;
  const pay = async (count: number) => {
    for (let done = 0; done < count; done += perTransaction) {
      const n = Math.min(perTransaction, count - done);
      const byVault = new Map<RewardVault, string[]>();
      for (let i = 0; i < n; i++) {
        const k = deposited + i;
        const target = k % 5 === 4 ? stableVault : vault;
        const model = k % 3 === 0 ? fineId : baseId;
        const amount = ONE / 7n + BigInt(k) * 1_000_003n;
        byVault.set(target, [
          ...(byVault.get(target) ?? []),
          target.interface.encodeFunctionData("deposit", [model, amount]),
        ]);
      }
      for (const [target, calls] of byVault) await (await target.connect(payer).multicall(calls)).wait();
      deposited += n;
      events += n;
    }
  };
  const claim = async (
    signer: Signer,
    target: RewardVault,
    requests: { model: string; dataset: string; index: number }[],
  ) => {
    const receipt = await (await target.connect(signer).claim(await signer.getAddress(), requests)).wait();
    const at = getAddress(await target.getAddress());
    events += receipt!.logs.filter((l) => getAddress(l.address) === at).length;
  };
  const indexOf = (r: { contributors: string[] }, who: string) => r.contributors.indexOf(who);

  // The deepest fine-tune is paid once: its royalty climbs every hop to the base model when claimed.
  await (await vault.connect(payer).deposit(deepest, ONE)).wait();
  events += 1;
  await pay(Math.floor(total / 2));
  // Bob claims what the shared dataset paid him through the base model; the fine-tune forwards its royalty.
  await claim(bob, vault, [{ model: baseId, dataset: shared.contentHash, index: indexOf(shared, b) }]);
  // Alice claims the same edge now and again at the end (releases add up); Bob then moves his slot to Helen.
  await claim(alice, vault, [{ model: baseId, dataset: shared.contentHash, index: indexOf(shared, a) }]);
  await (await datasets.connect(bob).moveShare(shared.contentHash, indexOf(shared, b), h)).wait();
  events += 1;
  await (await vault.forward(fineId, baseId)).wait();
  await (await stableVault.forward(fineId, baseId)).wait();
  events += 2;
  // Alice moves her share of the ruled dataset to Gina.
  await (await datasets.connect(alice).moveShare(ruled.contentHash, indexOf(ruled, a), g)).wait();
  events += 1;
  // A flag on the ruled dataset, upheld: Carol's slot goes to Helen.
  const bond = await datasets.flagBond();
  await (
    await datasets.connect(challenger).flag(ruled.contentHash, 2, "ipfs://evidence/ruled", { value: bond })
  ).wait();
  await pay(Math.ceil(total / 4));
  const holders = ruled.contributors.map((x) => (x === c ? h : x === a ? g : x));
  await (await datasets.connect(admin).upholdFlag(ruled.contentHash, 1n, c, holders)).wait();
  await provider.send("evm_increaseTime", [toQuantity(60n)]);
  await (await datasets.connect(other).executeRuling(ruled.contentHash, 1n, c, holders)).wait();
  events += 1;
  // A flag on the frozen dataset, left open: it pays nothing at the end.
  await (
    await datasets.connect(challenger).flag(frozen.contentHash, 3, "ipfs://evidence/frozen", { value: bond })
  ).wait();
  events += 3;
  await pay(total - deposited);
  await (await vault.forward(fineId, baseId)).wait();
  events += 1;
  await claim(alice, vault, [{ model: baseId, dataset: shared.contentHash, index: indexOf(shared, a) }]);
  // A dataset registered last, still cooling off when the history ends; the fine-tune never declared it.
  const fresh = registration("history/fresh", [{ address: a, shares: 1 }]);
  await (await datasets.connect(alice).register(fresh, ZeroHash)).wait();
  // A model declaring it at once, paid at once: what it owes Alice cannot be claimed yet.
  const late = {
    ...fine,
    artifactHash: label("history/late-model"),
    datasets: [fresh.contentHash],
    weights: [1n],
    parent: ZeroHash,
    parentWeight: 0n,
  };
  const lateId = await registered(late);
  await (await vault.connect(payer).deposit(lateId, ONE)).wait();
  events += 4;

  // Sent fifty at a time without waiting for each (ethers would poll for every one): the node assigns
  // the nonces, and the batch is done once its last transaction has a receipt.
  const extra = options.extraDatasets ?? 0;
  for (let done = 0; done < extra; done += 50) {
    const batch = Array.from({ length: Math.min(50, extra - done) }, (_, i) =>
      registration(`history/extra/${done + i}`, [
        { address: a, shares: 1 },
        { address: getAddress(`0x${(done + i + 1).toString(16).padStart(40, "0")}`), shares: 1 },
      ]),
    );
    let last = "";
    for (const r of batch) {
      last = await other.sendUncheckedTransaction({
        to: await datasets.getAddress(),
        data: datasets.interface.encodeFunctionData("register", [r, ZeroHash]),
        gasLimit: 400_000n,
      });
    }
    for (let receipt = null; receipt === null;) {
      receipt = await provider.getTransactionReceipt(last);
      if (receipt === null) await new Promise((r) => setTimeout(r, 20));
      else if (receipt.status !== 1) throw new Error(`registering extra dataset ${done + batch.length - 1} failed`);
    }
    events += batch.length;
  }

  const network = await provider.getNetwork();
  const addresses: HistoryAddresses = {
    chainId: Number(network.chainId),
    token: await token.getAddress(),
    datasets: await datasets.getAddress(),
    models: await models.getAddress(),
    vault: await vault.getAddress(),
    vaults: [{ token: await stable.getAddress(), vault: await stableVault.getAddress() }],
    fromBlock,
  };
  return {
    addresses,
    people: {
      alice: a,
      bob: b,
      carol: c,
      gina: g,
      helen: h,
      payer: p,
      admin: await admin.getAddress(),
      challenger: await challenger.getAddress(),
    },
    datasets: {
      shared: shared.contentHash,
      frozen: frozen.contentHash,
      ruled: ruled.contentHash,
      fresh: fresh.contentHash,
    },
    models: { base: baseId, fineTune: fineId, late: lateId },
    events,
  };
}

/** `--name value` from argv. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rpc = option("rpc") ?? process.env.DD_RPC_URL ?? "http://127.0.0.1:8545";
  const out = option("out") ?? ".datadividends/history.json";
  const deposits = Number(option("deposits") ?? 400);
  const extraDatasets = Number(option("extra-datasets") ?? 0);
  const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true });
  try {
    const history = await playHistory(provider, { deposits, extraDatasets });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify({ ...history.addresses, people: history.people }, null, 2)}\n`);
    console.log(`played ${history.events} events on ${rpc}; addresses in ${out} (DD_ADDRESSES=${out} npm run indexer)`);
  } catch (error) {
    console.error(`history: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    provider.destroy();
  }
}
