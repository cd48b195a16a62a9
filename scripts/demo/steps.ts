/**
 * The main job's steps, each a method a test can call in order (`scripts/demo.ts` runs them all): deploy,
 * hash the seeds, register the datasets (a squatter first), register a model and a fine-tune, pay revenue,
 * flag the squatted copy, rule through governance, claim for everyone, check the books.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { id as keccakText } from "ethers";
import { network } from "hardhat";

import GovernedDataDividends from "../../src/hardhat/ignition/modules/GovernedDataDividends.js";
import { tokenVaultModule } from "../../src/hardhat/ignition/modules/TokenVault.js";
import { mineBlocks } from "../../src/hardhat/context.js";
import { formatAmount, table, type Io } from "../../src/hardhat/io.js";
import { UsageError } from "../../src/hardhat/run.js";
import { readCatalogue } from "../../src/hardhat/seeds.js";
import {
  DataDividends,
  DataDividendsError,
  FlagReason,
  parseModelCard,
  usageFromModelCard,
  type DataDividendsAddresses,
  type DatasetId,
  type ModelId,
  type RegisterModelResult,
} from "../../src/index.js";
import { buildManifest, hashDataset, writeManifest } from "../../src/node/index.js";
import {
  DataDividendsGovernor__factory,
  MockERC20__factory,
  type DataDividendsGovernor,
  type MockERC20,
} from "../../typechain-types/index.js";

const TOKEN = 10n ** 18n;
const USDC = 10n ** 6n;
const WEEK = 7n * 86_400n;
const TIMELOCK_DELAY = 3_600n;
const APPEAL_WINDOW = 86_400n;
/** How many steps the demo has (its progress lines say `[n/STEPS]`). */
export const STEPS = 9;

type Connection = Awaited<ReturnType<typeof network.create>>;
type Catalogue = Awaited<ReturnType<typeof readCatalogue>>;
interface Hashed {
  entry: Catalogue[number];
  root: DatasetId;
  files: number;
  manifest: string;
}
interface Token {
  address: string;
  symbol: string;
  decimals: number;
}

/** The demo's state: each step reads what the steps before it set. */
export class Demo {
  connection!: Connection;
  ethers!: Connection["ethers"];
  ignition!: Connection["ignition"];
  signers!: HardhatEthersSigner[];
  admin!: HardhatEthersSigner;
  modelOwner!: HardhatEthersSigner;
  sponsor!: HardhatEthersSigner;
  gateway!: HardhatEthersSigner;
  relayer!: HardhatEthersSigner;
  squatter!: HardhatEthersSigner;
  tuner!: HardhatEthersSigner;
  byAddress!: Map<string, HardhatEthersSigner>;
  mine!: (blocks: number) => Promise<void>;
  usdc!: MockERC20;
  addresses!: DataDividendsAddresses;
  governor!: DataDividendsGovernor;
  as!: (signer: HardhatEthersSigner) => DataDividends;
  dd!: DataDividends;
  waits!: { advanceBlocks: (blocks: number) => Promise<void> };
  catalogue!: Catalogue;
  out!: string;
  known!: Map<string, DatasetId>;
  hashed!: Hashed[];
  squatted!: Hashed;
  base!: RegisterModelResult;
  tune!: RegisterModelResult;
  tokens!: Token[];
  ddr!: Token;
  payments!: { who: string; model: string; token: Token; amount: bigint }[];
  creator!: HardhatEthersSigner;
  contributors!: string[];
  erc20s!: DataDividends["allVaults"][number]["erc20"][];
  balances!: (account: string) => Promise<bigint[]>;
  before!: Map<string, bigint[]>;

  /** When the demo started, for the closing line. */
  readonly started = Date.now();

  private constructor(readonly io: Io) {}

