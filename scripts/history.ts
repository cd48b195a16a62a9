/**
 * A scripted history on a running node, for the indexer's tests, its benchmark and a dashboard worth
 * looking at: four datasets (one shared, one later frozen, one reassigned by a ruling, one cooling
 * off at the end), a model, a fine-tune of it with a chain of 66 fine-tunes below it (the deepest paid
 * once), a model of the last dataset, two reward tokens, thousands of deposits (a hundred per transaction
 * through the vault's `multicall`), claims, share moves, royalty forwards and disputes.
 *
 *   npx hardhat node --hostname 127.0.0.1 &
 *   node --import tsx scripts/history.ts [--deposits N] [--extra-datasets N] [--out addresses.json] [--rpc URL]
 *
 * Each step is a method of `HistoryPlayer`, which a test can call in turn; `playHistory` plays them all.
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
  type ContractTransactionResponse,
  type JsonRpcSigner,
} from "ethers";

import { deployDataDividends, deployTokenVault } from "../src/hardhat/deploy.js";
import { modelIdOf, sortByAscendingId } from "../src/protocol/ids.js";
import { DEFAULT_DEPLOY_PARAMETERS } from "../src/hardhat/parameters.js";
import type { DeploymentRecord } from "../src/protocol/record.js";
import { waitForReceipt } from "../src/sdk/waiting.js";
import { DataRewardToken__factory, type RewardVault } from "../src/typechain.js";

/**
 * A sent transaction's receipt, as the SDK waits for one: bounded (a minute), its receipt asked for rather than
 * only awaited through block events (an idle node that automines sends none after the transaction's own block).
 */
const mined = (tx: ContractTransactionResponse) => waitForReceipt(tx, { txTimeoutMs: 60_000 });

/** How many fine-tunes deep the history's longest lineage goes below its fine-tune. */
export const DEEP_LINEAGE = 66;

/** The history's deployment: the one address shape, its chain and its first block. */
export type HistoryAddresses = DeploymentRecord & { chainId: number; fromBlock: number };

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
  /** Fine-tunes below the fine-tune, the deepest paid once. Default DEEP_LINEAGE (66). */
  deepLineage?: number;
}

const ONE = 10n ** 18n;
/** The IPFS folder the history's metadata URIs point into (a test serves it as a gateway would). */
export const METADATA_CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
const datasetURI = (tag: string) => `ipfs://${METADATA_CID}/datasets/${tag.split("/").pop()}.json`;
const modelURI = (tag: string) => `ipfs://${METADATA_CID}/models/${tag.split("/").pop()}.md`;

/** The names the history's manifests and model cards give, by their path under METADATA_CID. */
export const HISTORY_NAMES: Record<string, string> = {
  "datasets/shared.json": "Street noise recordings",
  "datasets/frozen.json": "Harbour camera stills",
  "datasets/ruled.json": "Orchard soil samples",
  "datasets/fresh.json": "Dawn bird calls",
  "models/base-model.md": "City sound forecaster",
  "models/fine-tune.md": "Coastal fine-tune",
  "models/late-model.md": "Bird call tagger",
};

/**
 * What the history's metadata URI `path` (under METADATA_CID) holds: a Croissant-style manifest for a
 * dataset, a model card for a model; undefined for a path it never registered.
 */
export function historyMetadata(path: string): string | undefined {
  const name =
    HISTORY_NAMES[path] ??
    (/^models\/deep-tune-(\d+)\.md$/.exec(path) ? `Deep tune ${path.replace(/\D/g, "")}` : undefined);
  if (name === undefined) return undefined;
  return path.startsWith("datasets/")
    ? JSON.stringify({ "@type": "sc:Dataset", name, license: "CC-BY-4.0" })
    : `---\nlicense: apache-2.0\n---\n\n# ${name}\n\nA model of the scripted history.\n`;
}

function registration(tag: string, holders: { address: string; shares: number }[]) {
  const sorted = sortByAscendingId(holders, (h) => h.address);
  return {
    contentHash: label(tag),
    metadataURI: datasetURI(tag),
    contributors: sorted.map((h) => h.address),
    shares: sorted.map((h) => BigInt(h.shares)),
  };
}

