/**
 * Gas benchmark: every budgeted operation of DESIGN.md, measured on Hardhat's in-process network.
 *
 *   npm run bench            # prints the table and writes bench/REPORT.md's measured section (bench/gas.json)
 *
 * Gas is deterministic for a given EVM version, so the figures are absolute.
 */
import { writeFileSync } from "node:fs";

import { ethers as E, type ContractTransactionResponse, type Signer } from "ethers";
import { network } from "hardhat";

import { commitmentOf, modelIdOf } from "../src/sdk/ids.js";
import { DEFAULT_DEPLOY_PARAMETERS, deployDataDividends } from "../src/sdk/deploy.js";

const { ethers, networkHelpers } = await network.create();
const [admin, owner, sponsor, ...others] = await ethers.getSigners();

async function gas(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

function sortedAddresses(n: number): string[] {
  const out = new Set<string>();
  for (let i = 1; out.size < n; i++) out.add(E.getAddress(E.zeroPadValue(E.toBeHex(0x1000n + BigInt(i)), 20)));
  return [...out].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

const rows: { operation: string; gas: bigint; budget?: bigint; anchor?: string }[] = [];
function row(operation: string, g: bigint, budget?: bigint, anchor?: string) {
  rows.push({ operation, gas: g, budget, anchor });
  process.stderr.write(`  measured ${operation}: ${g}\n`);
}

let hashCounter = 1n;
const nextHash = () => E.zeroPadValue(E.toBeHex(hashCounter++ * 0x1_0000_0000n + 7n), 32);
const URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/manifest.json";

// ---- registration, commit + reveal (delay 1) and single transaction (delay 0)
{
  const d = await deployDataDividends(admin, DEFAULT_DEPLOY_PARAMETERS);
  const registrant = owner;
  const contentHash = nextHash();
  const salt = E.id("salt");
  const c = commitmentOf(contentHash, registrant.address, salt);
  const g1 = await gas(d.datasets.connect(registrant).commit(c));
  const reg = { contentHash, metadataURI: URI, contributors: [registrant.address], shares: [1] };
  const g2 = await gas(d.datasets.connect(registrant).register(reg, salt));
  row("register 1 contributor: commit", g1);
  row("register 1 contributor: reveal", g2);
  row("register 1 contributor: commit + reveal", g1 + g2, 150_000n, "EAS attest 180-200k, Vana 205k");
}
const d0 = await deployDataDividends(admin, { ...DEFAULT_DEPLOY_PARAMETERS, commitDelay: 0n });
{
  const reg = { contentHash: nextHash(), metadataURI: URI, contributors: [owner.address], shares: [1] };
  row("register 1 contributor, delay 0 (one tx)", await gas(d0.datasets.connect(owner).register(reg, E.ZeroHash)));
  const cap = sortedAddresses(256);
  const regCap = { contentHash: nextHash(), metadataURI: URI, contributors: cap, shares: cap.map(() => 1) };
  row("register 256 contributors (cap), delay 0", await gas(d0.datasets.connect(owner).register(regCap, E.ZeroHash)));
}

// ---- a model per declared-dataset count; deposits
const { token, datasets, models, vault } = d0;
await token.mint(sponsor.address, 10n ** 26n);
await token.connect(sponsor).approve(await vault.getAddress(), E.MaxUint256);

const claimer = others[0];
async function datasetFor(contributors: string[]): Promise<string> {
  const contentHash = nextHash();
  await datasets.connect(owner).register(
    { contentHash, metadataURI: URI, contributors, shares: contributors.map(() => 1) },
    E.ZeroHash,
  );
  return contentHash;
}
async function modelWith(n: number, first?: string[]): Promise<{ id: string; ds: string[] }> {
  const ds = [...(first ?? [])];
  while (ds.length < n) ds.push(await datasetFor([claimer.address]));
  ds.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const artifact = nextHash();
  await models.connect(owner).registerModel(artifact, URI, E.ZeroHash);
  const id = modelIdOf(owner.address, artifact);
  const g = await gas(models.connect(owner).declareUsage(id, ds, ds.map(() => 1)));
  if (n === 256) row("declare 256 datasets (cap)", g);
  return { id, ds };
}

for (const n of [1, 16, 256]) {
  const m = await modelWith(n);
  const first = await gas(vault.connect(sponsor).deposit(m.id, 10n ** 18n));
  const topUp = await gas(vault.connect(sponsor).deposit(m.id, 10n ** 18n));
  row(`deposit, ${n} declared dataset(s): first into this model`, first, 75_000n);
  row(`deposit, ${n} declared dataset(s): top-up`, topUp, 75_000n, "Synthetix top-up 76k; 0xSplits 2.43M at 100");
}

// ---- claims: first (fresh recipient), repeat (holder), batch marginal
{
  const fresh: Signer = others[1];
  const freshAddr = await fresh.getAddress();
  const ds = await datasetFor([freshAddr]);
  const m = await modelWith(1, [ds]);
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  const req = [{ model: m.id, dataset: ds, index: 0 }];
  row("first claim (1 edge, zero-balance recipient)", await gas(vault.claim(freshAddr, req)), 88_000n, "Merkle claim 88k");
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  row("repeat claim (1 edge, holder)", await gas(vault.claim(freshAddr, req)), 60_000n, "Merkle 71k, Synthetix 76k");
}
{
  // Batch marginal: the same model with k datasets, all new revenue, claimed once as a repeat claim.
  const holder = others[2].address;
  await token.mint(holder, 1n);
  const k = 11;
  const ds: string[] = [];
  for (let i = 0; i < k; i++) ds.push(await datasetFor([holder]));
  const m = await modelWith(k, ds);
  const reqs = m.ds.map((dataset) => ({ model: m.id, dataset, index: 0 }));
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  await vault.claim(holder, reqs); // first claims done; measure repeat claims
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  const one = await gas(vault.claim(holder, reqs.slice(0, 1)));
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  const all = await gas(vault.claim(holder, reqs));
  row(`batch claim: each extra dataset (repeat, mean of ${k - 1})`, (all - one) / BigInt(k - 1), 20_000n, "0xSplits 24k/recipient");
  // First-time batch: fresh entries for every edge.
  const m2 = await modelWith(k);
  const reqs2 = m2.ds.map((dataset) => ({ model: m2.id, dataset, index: 0 }));
  await vault.connect(sponsor).deposit(m2.id, 10n ** 18n);
  const all2 = await gas(vault.claim(claimer.address, reqs2));
  row(`batch claim: ${k} first-time edges in one tx`, all2);
}
{
  // A claim from a 256-contributor dataset: the cap must not change the per-claim cost.
  const cap = sortedAddresses(255);
  const who = others[3].address;
  const list = [...cap, who].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const ds = await datasetFor(list);
  const m = await modelWith(1, [ds]);
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  const idx = list.indexOf(who);
  row("first claim from a 256-contributor dataset", await gas(vault.claim(who, [{ model: m.id, dataset: ds, index: idx }])));
}

await networkHelpers.mine();
console.log("\n| operation | gas | budget | within | anchor |\n|---|---:|---:|:---:|---|");
for (const r of rows) {
  const within = r.budget === undefined ? "" : r.gas <= r.budget ? "yes" : "NO";
  console.log(`| ${r.operation} | ${r.gas} | ${r.budget ?? ""} | ${within} | ${r.anchor ?? ""} |`);
}
writeFileSync(
  new URL("./gas.json", import.meta.url),
  JSON.stringify(rows.map((r) => ({ ...r, gas: Number(r.gas), budget: r.budget === undefined ? null : Number(r.budget) })), null, 2) + "\n",
);
