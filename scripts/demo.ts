/**
 * The main job: the whole DataDividends flow on Hardhat's in-process network, in one process.
 *
 *   npm run demo
 *
 * Deploys through the GovernedDataDividends Ignition module (token holders are the arbiter), in memory:
 * it reads and writes no deployment record, whatever the checkout holds. Hashes the sample datasets in
 * seeds/ and writes their manifests to a temporary folder; a squatter registers one of them (a published
 * hash) before its creator; the others are registered (commit, then reveal). Registers a model from
 * seeds/models/airsense-forecaster/README.md and a fine-tune of it that owes it a royalty; pays both (the
 * owner, a sponsor through an EIP-2612 permit, a gateway's micro-payments). The creator flags the squatted
 * copy during its cooling-off, and a governance proposal (delegate, propose, vote, queue, execute) gives
 * the slot back. Claims for every contributor through a relayer (lineage royalties forwarded in the same
 * transaction), prints who got what and why, and checks that nothing was lost: deposited = paid + held,
 * with held only rounding dust, and the squatter paid nothing. Exits 1 with a one-line reason if any step
 * or check fails.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { id as keccakText } from "ethers";
import { network } from "hardhat";

import GovernedDataDividends from "../ignition/modules/GovernedDataDividends.js";
import { mineBlocks } from "../src/cli/context.js";
import { formatAmount, processIo, table } from "../src/cli/io.js";
import { runCommand, UsageError } from "../src/cli/run.js";
import { readCatalogue } from "../src/cli/seeds.js";
import { DataDividends, type DataDividendsAddresses } from "../src/sdk/client.js";
import { DataDividendsError } from "../src/sdk/errors.js";
import { hashDataset } from "../src/sdk/hashing.js";
import { FlagReason } from "../src/sdk/ids.js";
import { buildManifest, writeManifest } from "../src/sdk/manifest.js";
import { parseModelCard, usageFromModelCard } from "../src/sdk/model-card.js";
import { DataDividendsGovernor__factory } from "../types/ethers-contracts/index.js";

const io = processIo;
const TOKEN = 10n ** 18n;
const WEEK = 7n * 86_400n;
const TIMELOCK_DELAY = 3_600n;
const STEPS = 9;
const started = Date.now();
const step = (n: number, text: string) => io.err(`[${n}/${STEPS}] ${text}`);

const result = await runCommand(io, async () => {
  const connection = await network.create();
  const { ethers, ignition } = connection;
  const signers = await ethers.getSigners();
  const [admin, , , , , , , modelOwner, sponsor, gateway, relayer, squatter, tuner] = signers;
  const byAddress = new Map(signers.map((s) => [s.address.toLowerCase(), s]));
  const mine = (n: number) => mineBlocks(ethers, n);

  step(1, "deploying token, timelock, governor, registries and vault (Ignition, in memory, no record written)");
  const deployed = await ignition.deploy(GovernedDataDividends, {
    parameters: {
      $global: { adminDelay: 0n },
      DataRewardToken: { initialMint: 1_000_000n * TOKEN },
      Governance: { votingDelay: 1n, votingPeriod: 10n, timelockDelay: TIMELOCK_DELAY },
      GovernedDataDividends: { commitDelay: 1n, commitWindow: 20n, claimDelay: WEEK },
    },
  });
  const addresses: DataDividendsAddresses = {
    token: await deployed.token.getAddress(),
    datasets: await deployed.datasets.getAddress(),
    models: await deployed.models.getAddress(),
    vault: await deployed.vault.getAddress(),
  };
  const governor = DataDividendsGovernor__factory.connect(await deployed.governor.getAddress(), admin);
  const as = (signer: (typeof signers)[number]) => DataDividends.connect(signer, addresses);
  const dd = as(admin);
  const waits = { advanceBlocks: mine };

  step(2, "hashing the sample datasets and writing their manifests");
  const catalogue = await readCatalogue("seeds/datasets.json");
  const out = await mkdtemp(join(tmpdir(), "datadividends-demo-"));
  const known = new Map<string, string>();
  const hashed = [];
  for (const entry of catalogue) {
    const hash = await hashDataset(entry.directory);
    const manifest = buildManifest(hash, entry);
    const path = join(out, `${entry.name}.manifest.json`);
    await writeManifest(path, manifest);
    known.set(entry.name, hash.root);
    hashed.push({ entry, root: hash.root, files: hash.files.length, manifest: path });
  }
  io.out(
    table(
      ["dataset", "files", "license", "content hash"],
      hashed.map((h) => [h.entry.name, h.files, h.entry.license, h.root]),
    ),
  );

  step(3, "a squatter registers a published hash first; the creators register the rest (commit, then reveal)");
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
      io.err(`      ${h.entry.name}: ${error.message}`);
    }
  }

  step(4, "registering the model (its card) and a fine-tune of it that owes it 20%, each in one transaction");
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
  io.out(
    `base model ${base.id}\nfine-tune  ${tune.id} (parent weight ${tune.parentWeight} of ${4n + tune.parentWeight})`,
  );

  step(5, "paying revenue: the owner, a sponsor (permit), 20 gateway micro-payments, and the fine-tune's users");
  for (const payer of [modelOwner, sponsor, gateway, tuner]) await dd.token.transfer(payer.address, 10_000n * TOKEN);
  const payments: [string, string, bigint][] = [];
  // One row per payer and model: repeated payments (the gateway's) add up in their row.
  const pay = async (who: string, signer: (typeof signers)[number], model: string, amount: bigint, permit = false) => {
    await as(signer).deposit(model, amount, { permit });
    const label = model === base.id ? "base" : "fine-tune";
    const row = payments.find(([w, m]) => w === who && m === label);
    if (row === undefined) payments.push([who, label, amount]);
    else row[2] += amount;
  };
  await pay("model owner", modelOwner, base.id, 1_000n * TOKEN);
  await pay("sponsor (permit)", sponsor, base.id, 333n * TOKEN + 1n, true);
  for (let i = 0; i < 20; i++) await pay("gateway, 20 payments", gateway, base.id, (7n * TOKEN) / 10n + BigInt(i));
  await pay("fine-tune users", tuner, tune.id, 500n * TOKEN);
  const deposited = payments.reduce((s, [, , a]) => s + a, 0n);

  step(6, "the creator flags the squatted copy during its cooling-off: frozen, nothing has left the vault");
  const creator = byAddress.get(squatted.entry.creators[0].account.toLowerCase())!;
  await as(creator).flag(squatted.root, FlagReason.NotTheOwner, `file://${squatted.manifest}`);
  const frozenOwed = await dd.vault.owed(base.id, squatted.root, 0);
  io.out(`frozen: the squatted copy holds ${formatAmount(frozenOwed, 18)} DDR for its rightful holder`);

  step(7, "token holders rule through governance: delegate, propose, vote, queue, execute");
  await dd.token.delegate(admin.address);
  const targets = [addresses.datasets];
  const calls = [
    dd.datasets.interface.encodeFunctionData("upholdFlag", [squatted.root, creator.address, [creator.address]]),
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
  io.out(`proposal ${proposalId.toString().slice(0, 12)}… executed: the slot is ${squatted.entry.creators[0].name}'s`);

  step(8, "a week passes (the claim cooling-off), then a relayer claims for everyone, forwarding the royalty");
  await ethers.provider.send("evm_increaseTime", [Number(WEEK)]);
  await mine(1);
  const contributors = [...new Set([...catalogue.flatMap((e) => e.creators.map((c) => c.account)), squatter.address])];
  const before = new Map<string, bigint>();
  for (const c of contributors) before.set(c, await dd.token.balanceOf(c));
  for (const c of contributors) await as(relayer).claimAll(c);

  step(9, "checking the books");
  const names = new Map(catalogue.flatMap((e) => e.creators.map((c) => [c.account.toLowerCase(), c.name] as const)));
  names.set(squatter.address.toLowerCase(), "the squatter");
  const datasetName = new Map([...known].map(([name, id]) => [id, name]));
  const rows: (string | bigint)[][] = [];
  let paid = 0n;
  for (const p of await dd.listPayouts()) {
    paid += p.amount;
    const why = p.model === base.id ? "base model" : `fine-tune`;
    rows.push([
      names.get(p.account.toLowerCase()) ?? p.account,
      datasetName.get(p.dataset) ?? p.dataset,
      why,
      formatAmount(p.amount, 18),
    ]);
  }
  io.out("");
  io.out(
    table(
      ["payment", "model", "amount (DDR)"],
      payments.map(([who, model, a]) => [who, model, formatAmount(a, 18)]),
    ),
  );
  io.out("");
  io.out(table(["contributor", "dataset", "paid through", "paid (DDR)"], rows));

  let received = 0n;
  for (const c of contributors) received += (await dd.token.balanceOf(c)) - before.get(c)!;
  const held = await dd.token.balanceOf(addresses.vault);
  const stillClaimable = (await Promise.all(contributors.map((c) => dd.claimable(c)))).reduce(
    (s, r) => s + r.total,
    0n,
  );
  const squatterPaid = (await dd.token.balanceOf(squatter.address)) - before.get(squatter.address)!;
  const royalty = await dd.vault.forwarded(tune.id, base.id);
  // One rounding per share and pool edge: base (3 datasets, 6 shares) and fine-tune (1 dataset, 2 shares, parent).
  const edges = 6 + 3 + 2 + 2;
  io.out("");
  io.out(`fine-tune royalty forwarded to the base model: ${formatAmount(royalty, 18)} DDR`);
  io.out(`deposited ${formatAmount(deposited, 18)} DDR = paid ${formatAmount(paid, 18)} + held ${held} wei (dust)`);
  const checks: [string, boolean][] = [
    ["deposited = paid + held", deposited === paid + held],
    ["paid = what contributors' balances grew by", received === paid],
    ["nothing left to claim", stillClaimable === 0n],
    [`held is rounding dust (at most 1 wei per edge, ${edges} edges)`, held <= BigInt(edges)],
    ["the squatter was paid nothing", squatterPaid === 0n],
    ["the fine-tune paid its base model's data", royalty > 0n],
  ];
  for (const [what, ok] of checks) io.out(`${ok ? "ok  " : "FAIL"}  ${what}`);
  const failed = checks.filter(([, ok]) => !ok);
  if (failed.length > 0) throw new UsageError(`conservation check failed: ${failed.map(([w]) => w).join("; ")}`);
  io.out(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; manifests in ${out}`);
  await connection.close();
});
process.exitCode = result.success ? 0 : 1;