/** A dataset registration as the registry takes it, contributors in ascending order. */
type Registration = ReturnType<typeof registration>;
/** A model registration as the registry takes it. */
interface ModelRegistration {
  artifactHash: string;
  metadataURI: string;
  datasets: string[];
  weights: bigint[];
  parent: string;
  parentWeight: bigint;
  minRoyaltyBps: bigint;
}
type Deployed = Awaited<ReturnType<typeof deployDataDividends>>;
type Stable = Awaited<ReturnType<DataRewardToken__factory["deploy"]>>;

/**
 * What every step of the history works with: the node, the options, the accounts in their roles, and the
 * tally of events and deposits the steps add to.
 */
export interface Cast {
  provider: JsonRpcProvider;
  options: Required<HistoryOptions>;
  signers: Record<keyof History["people"] | "other", JsonRpcSigner>;
  people: History["people"];
  fromBlock: number;
  tally: { events: number; deposited: number };
}

/** `deploy`'s result: the contracts, with a second token and its vault. */
export type Contracts = Deployed & { stable: Stable; stableVault: RewardVault };

/** `registerDatasets`'s result: the three datasets as registered. */
export interface Datasets {
  shared: Registration;
  frozen: Registration;
  ruled: Registration;
}

/** `registerModels`'s result: the fine-tune's registration and the models' IDs. */
export interface Models {
  fine: ModelRegistration;
  ids: { base: string; fineTune: string; deepest: string };
}

/** `registerLate`'s result: the dataset registered last and the model that declares it. */
export interface Late {
  fresh: Registration;
  late: string;
}

/**
 * The history's steps, in order (`playHistory` plays them all; a test may play a part): `start`, `deploy`,
 * `registerDatasets`, `registerModels`, `payAndClaim`, `dispute`, `registerLate`, `registerExtras`, then
 * `result`. Each takes what the steps before it returned: a step called before the steps it needs does not
 * compile.
 */
