/**
 * The main job's steps (`scripts/demo.ts` runs them all, a test calls them one by one): deploy, hash the
 * seeds, register the datasets (a squatter first), register a model and a fine-tune, pay revenue, flag the
 * squatted copy, rule through governance, claim for everyone, check the books. Each step is a function that
 * takes what the steps before it returned and returns what it made, typed: a step called before the steps
 * it needs does not compile.
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

/** What every step works with: the in-process network, its named accounts and how to print. */
export interface Stage {
  io: Io;
  connection: Connection;
  ethers: Connection["ethers"];
  ignition: Connection["ignition"];
  admin: HardhatEthersSigner;
  modelOwner: HardhatEthersSigner;
  sponsor: HardhatEthersSigner;
  gateway: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  squatter: HardhatEthersSigner;
  tuner: HardhatEthersSigner;
  byAddress: Map<string, HardhatEthersSigner>;
  mine: (blocks: number) => Promise<void>;
  /** When the demo started, for the closing line. */
  started: number;
}

/** Step 1's result: the governed deployment and a client per signer. */
export interface Deployed {
  usdc: MockERC20;
  addresses: DataDividendsAddresses;
  governor: DataDividendsGovernor;
  as: (signer: HardhatEthersSigner) => DataDividends;
  dd: DataDividends;
  waits: { advanceBlocks: (blocks: number) => Promise<void> };
}

/** Step 2's result: the sample datasets, hashed, and their manifests. */
export interface Seeds {
  catalogue: Catalogue;
  out: string;
  known: Map<string, DatasetId>;
  hashed: Hashed[];
}

/** Step 3's result: the dataset the squatter registered first. */
export interface Squat {
  squatted: Hashed;
}

/** Step 4's result: the base model and its fine-tune. */
export interface Models {
  base: RegisterModelResult;
  tune: RegisterModelResult;
}

/** Step 5's result: the reward tokens and every payment made, by payer, model and token. */
export interface Revenue {
  tokens: Token[];
  ddr: Token;
  payments: { who: string; model: string; token: Token; amount: bigint }[];
}

/** Step 6's result: who flagged the squatted copy (its creator). */
export interface Flag {
  creator: HardhatEthersSigner;
}

/** Step 8's result: who was claimed for, and their balances before. */
export interface Claims {
  contributors: string[];
  erc20s: DataDividends["allVaults"][number]["erc20"][];
  balances: (account: string) => Promise<bigint[]>;
  before: Map<string, bigint[]>;
}

function step(stage: Stage, n: number, text: string): void {
  stage.io.err(`[${n}/${STEPS}] ${text}`);
}

/** A demo on a fresh in-process network, printing to `io`. */
export async function start(io: Io): Promise<Stage> {
  const connection = await network.create();
  const { ethers, ignition } = connection;
  const signers = await ethers.getSigners();
  const [admin, , , , , , , modelOwner, sponsor, gateway, relayer, squatter, tuner] = signers;
  return {
    io,
    connection,
    ethers,
    ignition,
    admin,
    modelOwner,
    sponsor,
    gateway,
    relayer,
    squatter,
    tuner,
    byAddress: new Map(signers.map((s) => [s.address.toLowerCase(), s])),
    mine: (n: number) => mineBlocks(ethers, n),
    started: Date.now(),
  };
}

/** Closes the network connection. */
export async function stop(stage: Stage): Promise<void> {
  await stage.connection.close();
}

/** Step 1: the governed deployment (Ignition, in memory) and a second vault for a 6-decimal USDC mock. */
export async function deploy(stage: Stage): Promise<Deployed> {
  const { ignition, admin, mine } = stage;
  step(
    stage,
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
  return { usdc, addresses, governor, as, dd, waits };
}

/** Step 2: hashes the sample datasets and writes their manifests to a temporary folder. */
export async function hashSeeds(stage: Stage): Promise<Seeds> {
  step(stage, 2, "hashing the sample datasets and writing their manifests");
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
  stage.io.out(
    table(
      ["dataset", "files", "license", "content hash"],
      hashed.map((h) => [h.entry.name, h.files, h.entry.license, h.root]),
    ),
  );
  return { catalogue, out, known, hashed };
}

/** Step 3: a squatter registers a published hash first; the creators register the rest (commit, reveal). */
export async function registerDatasets(stage: Stage, deployed: Deployed, seeds: Seeds): Promise<Squat> {
  const { squatter, byAddress } = stage;
  const { as, waits } = deployed;
  const { hashed } = seeds;
  step(stage, 3, "a squatter registers a published hash first; the creators register the rest (commit, then reveal)");
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
      stage.io.err(`      ${h.entry.name}: ${error.message}`);
    }
  }
  return { squatted };
}

/** Step 4: the model from its card, and a fine-tune of it that owes it 20%, each in one transaction. */
export async function registerModels(stage: Stage, deployed: Deployed, seeds: Seeds): Promise<Models> {
  const { ethers, modelOwner, tuner } = stage;
  const { as, waits } = deployed;
  const { known } = seeds;
  step(stage, 4, "registering the model (its card) and a fine-tune of it that owes it 20%, each in one transaction");
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
  stage.io.out(
    `base model ${base.id}\nfine-tune  ${tune.id} (parent weight ${tune.parentWeight} of ${4n + tune.parentWeight})`,
  );
  return { base, tune };
}

