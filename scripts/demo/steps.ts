/**
 * The main job's steps (`scripts/demo.ts` runs them all, a test calls them one by one): deploy, hash the
 * seeds, register the datasets (a squatter first), register a model and a fine-tune, pay revenue, flag the
 * squatted copy, rule through governance, claim for everyone, check the books, then a crowd dataset. Each step is a function that
 * takes what the steps before it returned and returns what it made, typed: a step called before the steps
 * it needs does not compile.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Wallet, id as keccakText } from "ethers";
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
import {
  ShareTreeFile,
  buildManifest,
  buildShareTree,
  hashDataset,
  writeContributorsCsv,
  writeManifest,
} from "../../src/node/index.js";
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
export const STEPS = 10;

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
  /** Vouches that a handle is a wallet's (the attester role, granted by governance). */
  attester: HardhatEthersSigner;
  /** Registers the crowd dataset and receives what its unbound slots earned after the deadline. */
  curator: HardhatEthersSigner;
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
  const [admin, , , , , , , modelOwner, sponsor, gateway, relayer, squatter, tuner, attester, curator] = signers;
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
    attester,
    curator,
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
  step(
    stage,
    7,
    "token holders rule through governance (and name an attester for crowd handles): delegate, propose, vote, queue, execute",
  );
  await dd.token.delegate(admin.address);
  const targets = [addresses.datasets, addresses.datasets];
  const values = [0n, 0n];
  const calls = [
    dd.datasets.interface.encodeFunctionData("upholdFlag", [squatted.root, 1n, creator.address, [creator.address]]),
    dd.datasets.interface.encodeFunctionData("grantRole", [keccakText("ATTESTER_ROLE"), stage.attester.address]),
  ];
  const description = `Uphold the flag on ${squatted.entry.name}: its one slot belongs to ${squatted.entry.creators[0].name}; name ${stage.attester.address} an attester`;
  const proposalId = await governor.propose.staticCall(targets, values, calls, description);
  await governor.propose(targets, values, calls, description);
  await mine(2);
  await governor.castVote(proposalId, 1);
  await mine(11);
  await governor.queue(targets, values, calls, keccakText(description));
  await ethers.provider.send("evm_increaseTime", [Number(TIMELOCK_DELAY)]);
  await governor.execute(targets, values, calls, keccakText(description));
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
  const { catalogue, known } = seeds;
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
}

/** The closing line: how long the demo took and where its manifests are. */
export function finish(stage: Stage, seeds: Seeds): void {
  stage.io.out(`\ndemo finished in ${((Date.now() - stage.started) / 1000).toFixed(1)} s; manifests in ${seeds.out}`);
}

/** Step 10's result: the crowd dataset and what its people were paid. */
export interface Crowd {
  dataset: DatasetId;
  slots: number;
  identities: number;
  /** The person who bound late, what their slot earned before the binding, and what they were paid. */
  late: { handle: string; wallet: string; earnedBeforeBinding: bigint; paid: bigint };
}

/**
 * Step 10: a crowd dataset of 10,000 slots, nine in ten held by people known only by a Hugging Face handle. A
 * model pays it; one person binds their handle to a fresh wallet after several deposits (the attester named by
 * governance signs, a relayer submits, the binding waits out its window) and is paid everything the slot earned
 * from the first deposit on; an address slot is claimed without a proof in its holder's hands; after the deadline
 * three unbound slots are swept to the curator. Checks the crowd's books: deposited = paid + what every slot is
 * still entitled to + dust.
 */
