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

import { JsonRpcProvider, ZeroHash, getAddress, id as label, toQuantity, type JsonRpcSigner } from "ethers";

import { deployDataDividends, deployTokenVault } from "../src/hardhat/deploy.js";
import { modelIdOf, sortByAscendingId } from "../src/protocol/ids.js";
import { DEFAULT_DEPLOY_PARAMETERS } from "../src/hardhat/parameters.js";
import type { DeploymentRecord } from "../src/protocol/record.js";
import { DataRewardToken__factory, type RewardVault } from "../src/typechain.js";

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
 * The history's state: each step is a method that reads what the steps before it set, so a test can
 * play part of it (`playHistory` plays them all, in order): `deploy`, `registerDatasets`, `registerModels`,
 * `payAndClaim`, `dispute`, `registerLate`, `registerExtras`, then `result`.
 */
export class HistoryPlayer {
  readonly provider: JsonRpcProvider;
  readonly options: Required<HistoryOptions>;
  events = 0;
  signers!: Record<keyof History["people"] | "other", JsonRpcSigner>;
  people!: History["people"];
  fromBlock!: number;
  contracts!: Deployed & { stable: Stable; stableVault: RewardVault };
  shared!: Registration;
  frozen!: Registration;
  ruled!: Registration;
  fresh!: Registration;
  fine!: ModelRegistration;
  ids!: History["models"] & { deepest: string };
  private deposited = 0;

  private constructor(provider: JsonRpcProvider, options: HistoryOptions) {
    this.provider = provider;
    this.options = {
      deposits: options.deposits ?? 400,
      perTransaction: options.perTransaction ?? 100,
      claimDelay: options.claimDelay ?? 3600n,
      extraDatasets: options.extraDatasets ?? 0,
      deepLineage: options.deepLineage ?? DEEP_LINEAGE,
    };
  }

  /** A player on the node behind `provider`, with its first nine unlocked accounts in their roles. */
  static async start(provider: JsonRpcProvider, options: HistoryOptions = {}): Promise<HistoryPlayer> {
    const player = new HistoryPlayer(provider, options);
    const accounts = await provider.listAccounts();
    if (accounts.length < 9) throw new Error(`the node has ${accounts.length} unlocked accounts; the history needs 9`);
    const [admin, alice, bob, carol, gina, helen, payer, challenger, other] = accounts;
    player.signers = { admin, alice, bob, carol, gina, helen, payer, challenger, other };
    const names = Object.keys(player.signers).filter((k) => k !== "other") as (keyof History["people"])[];
    player.people = Object.fromEntries(names.map((k) => [k, player.signers[k].address])) as History["people"];
    player.fromBlock = await provider.getBlockNumber();
    return player;
  }