/** Step 5: revenue from the owner, a sponsor (permit) and the fine-tune's users in DDR, and a gateway in USDC. */
export async function payRevenue(stage: Stage, deployed: Deployed, models: Models): Promise<Revenue> {
  const { modelOwner, sponsor, gateway, tuner } = stage;
  const { usdc, addresses, as, dd } = deployed;
  const { base, tune } = models;
  step(
    stage,
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
  for (let i = 0; i < 20; i++) await pay("gateway, 20 payments", gateway, base.id, usd, (25n * USDC) / 10n + BigInt(i));
  await pay("fine-tune users", tuner, tune.id, ddr, 500n * TOKEN);
  return { tokens, ddr, payments };
}

/** Step 6: the creator flags the squatted copy during its cooling-off. */
export async function flagSquatted(
  stage: Stage,
  deployed: Deployed,
  squat: Squat,
  models: Models,
  revenue: Revenue,
): Promise<Flag> {
  const { byAddress } = stage;
  const { as, dd } = deployed;
  const { squatted } = squat;
  const { base } = models;
  const { tokens } = revenue;
  step(stage, 6, "the creator flags the squatted copy during its cooling-off: frozen, nothing has left the vault");
  const creator = byAddress.get(squatted.entry.creators[0].account.toLowerCase())!;
  await as(creator).flag(squatted.root, FlagReason.NotTheOwner, `file://${squatted.manifest}`);
  const frozenOwed = await Promise.all(dd.allVaults.map((v) => v.vault.owed(base.id, squatted.root, 0)));
  stage.io.out(
    `frozen: the squatted copy holds ${tokens.map((t, i) => `${formatAmount(frozenOwed[i], t.decimals)} ${t.symbol}`).join(" and ")} for its rightful holder`,
  );
  return { creator };
}

/** Step 7: token holders uphold the flag through governance; after the appeal window it takes effect. */
export async function ruleByGovernance(stage: Stage, deployed: Deployed, squat: Squat, flag: Flag): Promise<void> {
  const { ethers, admin, relayer, mine } = stage;
  const { addresses, governor, as, dd } = deployed;
  const { squatted } = squat;
  const { creator } = flag;
  step(stage, 7, "token holders rule through governance: delegate, propose, vote, queue, execute");
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
  stage.io.out(
    `proposal ${proposalId.toString().slice(0, 12)}… executed and, after the appeal window, put into effect: the slot is ${squatted.entry.creators[0].name}'s`,
  );
}

/** Step 8: a week later a relayer claims for every contributor, forwarding the royalty. */
export async function claimForEveryone(stage: Stage, deployed: Deployed, seeds: Seeds): Promise<Claims> {
  const { ethers, relayer, squatter, mine } = stage;
  const { as, dd } = deployed;
  const { catalogue } = seeds;
  step(
    stage,
    8,
    "a week passes (the claim cooling-off), then a relayer claims for everyone in both tokens, forwarding the royalty",
  );
  await ethers.provider.send("evm_increaseTime", [Number(WEEK)]);
  await mine(1);
  const contributors = [...new Set([...catalogue.flatMap((e) => e.creators.map((c) => c.account)), squatter.address])];
  const erc20s = dd.allVaults.map((v) => v.erc20);
  const balances = (account: string) => Promise.all(erc20s.map((t) => t.balanceOf(account)));
  const before = new Map<string, bigint[]>();
  for (const c of contributors) before.set(c, await balances(c));
  for (const c of contributors) await as(relayer).claimAll(c);
  return { contributors, erc20s, balances, before };
}

/** Step 9: prints who got what, and checks the books per token; throws unless they balance. */
export async function checkBooks(
  stage: Stage,
  deployed: Deployed,
  seeds: Seeds,
  models: Models,
  revenue: Revenue,
  claims: Claims,
): Promise<void> {
  const { squatter } = stage;
  const { dd } = deployed;
  const { catalogue, known, out } = seeds;
  const { base, tune } = models;
  const { tokens, ddr, payments } = revenue;
  const { contributors, erc20s, balances, before } = claims;
  step(stage, 9, "checking the books, per token");
  const names = new Map(catalogue.flatMap((e) => e.creators.map((c) => [c.account.toLowerCase(), c.name] as const)));
  names.set(squatter.address.toLowerCase(), "the squatter");
  const datasetName = new Map([...known].map(([name, id]) => [id, name]));
  const symbolOf = new Map(tokens.map((t) => [t.address.toLowerCase(), t]));
  const payouts = await dd.listPayouts();
  stage.io.out("");
  stage.io.out(
    table(
      ["payment", "model", "amount"],
      payments.map((p) => [p.who, p.model, `${formatAmount(p.amount, p.token.decimals)} ${p.token.symbol}`]),
    ),
  );
  stage.io.out("");
  stage.io.out(
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
  stage.io.out("");
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
    stage.io.out(
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
  for (const [what, ok] of checks) stage.io.out(`${ok ? "ok  " : "FAIL"}  ${what}`);
  const failed = checks.filter(([, ok]) => !ok);
  if (failed.length > 0) throw new UsageError(`conservation check failed: ${failed.map(([w]) => w).join("; ")}`);
  stage.io.out(`\ndemo finished in ${((Date.now() - stage.started) / 1000).toFixed(1)} s; manifests in ${out}`);
}