export async function crowd(stage: Stage, deployed: Deployed): Promise<Crowd> {
  const { ethers, modelOwner, sponsor, relayer, attester, curator, mine } = stage;
  const { as, dd, waits } = deployed;
  step(
    stage,
    10,
    "a crowd dataset of 10,000 slots (9,000 people known by a handle): paid, one person binds late, three slots swept",
  );
  const dir = await mkdtemp(join(tmpdir(), "datadividends-crowd-"));
  const SLOTS = 10_000;
  const rows = Array.from({ length: SLOTS }, (_, i) => ({
    holder: i % 10 === 0 ? Wallet.createRandom().address : `hf:contributor-${i}`,
    shares: 1 + (i % 5),
  }));
  const csv = join(dir, "contributors.csv");
  await writeContributorsCsv(csv, rows);
  await writeFile(join(dir, "labels.jsonl"), rows.map((_, i) => `{"id":${i},"label":"clear-sky"}`).join("\n"));
  const { root: contentHash } = await hashDataset(join(dir, "labels.jsonl"));
  const built = await buildShareTree(csv, dir);
  const tree = await ShareTreeFile.open(built.path);
  try {
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const deadline = now + 30n * 86_400n;
    const { id: dataset } = await as(curator).registerShareTree(
      { contentHash, metadataURI: `file://${built.path}`, tree, deadline, fallbackAccount: curator.address },
      waits,
    );
    const model = await as(modelOwner).registerModel(
      {
        artifactHash: ethers.id("crowd-labeller weights"),
        metadataURI: "hf://datadividends/crowd-labeller",
        usage: [{ dataset, weight: 1 }],
      },
      waits,
    );
    await dd.token.transfer(sponsor.address, 10_000n * TOKEN);
    const ddr = dd.allVaults[0];
    const vaultBefore = await ddr.erc20.balanceOf(await ddr.vault.getAddress());
    let deposited = 0n;
    const pay = async (amount: bigint) => {
      await as(sponsor).deposit(model.id, amount);
      deposited += amount;
    };
    for (const amount of [700n * TOKEN, 123n * TOKEN + 7n, 45n * TOKEN]) await pay(amount);

    // The claim cooling-off, then a person who has never had a wallet binds their handle late.
    await ethers.provider.send("evm_increaseTime", [Number(WEEK)]);
    await mine(1);
    const handle = "hf:contributor-42";
    const [slot] = await tree.find(handle);
    const shares = (await tree.slot(slot)).shares;
    const total = tree.totalShares;
    const [before] = await as(relayer).identityEarnings(handle, new Map([[dataset, tree]]));
    const earnedBeforeBinding = before.owed.reduce((sum, o) => sum + o.amount, 0n);
    const wallet = Wallet.createRandom().address;
    const signed = await as(attester).signAttestation({
      dataset,
      tree,
      index: slot,
      account: wallet,
      deadline: now + WEEK * 2n,
    });
    const { effectiveAt } = await as(relayer).proposeBinding(tree, signed);
    await pay(31n * TOKEN); // earned while the binding waits: the slot keeps earning
    await ethers.provider.send("evm_setNextBlockTimestamp", [Number(effectiveAt)]);
    await mine(1);
    await as(relayer).completeBinding(dataset, slot);
    const lateBefore = await ddr.erc20.balanceOf(wallet);
    await as(relayer).claimAll(wallet);
    const paid = (await ddr.erc20.balanceOf(wallet)) - lateBefore;

    // An address slot: a relayer claims it for its holder, proving the slot in the same transaction.
    const holder = rows[0].holder;
    const addressClaim = await as(relayer).claimTreeSlots(dataset, tree, holder);

    // The deadline passes: three slots nobody bound go to the curator, who claims them.
    await ethers.provider.send("evm_setNextBlockTimestamp", [Number(deadline + 1n)]);
    await mine(1);
    const swept = [7, 8, 9];
    await as(relayer).sweepSlots(dataset, tree, swept);
    const curatorBefore = await ddr.erc20.balanceOf(curator.address);
    await as(relayer).claimAll(curator.address);
    const sweptPaid = (await ddr.erc20.balanceOf(curator.address)) - curatorBefore;

    // The books: every slot's entitlement, wallet or not, from the tree file's shares.
    let entitled = 0n;
    for (const r of rows) entitled += (deposited * BigInt(r.shares)) / total;
    const claimed = paid + addressClaim.amount + sweptPaid;
    const vaultAfter = await ddr.erc20.balanceOf(await ddr.vault.getAddress());
    const lateOwed = (deposited * shares) / total;
    const sweptOwed = swept.reduce((sum, i) => sum + (deposited * BigInt(rows[i].shares)) / total, 0n);
    stage.io.out(
      table(
        ["crowd", "value"],
        [
          ["slots (handles / addresses)", `${SLOTS} (${built.identitySlots} / ${built.addressSlots})`],
          ["tree file", built.path],
          ["deposited (4 payments)", `${formatAmount(deposited, 18)} DDR`],
          [`${handle}: earned before binding`, `${formatAmount(earnedBeforeBinding, 18)} DDR`],
          [`${handle}: paid to ${wallet.slice(0, 10)}… after binding`, `${formatAmount(paid, 18)} DDR`],
          [`address slot 0: paid (proved in the claim)`, `${formatAmount(addressClaim.amount, 18)} DDR`],
          [`3 unbound slots swept to the curator`, `${formatAmount(sweptPaid, 18)} DDR`],
          ["still owed to the other slots (wallet or not)", `${formatAmount(entitled - claimed, 18)} DDR`],
        ],
      ),
    );
    const checks: [string, boolean][] = [
      [
        "crowd: the late binder was paid everything the slot earned, to the wei",
        paid === lateOwed && earnedBeforeBinding > 0n,
      ],
      ["crowd: the slot earned while the binding waited", paid > earnedBeforeBinding],
      ["crowd: the swept slots paid the curator exactly", sweptPaid === sweptOwed],
      [
        "crowd: deposited = paid + still owed to every slot + dust",
        deposited - entitled <= BigInt(SLOTS) && entitled <= deposited,
      ],
      ["crowd: the vault holds exactly what is not yet claimed", vaultAfter - vaultBefore === deposited - claimed],
    ];
    for (const [what, ok] of checks) stage.io.out(`${ok ? "ok  " : "FAIL"}  ${what}`);
    const failed = checks.filter(([, ok]) => !ok);
    if (failed.length > 0) throw new UsageError(`crowd check failed: ${failed.map(([w]) => w).join("; ")}`);
    return {
      dataset,
      slots: SLOTS,
      identities: built.identitySlots,
      late: { handle, wallet, earnedBeforeBinding, paid },
    };
  } finally {
    await tree.close();
  }
}
