/**
 * The main job: the whole DataDividends flow on Hardhat's in-process network, in one process.
 *
 *   npm run demo
 *
 * Deploys through the same Ignition module as `npx hardhat deploy`, hashes the sample datasets in
 * seeds/ and writes their manifests, registers them (commit, then reveal a block later), registers a
 * model from seeds/models/airsense-forecaster/README.md, pays it several times (its owner, a sponsor
 * through an EIP-2612 permit, and a gateway's micro-payments), claims for every contributor through a
 * relayer, prints who got what, and checks that nothing was lost: deposited = paid + held, with held
 * only rounding dust. Exits 1 with a one-line reason if any step or the check fails.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { network } from "hardhat";

import { deployCommand } from "../src/cli/commands/deploy.js";
import { mineBlocks } from "../src/cli/context.js";
import { formatAmount, processIo, table } from "../src/cli/io.js";
import { runCommand, UsageError } from "../src/cli/run.js";
import { readCatalogue } from "../src/cli/seeds.js";
import { DataDividends } from "../src/sdk/client.js";
import { hashDataset } from "../src/sdk/hashing.js";
import { buildManifest, writeManifest } from "../src/sdk/manifest.js";
import { parseModelCard, usageFromModelCard } from "../src/sdk/model-card.js";

const io = processIo;
const TOKEN = 10n ** 18n;
const started = Date.now();
const step = (n: number, text: string) => io.err(`[${n}/7] ${text}`);

const result = await runCommand(io, async () => {
  const connection = await network.create();
  const { ethers } = connection;
  const signers = await ethers.getSigners();
  const [admin, , , , , , , modelOwner, sponsor, gateway, relayer] = signers;
  const byAddress = new Map(signers.map((s) => [s.address.toLowerCase(), s]));

  step(1, "deploying token, registries and vault (Hardhat Ignition, in-process)");
  const addresses = await deployCommand({ parameters: "ignition/parameters/hardhat.json" }, connection, {
    ...io,
    out: () => {},
  });
  const as = (signer: (typeof signers)[number]) => DataDividends.connect(signer, addresses);
  const dd = as(admin);

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

  step(3, "registering each dataset from its first creator's account (commit, then reveal)");
  for (const h of hashed) {
    const registrant = byAddress.get(h.entry.creators[0].account.toLowerCase());
    if (registrant === undefined)
      throw new UsageError(`${h.entry.name}: creator ${h.entry.creators[0].account} is not a local account`);
    await as(registrant).registerDataset(
      {
        contentHash: h.root,
        metadataURI: `file://${h.manifest}`,
        contributors: h.entry.creators.map((c) => ({ account: c.account, shares: c.shares })),
      },
      { advanceBlocks: (n) => mineBlocks(ethers, n) },
    );
  }

  step(4, "registering the model from its card and declaring its usage");
  const card = parseModelCard(await readFile("seeds/models/airsense-forecaster/README.md", "utf8"));
  const usage = usageFromModelCard(card, known);
  const model = await as(modelOwner).registerModel({
    artifactHash: ethers.id("airsense-forecaster-v1 weights"),
    metadataURI: "hf://datadividends/airsense-forecaster",
    usage,
  });

  step(5, "paying revenue: the owner, a sponsor (permit), and 20 gateway micro-payments");
  for (const payer of [modelOwner, sponsor, gateway]) await dd.token.transfer(payer.address, 10_000n * TOKEN);
  const payments: [string, bigint][] = [];
  await as(modelOwner).deposit(model.id, 1_000n * TOKEN);
  payments.push(["model owner", 1_000n * TOKEN]);
  await as(sponsor).deposit(model.id, 333n * TOKEN + 1n, { permit: true });
  payments.push(["sponsor (permit)", 333n * TOKEN + 1n]);
  for (let i = 0; i < 20; i++) await as(gateway).deposit(model.id, (7n * TOKEN) / 10n + BigInt(i));
  payments.push(["gateway, 20 payments", 20n * ((7n * TOKEN) / 10n) + 190n]);
  const deposited = await dd.vault.inflow(model.id);

  step(6, "claiming for every contributor, sent by a relayer (contributors pay no gas)");
  const contributors = [...new Set(catalogue.flatMap((e) => e.creators.map((c) => c.account)))];
  const before = new Map<string, bigint>();
  for (const c of contributors) before.set(c, await dd.token.balanceOf(c));
  for (const c of contributors) await as(relayer).claimAll(c);

  step(7, "checking the books");
  const rows: (string | bigint)[][] = [];
  let paid = 0n;
  for (const entry of catalogue) {
    const id = known.get(entry.name)!;
    const credited = await dd.vault.credited(model.id, id);
    const totalShares = entry.creators.reduce((s, c) => s + BigInt(c.shares), 0n);
    for (const creator of entry.creators) {
      const payouts = (await dd.listPayouts(creator.account)).filter((p) => p.dataset === id);
      const amount = payouts.reduce((s, p) => s + p.amount, 0n);
      paid += amount;
      rows.push([
        creator.name,
        entry.name,
        `${creator.shares}/${totalShares}`,
        formatAmount(credited, 18),
        formatAmount(amount, 18),
      ]);
    }
  }
  io.out("");
  io.out(
    table(
      ["payment", "amount (DDR)"],
      payments.map(([who, a]) => [who, formatAmount(a, 18)]),
    ),
  );
  io.out("");
  io.out(table(["contributor", "dataset", "share", "dataset credited", "paid (DDR)"], rows));

  let received = 0n;
  for (const c of contributors) received += (await dd.token.balanceOf(c)) - before.get(c)!;
  const held = await dd.token.balanceOf(addresses.vault);
  const stillClaimable = (await Promise.all(contributors.map((c) => dd.claimable(c)))).reduce(
    (s, r) => s + r.total,
    0n,
  );
  const edges = usage.length * catalogue.reduce((s, e) => s + e.creators.length, 0);
  io.out("");
  io.out(`deposited ${formatAmount(deposited, 18)} DDR = paid ${formatAmount(paid, 18)} + held ${held} wei (dust)`);
  const checks: [string, boolean][] = [
    ["deposited = paid + held", deposited === paid + held],
    ["paid = what contributors' balances grew by", received === paid],
    ["nothing left to claim", stillClaimable === 0n],
    [`held is rounding dust (< 1 wei per edge, ${edges} edges)`, held < BigInt(edges)],
  ];
  for (const [what, ok] of checks) io.out(`${ok ? "ok  " : "FAIL"}  ${what}`);
  const failed = checks.filter(([, ok]) => !ok);
  if (failed.length > 0) throw new UsageError(`conservation check failed: ${failed.map(([w]) => w).join("; ")}`);
  io.out(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; manifests in ${out}`);
  await connection.close();
});
if (!result.success) process.exitCode = 1;