  /** A demo on a fresh in-process network, printing to `io`. */
  static async start(io: Io): Promise<Demo> {
    const demo = new Demo(io);
    demo.connection = await network.create();
    const { ethers, ignition } = demo.connection;
    const signers = await ethers.getSigners();
    const [admin, , , , , , , modelOwner, sponsor, gateway, relayer, squatter, tuner] = signers;
    Object.assign(demo, { ethers, ignition, signers, admin, modelOwner, sponsor, gateway, relayer, squatter, tuner });
    demo.byAddress = new Map(signers.map((s) => [s.address.toLowerCase(), s]));
    demo.mine = (n: number) => mineBlocks(ethers, n);
    return demo;
  }

  /** Closes the network connection. */
  async stop(): Promise<void> {
    await this.connection.close();
  }

  private step(n: number, text: string): void {
    this.io.err(`[${n}/${STEPS}] ${text}`);
  }

  /** Step 1: the governed deployment (Ignition, in memory) and a second vault for a 6-decimal USDC mock. */
  async deploy(): Promise<void> {
    const { ignition, admin, mine } = this;
    this.step(
      1,
      "deploying token, timelock, governor, registries, and vaults for DDR and a 6-decimal USDC mock (Ignition, in memory, no record written)",
    );
    const deployed = await ignition.deploy(GovernedDataDividends, {
      parameters: {
        $global: { adminDelay: 0n },
        // The demo deployer hands out the supply itself; a real deployment names its distribution contract.
        DataRewardToken: { initialMint: 1_000_000n * TOKEN, initialHolder: admin.address },
        Timelock: { timelockDelay: TIMELOCK_DELAY },
        Governance: { votingDelay: 1n, votingPeriod: 10n },
        DatasetRegistry: { commitDelay: 1n, commitWindow: 20n, claimDelay: WEEK, appealWindow: APPEAL_WINDOW },
      },
    });
    const registries = { datasets: await deployed.datasets.getAddress(), models: await deployed.models.getAddress() };
    // A second reward token, as USDC would be: its own vault on the same registries, governed by the timelock.
    const usdc = await new MockERC20__factory(admin).deploy("USDC", 6);
    const usdcModule = tokenVaultModule(await usdc.getAddress(), registries);
    const usdcVault = await ignition.deploy(usdcModule, {
      parameters: { [usdcModule.id]: { adminDelay: 0n, admin: await deployed.timelock.getAddress() } },
    });
    const addresses: DataDividendsAddresses = {
      token: await deployed.token.getAddress(),
      ...registries,
      vault: await deployed.vault.getAddress(),
      vaults: [{ token: await usdc.getAddress(), vault: await usdcVault.vault.getAddress() }],
    };
    const governor = DataDividendsGovernor__factory.connect(await deployed.governor.getAddress(), admin);
    const as = (signer: HardhatEthersSigner) => DataDividends.connect(signer, addresses);
    const dd = as(admin);
    const waits = { advanceBlocks: mine };
    Object.assign(this, { usdc, addresses, governor, as, dd, waits });
  }

  /** Step 2: hashes the sample datasets and writes their manifests to a temporary folder. */
  async hashSeeds(): Promise<void> {
    this.step(2, "hashing the sample datasets and writing their manifests");
    const catalogue = await readCatalogue("seeds/datasets.json");
    const out = await mkdtemp(join(tmpdir(), "datadividends-demo-"));
    const known = new Map<string, DatasetId>();
    const hashed = [];
    for (const entry of catalogue) {
      const hash = await hashDataset(entry.directory);
      const manifest = buildManifest(hash, entry);
      const path = join(out, `${entry.name}.manifest.json`);
      await writeManifest(path, manifest);
      known.set(entry.name, hash.root);
      hashed.push({ entry, root: hash.root, files: hash.files.length, manifest: path });
    }
    this.io.out(
      table(
        ["dataset", "files", "license", "content hash"],
        hashed.map((h) => [h.entry.name, h.files, h.entry.license, h.root]),
      ),
    );
    Object.assign(this, { catalogue, out, known, hashed });
  }