export const history = {
  /** The node behind `provider`, with its first nine unlocked accounts in their roles. */
  async start(provider: JsonRpcProvider, options: HistoryOptions = {}): Promise<Cast> {
    const accounts = await provider.listAccounts();
    if (accounts.length < 9) throw new Error(`the node has ${accounts.length} unlocked accounts; the history needs 9`);
    const [admin, alice, bob, carol, gina, helen, payer, challenger, other] = accounts;
    const signers = { admin, alice, bob, carol, gina, helen, payer, challenger, other };
    const names = Object.keys(signers).filter((k) => k !== "other") as (keyof History["people"])[];
    return {
      provider,
      options: {
        deposits: options.deposits ?? 400,
        perTransaction: options.perTransaction ?? 100,
        claimDelay: options.claimDelay ?? 3600n,
        extraDatasets: options.extraDatasets ?? 0,
        deepLineage: options.deepLineage ?? DEEP_LINEAGE,
      },
      signers,
      people: Object.fromEntries(names.map((k) => [k, signers[k].address])) as History["people"],
      fromBlock: await provider.getBlockNumber(),
      tally: { events: 0, deposited: 0 },
    };
  },

  /** Deploys the contracts (commit delay 0, a short appeal window) and a second token with its own vault. */
  async deploy(cast: Cast): Promise<Contracts> {
    const { admin, payer, other } = cast.signers;
    const deployed = await deployDataDividends(admin, {
      ...DEFAULT_DEPLOY_PARAMETERS,
      commitDelay: 0n,
      claimDelay: cast.options.claimDelay,
      // A short appeal window: the upheld ruling is executed as soon as it has passed.
      appealWindow: 60n,
      initialSupply: 10n ** 26n,
    });
    // A second reward token (a stand-in for a stablecoin) with its own vault on the same registries.
    const stable = await new DataRewardToken__factory(other).deploy(
      "Stable",
      "USDS",
      10n ** 27n,
      payer.address,
      10n ** 26n,
      0n,
      other.address,
    );
    await stable.waitForDeployment();
    const stableVault = await deployTokenVault(admin, await stable.getAddress(), deployed);
    await mined(await deployed.token.transfer(payer.address, 10n ** 25n));
    await mined(await deployed.token.connect(payer).approve(deployed.vault, 2n ** 255n));
    await mined(await stable.connect(payer).approve(stableVault, 2n ** 255n));
    return { ...deployed, stable, stableVault };
  },

  /** Alice, Bob and Carol each register a dataset: the shared one, the one later frozen, the one later ruled on. */
  async registerDatasets(cast: Cast, contracts: Contracts): Promise<Datasets> {
    const { alice: a, bob: b, carol: c } = cast.people;
    const registered: Datasets = {
      shared: registration("history/shared", [
        { address: a, shares: 3 },
        { address: b, shares: 1 },
      ]),
      frozen: registration("history/frozen", [
        { address: b, shares: 1 },
        { address: c, shares: 1 },
      ]),
      ruled: registration("history/ruled", [
        { address: a, shares: 1 },
        { address: c, shares: 2 },
      ]),
    };
    const { alice, bob, carol } = cast.signers;
    for (const [signer, r] of [
      [alice, registered.shared],
      [bob, registered.frozen],
      [carol, registered.ruled],
    ] as const) {
      await mined(await contracts.datasets.connect(signer).register(r, ZeroHash));
      cast.tally.events += 1;
    }
    return registered;
  },

  /**
   * The base model (on the shared and frozen datasets), its fine-tune (on the ruled one) and a chain of
   * `deepLineage` fine-tunes below the fine-tune: deeper than any cap a copy of the forwarding rule once had
   * (64). Then the clock passes the first three datasets' cooling-off.
   */
  async registerModels(cast: Cast, contracts: Contracts, datasets: Datasets): Promise<Models> {
    const { shared, frozen, ruled } = datasets;
    const sortedIds = sortByAscendingId([shared.contentHash, frozen.contentHash], (x) => x);
    const base = {
      artifactHash: label("history/base-model"),
      metadataURI: modelURI("history/base-model"),
      datasets: sortedIds,
      weights: sortedIds.map((x): bigint => (x === shared.contentHash ? 2n : 1n)),
      parent: ZeroHash,
      parentWeight: 0n,
      minRoyaltyBps: 1000n,
    };
    const baseId = await registerModel(cast, contracts, base);
    const fine = tuneOf(ruled, "history/fine-tune", baseId, 3n);
    const fineId = await registerModel(cast, contracts, fine);
    cast.tally.events += 4;
    let deepest = fineId;
    for (let depth = 1; depth <= cast.options.deepLineage; depth++) {
      deepest = await registerModel(cast, contracts, tuneOf(ruled, `history/deep-tune-${depth}`, deepest, 1n));
      cast.tally.events += 2;
    }
    await cast.provider.send("evm_increaseTime", [toQuantity(cast.options.claimDelay + 1n)]);
    await cast.provider.send("evm_mine", []);
    return { fine, ids: { base: baseId, fineTune: fineId, deepest } };
  },

  /**
   * The deepest fine-tune is paid once (its royalty climbs every hop when claimed), then half the deposits;
   * Bob and Alice claim the shared edge, Bob moves his slot to Helen, the fine-tune forwards its royalty in
   * both tokens, and Alice moves her share of the ruled dataset to Gina.
   */
  async payAndClaim(cast: Cast, contracts: Contracts, datasets: Datasets, models: Models): Promise<void> {
    const { vault, stableVault } = contracts;
    const { alice, bob, payer } = cast.signers;
    const { shared, ruled } = datasets;
    await mined(await vault.connect(payer).deposit(models.ids.deepest, ONE));
    cast.tally.events += 1;
    await pay(cast, contracts, models, Math.floor(cast.options.deposits / 2));
    await claimShared(cast, contracts, shared, models, bob);
    // Alice claims the same edge now and again at the end (releases add up).
    await claimShared(cast, contracts, shared, models, alice);
    await mined(
      await contracts.datasets
        .connect(bob)
        .moveShare(shared.contentHash, shared.contributors.indexOf(bob.address), cast.people.helen),
    );
    cast.tally.events += 1;
    await mined(await vault.forward(models.ids.fineTune, models.ids.base));
    await mined(await stableVault.forward(models.ids.fineTune, models.ids.base));
    cast.tally.events += 2;
    await mined(
      await contracts.datasets
        .connect(alice)
        .moveShare(ruled.contentHash, ruled.contributors.indexOf(alice.address), cast.people.gina),
    );
    cast.tally.events += 1;
  },

  /**
   * A flag on the ruled dataset, upheld and executed (Carol's slot goes to Helen); a flag on the frozen
   * dataset, left open (it pays nothing at the end); the rest of the deposits, a forward and Alice's second claim.
   */
  async dispute(cast: Cast, contracts: Contracts, datasets: Datasets, models: Models): Promise<void> {
    const { datasets: registry, vault } = contracts;
    const { admin, challenger, other, alice } = cast.signers;
    const { alice: a, carol: c, gina: g, helen: h } = cast.people;
    const { ruled, frozen, shared } = datasets;
    const bond = await registry.flagBond();
    await mined(
      await registry.connect(challenger).flag(ruled.contentHash, 2, "ipfs://evidence/ruled", { value: bond }),
    );
    await pay(cast, contracts, models, Math.ceil(cast.options.deposits / 4));
    const holders = ruled.contributors.map((x) => (x === c ? h : x === a ? g : x));
    await mined(await registry.connect(admin).upholdFlag(ruled.contentHash, 1n, c, holders));
    await cast.provider.send("evm_increaseTime", [toQuantity(60n)]);
    await mined(await registry.connect(other).executeRuling(ruled.contentHash, 1n, c, holders));
    cast.tally.events += 1;
    await mined(
      await registry.connect(challenger).flag(frozen.contentHash, 3, "ipfs://evidence/frozen", { value: bond }),
    );
    cast.tally.events += 3;
    await pay(cast, contracts, models, cast.options.deposits - cast.tally.deposited);
    await mined(await vault.forward(models.ids.fineTune, models.ids.base));
    cast.tally.events += 1;
    await claimShared(cast, contracts, shared, models, alice);
  },

  /**
   * A dataset registered last, still cooling off when the history ends (the fine-tune never declared it),
   * and a model declaring it, paid at once: what it owes Alice cannot be claimed yet.
   */
  async registerLate(cast: Cast, contracts: Contracts, models: Models): Promise<Late> {
    const { datasets, vault } = contracts;
    const fresh = registration("history/fresh", [{ address: cast.people.alice, shares: 1 }]);
    await mined(await datasets.connect(cast.signers.alice).register(fresh, ZeroHash));
    const late = await registerModel(cast, contracts, {
      ...models.fine,
      artifactHash: label("history/late-model"),
      metadataURI: modelURI("history/late-model"),
      datasets: [fresh.contentHash],
      weights: [1n],
      parent: ZeroHash,
      parentWeight: 0n,
    });
    await mined(await vault.connect(cast.signers.payer).deposit(late, ONE));
    cast.tally.events += 4;
    return { fresh, late };
  },

  /** `extraDatasets` registrations no model declares, each shared by Alice and a stranger. */
  async registerExtras(cast: Cast, contracts: Contracts): Promise<void> {
    const { datasets } = contracts;
    const { other } = cast.signers;
    const extra = cast.options.extraDatasets;
    // Sent fifty at a time without waiting for each (ethers would poll for every one): the node assigns
    // the nonces, and the batch is done once its last transaction has a receipt.
    for (let done = 0; done < extra; done += 50) {
      const batch = Array.from({ length: Math.min(50, extra - done) }, (_, i) =>
        registration(`history/extra/${done + i}`, [
          { address: cast.people.alice, shares: 1 },
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
        receipt = await cast.provider.getTransactionReceipt(last);
        if (receipt === null) await new Promise((r) => setTimeout(r, 20));
        else if (receipt.status !== 1) throw new Error(`registering extra dataset ${done + batch.length - 1} failed`);
      }
      cast.tally.events += batch.length;
    }
  },

  /** What the history left: the addresses the indexer reads, the people, the datasets and models, the event count. */
  async result(cast: Cast, contracts: Contracts, datasets: Datasets, models: Models, late: Late): Promise<History> {
    const { token, datasets: registry, models: modelRegistry, vault, stable, stableVault } = contracts;
    const network = await cast.provider.getNetwork();
    return {
      addresses: {
        chainId: Number(network.chainId),
        token: await token.getAddress(),
        datasets: await registry.getAddress(),
        models: await modelRegistry.getAddress(),
        vault: await vault.getAddress(),
        vaults: [{ token: await stable.getAddress(), vault: await stableVault.getAddress() }],
        fromBlock: cast.fromBlock,
      },
      people: cast.people,
      datasets: {
        shared: datasets.shared.contentHash,
        frozen: datasets.frozen.contentHash,
        ruled: datasets.ruled.contentHash,
        fresh: late.fresh.contentHash,
      },
      models: { base: models.ids.base, fineTune: models.ids.fineTune, late: late.late },
      events: cast.tally.events,
    };
  },
};

/** Registers `model` (with its declaration) as the admin and returns its ID, which the rulebook derives. */
async function registerModel(cast: Cast, contracts: Contracts, model: ModelRegistration): Promise<string> {
  await mined(await contracts.models.connect(cast.signers.admin).registerModel(model));
  return modelIdOf(cast.people.admin, model.artifactHash);
}

/** A fine-tune of `parent` on the ruled dataset, with a parent edge of 1. */
function tuneOf(ruled: Registration, artifact: string, parent: string, weight: bigint): ModelRegistration {
  return {
    artifactHash: label(artifact),
    metadataURI: modelURI(artifact),
    datasets: [ruled.contentHash],
    weights: [weight],
    parent,
    parentWeight: 1n,
    minRoyaltyBps: 0n,
  };
}

/** Deposits `count` amounts (deterministic, uneven so that rounding shows), round-robin over models and vaults. */
async function pay(cast: Cast, contracts: Contracts, models: Models, count: number): Promise<void> {
  const { vault, stableVault } = contracts;
  for (let done = 0; done < count; done += cast.options.perTransaction) {
    const n = Math.min(cast.options.perTransaction, count - done);
    const byVault = new Map<RewardVault, string[]>();
    for (let i = 0; i < n; i++) {
      const k = cast.tally.deposited + i;
      const target = k % 5 === 4 ? stableVault : vault;
      const model = k % 3 === 0 ? models.ids.fineTune : models.ids.base;
      const amount = ONE / 7n + BigInt(k) * 1_000_003n;
      byVault.set(target, [
        ...(byVault.get(target) ?? []),
        target.interface.encodeFunctionData("deposit", [model, amount]),
      ]);
    }
    for (const [target, calls] of byVault) await mined(await target.connect(cast.signers.payer).multicall(calls));
    cast.tally.deposited += n;
    cast.tally.events += n;
  }
}

/** `signer` claims one edge of the shared dataset through the base model from the DDR vault. */
async function claimShared(
  cast: Cast,
  contracts: Contracts,
  shared: Registration,
  models: Models,
  signer: JsonRpcSigner,
): Promise<void> {
  const { vault } = contracts;
  const index = shared.contributors.indexOf(signer.address);
  const requests = [{ model: models.ids.base, dataset: shared.contentHash, index }];
  const receipt = await mined(await vault.connect(signer).claim(signer.address, requests));
  const at = getAddress(await vault.getAddress());
  cast.tally.events += receipt.logs.filter((l) => getAddress(l.address) === at).length;
}

/** Plays the whole history on the node behind `provider`, with its unlocked accounts: every step in order. */
export async function playHistory(provider: JsonRpcProvider, options: HistoryOptions = {}): Promise<History> {
  const cast = await history.start(provider, options);
  const contracts = await history.deploy(cast);
  const datasets = await history.registerDatasets(cast, contracts);
  const models = await history.registerModels(cast, contracts, datasets);
  await history.payAndClaim(cast, contracts, datasets, models);
  await history.dispute(cast, contracts, datasets, models);
  const late = await history.registerLate(cast, contracts, models);
  await history.registerExtras(cast, contracts);
  return history.result(cast, contracts, datasets, models, late);
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
    await writeFile(out, `${JSON.stringify(history.addresses, null, 2)}\n`);
    console.log(`played ${history.events} events on ${rpc}; addresses in ${out} (DD_ADDRESSES=${out} npm run indexer)`);
  } catch (error) {
    console.error(`history: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    provider.destroy();
  }
}