  /** Deploys the contracts (commit delay 0, a short appeal window) and a second token with its own vault. */
  async deploy(): Promise<void> {
    const { admin, payer, other } = this.signers;
    const deployed = await deployDataDividends(admin, {
      ...DEFAULT_DEPLOY_PARAMETERS,
      commitDelay: 0n,
      claimDelay: this.options.claimDelay,
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
    await (await deployed.token.transfer(payer.address, 10n ** 25n)).wait();
    await (await deployed.token.connect(payer).approve(deployed.vault, 2n ** 255n)).wait();
    await (await stable.connect(payer).approve(stableVault, 2n ** 255n)).wait();
    this.contracts = { ...deployed, stable, stableVault };
  }

  /** Alice, Bob and Carol each register a dataset: the shared one, the one later frozen, the one later ruled on. */
  async registerDatasets(): Promise<void> {
    const { alice: a, bob: b, carol: c } = this.people;
    this.shared = registration("history/shared", [
      { address: a, shares: 3 },
      { address: b, shares: 1 },
    ]);
    this.frozen = registration("history/frozen", [
      { address: b, shares: 1 },
      { address: c, shares: 1 },
    ]);
    this.ruled = registration("history/ruled", [
      { address: a, shares: 1 },
      { address: c, shares: 2 },
    ]);
    const { datasets } = this.contracts;
    const { alice, bob, carol } = this.signers;
    for (const [signer, r] of [
      [alice, this.shared],
      [bob, this.frozen],
      [carol, this.ruled],
    ] as const) {
      await (await datasets.connect(signer).register(r, ZeroHash)).wait();
      this.events += 1;
    }
  }

  /** Registers `model` (with its declaration) as the admin and returns its ID, which the rulebook derives. */
  private async registered(model: ModelRegistration): Promise<string> {
    await (await this.contracts.models.connect(this.signers.admin).registerModel(model)).wait();
    return modelIdOf(this.people.admin, model.artifactHash);
  }

  /** A fine-tune of `parent` on the ruled dataset, with a parent edge of 1. */
  private tuneOf(artifact: string, parent: string, weight: bigint): ModelRegistration {
    return {
      artifactHash: label(artifact),
      metadataURI: modelURI(artifact),
      datasets: [this.ruled.contentHash],
      weights: [weight],
      parent,
      parentWeight: 1n,
      minRoyaltyBps: 0n,
    };
  }

  /**
   * The base model (on the shared and frozen datasets), its fine-tune (on the ruled one) and a chain of
   * `deepLineage` fine-tunes below the fine-tune: deeper than any cap a copy of the forwarding rule once had
   * (64). Then the clock passes the first three datasets' cooling-off.
   */
  async registerModels(): Promise<void> {
    const sortedIds = sortByAscendingId([this.shared.contentHash, this.frozen.contentHash], (x) => x);
    const base = {
      artifactHash: label("history/base-model"),
      metadataURI: modelURI("history/base-model"),
      datasets: sortedIds,
      weights: sortedIds.map((x): bigint => (x === this.shared.contentHash ? 2n : 1n)),
      parent: ZeroHash,
      parentWeight: 0n,
      minRoyaltyBps: 1000n,
    };
    const baseId = await this.registered(base);
    this.fine = this.tuneOf("history/fine-tune", baseId, 3n);
    const fineId = await this.registered(this.fine);
    this.events += 4;
    let deepest = fineId;
    for (let depth = 1; depth <= this.options.deepLineage; depth++) {
      deepest = await this.registered(this.tuneOf(`history/deep-tune-${depth}`, deepest, 1n));
      this.events += 2;
    }
    this.ids = { base: baseId, fineTune: fineId, late: ZeroHash, deepest };
    await this.provider.send("evm_increaseTime", [toQuantity(this.options.claimDelay + 1n)]);
    await this.provider.send("evm_mine", []);
  }

  /** Deposits `count` amounts (deterministic, uneven so that rounding shows), round-robin over models and vaults. */
  private async pay(count: number): Promise<void> {
    const { vault, stableVault } = this.contracts;
    for (let done = 0; done < count; done += this.options.perTransaction) {
      const n = Math.min(this.options.perTransaction, count - done);
      const byVault = new Map<RewardVault, string[]>();
      for (let i = 0; i < n; i++) {
        const k = this.deposited + i;
        const target = k % 5 === 4 ? stableVault : vault;
        const model = k % 3 === 0 ? this.ids.fineTune : this.ids.base;
        const amount = ONE / 7n + BigInt(k) * 1_000_003n;
        byVault.set(target, [
          ...(byVault.get(target) ?? []),
          target.interface.encodeFunctionData("deposit", [model, amount]),
        ]);
      }
      for (const [target, calls] of byVault) await (await target.connect(this.signers.payer).multicall(calls)).wait();
      this.deposited += n;
      this.events += n;
    }
  }

  /** `signer` claims one edge of the shared dataset through the base model from the DDR vault. */
  private async claimShared(signer: JsonRpcSigner): Promise<void> {
    const { vault } = this.contracts;
    const index = this.shared.contributors.indexOf(signer.address);
    const requests = [{ model: this.ids.base, dataset: this.shared.contentHash, index }];
    const receipt = await (await vault.connect(signer).claim(signer.address, requests)).wait();
    const at = getAddress(await vault.getAddress());
    this.events += receipt!.logs.filter((l) => getAddress(l.address) === at).length;
  }

  /**
   * The deepest fine-tune is paid once (its royalty climbs every hop when claimed), then half the deposits;
   * Bob and Alice claim the shared edge, Bob moves his slot to Helen, the fine-tune forwards its royalty in
   * both tokens, and Alice moves her share of the ruled dataset to Gina.
   */
  async payAndClaim(): Promise<void> {
    const { vault, stableVault, datasets } = this.contracts;
    const { alice, bob, payer } = this.signers;
    await (await vault.connect(payer).deposit(this.ids.deepest, ONE)).wait();
    this.events += 1;
    await this.pay(Math.floor(this.options.deposits / 2));
    await this.claimShared(bob);
    // Alice claims the same edge now and again at the end (releases add up).
    await this.claimShared(alice);
    await (
      await datasets
        .connect(bob)
        .moveShare(this.shared.contentHash, this.shared.contributors.indexOf(bob.address), this.people.helen)
    ).wait();
    this.events += 1;
    await (await vault.forward(this.ids.fineTune, this.ids.base)).wait();
    await (await stableVault.forward(this.ids.fineTune, this.ids.base)).wait();
    this.events += 2;
    await (
      await datasets
        .connect(alice)
        .moveShare(this.ruled.contentHash, this.ruled.contributors.indexOf(alice.address), this.people.gina)
    ).wait();
    this.events += 1;
  }

  /**
   * A flag on the ruled dataset, upheld and executed (Carol's slot goes to Helen); a flag on the frozen
   * dataset, left open (it pays nothing at the end); the rest of the deposits, a forward and Alice's second claim.
   */
  async dispute(): Promise<void> {
    const { datasets, vault } = this.contracts;
    const { admin, challenger, other, alice } = this.signers;
    const { alice: a, carol: c, gina: g, helen: h } = this.people;
    const bond = await datasets.flagBond();
    await (
      await datasets.connect(challenger).flag(this.ruled.contentHash, 2, "ipfs://evidence/ruled", { value: bond })
    ).wait();
    await this.pay(Math.ceil(this.options.deposits / 4));
    const holders = this.ruled.contributors.map((x) => (x === c ? h : x === a ? g : x));
    await (await datasets.connect(admin).upholdFlag(this.ruled.contentHash, 1n, c, holders)).wait();
    await this.provider.send("evm_increaseTime", [toQuantity(60n)]);
    await (await datasets.connect(other).executeRuling(this.ruled.contentHash, 1n, c, holders)).wait();
    this.events += 1;
    await (
      await datasets.connect(challenger).flag(this.frozen.contentHash, 3, "ipfs://evidence/frozen", { value: bond })
    ).wait();
    this.events += 3;
    await this.pay(this.options.deposits - this.deposited);
    await (await vault.forward(this.ids.fineTune, this.ids.base)).wait();
    this.events += 1;
    await this.claimShared(alice);
  }

  /**
   * A dataset registered last, still cooling off when the history ends (the fine-tune never declared it),
   * and a model declaring it, paid at once: what it owes Alice cannot be claimed yet.
   */
  async registerLate(): Promise<void> {
    const { datasets, vault } = this.contracts;
    this.fresh = registration("history/fresh", [{ address: this.people.alice, shares: 1 }]);
    await (await datasets.connect(this.signers.alice).register(this.fresh, ZeroHash)).wait();
    const late = {
      ...this.fine,
      artifactHash: label("history/late-model"),
      metadataURI: modelURI("history/late-model"),
      datasets: [this.fresh.contentHash],
      weights: [1n],
      parent: ZeroHash,
      parentWeight: 0n,
    };
    this.ids.late = await this.registered(late);
    await (await vault.connect(this.signers.payer).deposit(this.ids.late, ONE)).wait();
    this.events += 4;
  }

  /** `extraDatasets` registrations no model declares, each shared by Alice and a stranger. */
  async registerExtras(): Promise<void> {
    const { datasets } = this.contracts;
    const { other } = this.signers;
    const extra = this.options.extraDatasets;
    // Sent fifty at a time without waiting for each (ethers would poll for every one): the node assigns
    // the nonces, and the batch is done once its last transaction has a receipt.
    for (let done = 0; done < extra; done += 50) {
      const batch = Array.from({ length: Math.min(50, extra - done) }, (_, i) =>
        registration(`history/extra/${done + i}`, [
          { address: this.people.alice, shares: 1 },
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
        receipt = await this.provider.getTransactionReceipt(last);
        if (receipt === null) await new Promise((r) => setTimeout(r, 20));
        else if (receipt.status !== 1) throw new Error(`registering extra dataset ${done + batch.length - 1} failed`);
      }
      this.events += batch.length;
    }
  }

  /** What the history left: the addresses the indexer reads, the people, the datasets and models, the event count. */
  async result(): Promise<History> {
    const { token, datasets, models, vault, stable, stableVault } = this.contracts;
    const network = await this.provider.getNetwork();
    return {
      addresses: {
        chainId: Number(network.chainId),
        token: await token.getAddress(),
        datasets: await datasets.getAddress(),
        models: await models.getAddress(),
        vault: await vault.getAddress(),
        vaults: [{ token: await stable.getAddress(), vault: await stableVault.getAddress() }],
        fromBlock: this.fromBlock,
      },
      people: this.people,
      datasets: {
        shared: this.shared.contentHash,
        frozen: this.frozen.contentHash,
        ruled: this.ruled.contentHash,
        fresh: this.fresh.contentHash,
      },
      models: { base: this.ids.base, fineTune: this.ids.fineTune, late: this.ids.late },
      events: this.events,
    };
  }
}

/** Plays the whole history on the node behind `provider`, with its unlocked accounts: every step in order. */
export async function playHistory(provider: JsonRpcProvider, options: HistoryOptions = {}): Promise<History> {
  const player = await HistoryPlayer.start(provider, options);
  await player.deploy();
  await player.registerDatasets();
  await player.registerModels();
  await player.payAndClaim();
  await player.dispute();
  await player.registerLate();
  await player.registerExtras();
  return player.result();
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