  /** Step 3: a squatter registers a published hash first; the creators register the rest (commit, reveal). */
  async registerDatasets(): Promise<void> {
    const { squatter, byAddress, as, waits, hashed } = this;
    this.step(3, "a squatter registers a published hash first; the creators register the rest (commit, then reveal)");
    const squatted = hashed[hashed.length - 1];
    await as(squatter).registerDataset(
      {
        contentHash: squatted.root,
        metadataURI: "ipfs://squatted",
        contributors: [{ account: squatter.address, shares: 1 }],
      },
      waits,
    );
    for (const h of hashed) {
      const registrant = byAddress.get(h.entry.creators[0].account.toLowerCase());
      if (registrant === undefined) {
        throw new UsageError(`${h.entry.name}: creator ${h.entry.creators[0].account} is not a local account`);
      }
      try {
        await as(registrant).registerDataset(
          {
            contentHash: h.root,
            metadataURI: `file://${h.manifest}`,
            contributors: h.entry.creators.map((c) => ({ account: c.account, shares: c.shares })),
          },
          waits,
        );
      } catch (error) {
        if (!(error instanceof DataDividendsError && error.code === "ALREADY_REGISTERED")) throw error;
        this.io.err(`      ${h.entry.name}: ${error.message}`);
      }
    }
    Object.assign(this, { squatted });
  }

  /** Step 4: the model from its card, and a fine-tune of it that owes it 20%, each in one transaction. */
  async registerModels(): Promise<void> {
    const { ethers, modelOwner, tuner, as, waits, known } = this;
    this.step(4, "registering the model (its card) and a fine-tune of it that owes it 20%, each in one transaction");
    const card = parseModelCard(await readFile("seeds/models/airsense-forecaster/README.md", "utf8"));
    const usage = usageFromModelCard(card, known);
    const base = await as(modelOwner).registerModel(
      {
        artifactHash: ethers.id("airsense-forecaster-v1 weights"),
        metadataURI: "hf://datadividends/airsense-forecaster",
        usage,
        minRoyaltyBps: 2_000,
      },
      waits,
    );
    const airQuality = known.get("city-air-quality")!;
    const tune = await as(tuner).registerModel(
      {
        artifactHash: ethers.id("airsense-forecaster-harbour fine-tune weights"),
        metadataURI: "hf://someone/airsense-harbour",
        usage: [{ dataset: airQuality, weight: 4 }],
        parent: base.id,
      },
      waits,
    );
    this.io.out(
      `base model ${base.id}\nfine-tune  ${tune.id} (parent weight ${tune.parentWeight} of ${4n + tune.parentWeight})`,
    );
    Object.assign(this, { base, tune });
  }

  /** Step 5: revenue from the owner, a sponsor (permit) and the fine-tune's users in DDR, and a gateway in USDC. */
  async payRevenue(): Promise<void> {
    const { modelOwner, sponsor, gateway, tuner, usdc, addresses, as, dd, base, tune } = this;
    this.step(
      5,
      "paying revenue: the owner, a sponsor (permit), the fine-tune's users in DDR; a gateway's 20 micro-payments in USDC",
    );
    for (const payer of [modelOwner, sponsor, tuner]) await dd.token.transfer(payer.address, 10_000n * TOKEN);
    await usdc.mint(gateway.address, 1_000n * USDC);
    const tokens = [
      { address: addresses.token, symbol: "DDR", decimals: 18 },
      { address: await usdc.getAddress(), symbol: "USDC", decimals: 6 },
    ];
    const [ddr, usd] = tokens;
    const payments: { who: string; model: string; token: (typeof tokens)[number]; amount: bigint }[] = [];
    // One row per payer, model and token: repeated payments (the gateway's) add up in their row.
    const pay = async (
      who: string,
      signer: HardhatEthersSigner,
      model: ModelId,
      token: (typeof tokens)[number],
      amount: bigint,
      permit = false,
    ) => {
      await as(signer).deposit(model, amount, { permit, token: token.address });
      const label = model === base.id ? "base" : "fine-tune";
      const row = payments.find((p) => p.who === who && p.model === label && p.token === token);
      if (row === undefined) payments.push({ who, model: label, token, amount });
      else row.amount += amount;
    };
    await pay("model owner", modelOwner, base.id, ddr, 1_000n * TOKEN);
    await pay("sponsor (permit)", sponsor, base.id, ddr, 333n * TOKEN + 1n, true);
    for (let i = 0; i < 20; i++)
      await pay("gateway, 20 payments", gateway, base.id, usd, (25n * USDC) / 10n + BigInt(i));
    await pay("fine-tune users", tuner, tune.id, ddr, 500n * TOKEN);
    Object.assign(this, { tokens, ddr, payments });
  }

  /** Step 6: the creator flags the squatted copy during its cooling-off. */
  async flagSquatted(): Promise<void> {
    const { byAddress, as, dd, squatted, base, tokens } = this;
    this.step(6, "the creator flags the squatted copy during its cooling-off: frozen, nothing has left the vault");
    const creator = byAddress.get(squatted.entry.creators[0].account.toLowerCase())!;
    await as(creator).flag(squatted.root, FlagReason.NotTheOwner, `file://${squatted.manifest}`);
    const frozenOwed = await Promise.all(dd.allVaults.map((v) => v.vault.owed(base.id, squatted.root, 0)));
    this.io.out(
      `frozen: the squatted copy holds ${tokens.map((t, i) => `${formatAmount(frozenOwed[i], t.decimals)} ${t.symbol}`).join(" and ")} for its rightful holder`,
    );
    Object.assign(this, { creator });
  }

  /** Step 7: token holders uphold the flag through governance; after the appeal window it takes effect. */
  async ruleByGovernance(): Promise<void> {
    const { ethers, admin, relayer, mine, addresses, governor, as, dd, squatted, creator } = this;
    this.step(7, "token holders rule through governance: delegate, propose, vote, queue, execute");
    await dd.token.delegate(admin.address);
    const targets = [addresses.datasets];
    const calls = [
      dd.datasets.interface.encodeFunctionData("upholdFlag", [squatted.root, 1n, creator.address, [creator.address]]),
    ];
    const description = `Uphold the flag on ${squatted.entry.name}: its one slot belongs to ${squatted.entry.creators[0].name}`;
    const proposalId = await governor.propose.staticCall(targets, [0n], calls, description);
    await governor.propose(targets, [0n], calls, description);
    await mine(2);
    await governor.castVote(proposalId, 1);
    await mine(11);
    await governor.queue(targets, [0n], calls, keccakText(description));
    await ethers.provider.send("evm_increaseTime", [Number(TIMELOCK_DELAY)]);
    await governor.execute(targets, [0n], calls, keccakText(description));
    // The ruling waits out its appeal window (on top of the timelock), then anyone puts it into effect.
    await ethers.provider.send("evm_increaseTime", [Number(APPEAL_WINDOW)]);
    await mine(1);
    await as(relayer).resolveFlag(squatted.root, { ruling: "execute" });
    this.io.out(
      `proposal ${proposalId.toString().slice(0, 12)}… executed and, after the appeal window, put into effect: the slot is ${squatted.entry.creators[0].name}'s`,
    );
  }

  /** Step 8: a week later a relayer claims for every contributor, forwarding the royalty. */
  async claimForEveryone(): Promise<void> {
    const { ethers, relayer, squatter, mine, as, dd, catalogue } = this;
    this.step(
      8,
      "a week passes (the claim cooling-off), then a relayer claims for everyone in both tokens, forwarding the royalty",
    );
    await ethers.provider.send("evm_increaseTime", [Number(WEEK)]);
    await mine(1);
    const contributors = [
      ...new Set([...catalogue.flatMap((e) => e.creators.map((c) => c.account)), squatter.address]),
    ];
    const erc20s = dd.allVaults.map((v) => v.erc20);
    const balances = (account: string) => Promise.all(erc20s.map((t) => t.balanceOf(account)));
    const before = new Map<string, bigint[]>();
    for (const c of contributors) before.set(c, await balances(c));
    for (const c of contributors) await as(relayer).claimAll(c);
    Object.assign(this, { contributors, erc20s, balances, before });
  }

  /** Step 9: prints who got what, and checks the books per token; throws unless they balance. */
  async checkBooks(): Promise<void> {
    const {
      squatter,
      dd,
      catalogue,
      known,
      out,
      base,
      tune,
      tokens,
      ddr,
      payments,
      contributors,
      erc20s,
      balances,
      before,
    } = this;
    this.step(9, "checking the books, per token");
    const names = new Map(catalogue.flatMap((e) => e.creators.map((c) => [c.account.toLowerCase(), c.name] as const)));
    names.set(squatter.address.toLowerCase(), "the squatter");
    const datasetName = new Map([...known].map(([name, id]) => [id, name]));
    const symbolOf = new Map(tokens.map((t) => [t.address.toLowerCase(), t]));
    const payouts = await dd.listPayouts();
    this.io.out("");
    this.io.out(
      table(
        ["payment", "model", "amount"],
        payments.map((p) => [p.who, p.model, `${formatAmount(p.amount, p.token.decimals)} ${p.token.symbol}`]),
      ),
    );
    this.io.out("");
    this.io.out(
      table(
        ["contributor", "dataset", "paid through", "paid"],
        payouts.map((p) => {
          const t = symbolOf.get(p.token.toLowerCase())!;
          return [
            names.get(p.account.toLowerCase()) ?? p.account,
            datasetName.get(p.dataset) ?? p.dataset,
            p.model === base.id ? "base model" : "fine-tune",
            `${formatAmount(p.amount, t.decimals)} ${t.symbol}`,
          ];
        }),
      ),
    );
    const stillClaimable = await Promise.all(contributors.map((c) => dd.claimable(c)));
    const after = new Map<string, bigint[]>();
    for (const c of contributors) after.set(c, await balances(c));
    // One rounding per share and pool edge: base (3 datasets, 6 shares) and fine-tune (1 dataset, 2 shares, parent).
    const edges = 6 + 3 + 2 + 2;
    this.io.out("");
    const checks: [string, boolean][] = [];
    for (const [k, t] of tokens.entries()) {
      const deposited = payments.filter((p) => p.token === t).reduce((sum, p) => sum + p.amount, 0n);
      const paid = payouts
        .filter((p) => p.token.toLowerCase() === t.address.toLowerCase())
        .reduce((sum, p) => sum + p.amount, 0n);
      const received = contributors.reduce((sum, c) => sum + after.get(c)![k] - before.get(c)![k], 0n);
      const held = await erc20s[k].balanceOf(await dd.allVaults[k].vault.getAddress());
      const left = stillClaimable.reduce((sum, r) => sum + r.totals[k].amount, 0n);
      const royalty = await dd.allVaults[k].vault.forwarded(tune.id, base.id);
      this.io.out(
        `${t.symbol}: deposited ${formatAmount(deposited, t.decimals)} = paid ${formatAmount(paid, t.decimals)} + held ${held} base units (dust); ` +
          `fine-tune royalty forwarded to the base model: ${formatAmount(royalty, t.decimals)}`,
      );
      checks.push(
        [`${t.symbol}: deposited = paid + held`, deposited === paid + held],
        [`${t.symbol}: paid = what contributors' balances grew by`, received === paid],
        [`${t.symbol}: nothing left to claim`, left === 0n],
        [`${t.symbol}: held is rounding dust (at most 1 base unit per edge, ${edges} edges)`, held <= BigInt(edges)],
        [
          `${t.symbol}: the squatter was paid nothing`,
          after.get(squatter.address)![k] === before.get(squatter.address)![k],
        ],
      );
      if (t === ddr) checks.push(["DDR: the fine-tune paid its base model's data", royalty > 0n]);
    }
    for (const [what, ok] of checks) this.io.out(`${ok ? "ok  " : "FAIL"}  ${what}`);
    const failed = checks.filter(([, ok]) => !ok);
    if (failed.length > 0) throw new UsageError(`conservation check failed: ${failed.map(([w]) => w).join("; ")}`);
    this.io.out(`\ndemo finished in ${((Date.now() - this.started) / 1000).toFixed(1)} s; manifests in ${out}`);
  }
}
