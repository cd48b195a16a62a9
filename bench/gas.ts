/**
 * Gas benchmark of every operation DESIGN.md budgets, on Hardhat's in-process network (EVM osaka).
 *
 *   npm run bench
 *
 * Prints a table and rewrites bench/REPORT.md and bench/gas.json from the measurements.
 * Gas is deterministic for a given compiler, settings and EVM version, so the figures are absolute;
 * exits non-zero if a measurement cannot be taken.
 *
 *   npm run gas:check      (GAS_CHECK=1: CI's gas snapshot gate)
 *
 * Measures the same and compares with the committed bench/gas.json instead of writing: any operation
 * whose gas changed, appeared or disappeared fails the run, so a gas change lands only together with
 * its regenerated snapshot (`npm run gas:snapshot`), and is reviewed like code.
 */
import { readFileSync, writeFileSync } from "node:fs";

import {
  MaxUint256,
  ZeroAddress,
  ZeroHash,
  getAddress,
  toBeHex,
  zeroPadValue,
  type ContractTransactionResponse,
} from "ethers";
import { network } from "hardhat";

import { SOURCES, artifact, type ContractName } from "../src/hardhat/artifacts.js";
import { DEFAULT_DEPLOY_PARAMETERS, deployDataDividends, type Deployment } from "../src/hardhat/deploy.js";
import { MockERC20__factory, RewardVault__factory } from "../typechain-types/index.js";
import { commitmentOf, modelIdOf, sortByAscendingId } from "../src/protocol/ids.js";
import { climb, identityCommitment, writeSum, type SlotLeaf } from "../src/protocol/share-tree.js";
import { rewardVaultDomain, shareTreesDomain, signBinding, signClaim } from "../src/sdk/signatures.js";

const OSAKA_TX_GAS_CAP = 16_777_216n; // EIP-7825: the most one transaction may use from Osaka on.
const URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/manifest.json";

interface Row {
  operation: string;
  gas: bigint;
  budget?: bigint;
  anchor?: string;
}

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const [admin, owner, sponsor, ...people] = await ethers.getSigners();
const rows: Row[] = [];
let step = 0;

async function gas(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null || receipt.status !== 1) throw new Error("transaction failed");
  return receipt.gasUsed;
}

function record(operation: string, measured: bigint, budget?: bigint, anchor?: string): bigint {
  rows.push({ operation, gas: measured, budget, anchor });
  process.stderr.write(`[${String(++step).padStart(2)}] ${operation}: ${measured}\n`);
  return measured;
}

const ascending = (xs: string[]) => sortByAscendingId(xs, (x) => x);
function addresses(n: number, base: number): string[] {
  return ascending(Array.from({ length: n }, (_, i) => getAddress(zeroPadValue(toBeHex(base + i), 20))));
}
let counter = 1n;
const freshHash = () => zeroPadValue(toBeHex(counter++ * 2n ** 64n + 7n), 32);

async function dataset(d: Deployment, contributors: string[]): Promise<string> {
  const contentHash = freshHash();
  const shares = contributors.map(() => 1n);
  await d.datasets.connect(owner).register({ contentHash, metadataURI: URI, contributors, shares }, ZeroHash);
  return contentHash;
}

/** Registers a model with its declaration (and a parent edge where given); `declare` is its gas. */
async function model(
  d: Deployment,
  datasets: string[],
  lineage: { parent: string; parentWeight: bigint; minRoyaltyBps?: bigint } = { parent: ZeroHash, parentWeight: 0n },
): Promise<{ id: string; declare: bigint }> {
  const artifact = freshHash();
  const sorted = ascending(datasets);
  const declare = await gas(
    d.models.connect(owner).registerModel({
      artifactHash: artifact,
      metadataURI: URI,
      datasets: sorted,
      weights: sorted.map(() => 1n),
      parent: lineage.parent,
      parentWeight: lineage.parentWeight,
      minRoyaltyBps: lineage.minRoyaltyBps ?? 0n,
    }),
  );
  return { id: modelIdOf(owner.address, artifact), declare };
}

// ---------- registration
const delayed = await deployDataDividends(admin, DEFAULT_DEPLOY_PARAMETERS);
{
  const contentHash = freshHash();
  const salt = ethers.id("salt");
  const commit = await gas(delayed.datasets.connect(owner).commit(commitmentOf(contentHash, owner.address, salt)));
  const reveal = await gas(
    delayed.datasets
      .connect(owner)
      .register({ contentHash, metadataURI: URI, contributors: [owner.address], shares: [1n] }, salt),
  );
  record("register, 1 contributor: commit", commit);
  record("register, 1 contributor: reveal", reveal);
  record(
    "register, 1 contributor: commit + reveal",
    commit + reveal,
    150_000n,
    "EAS attest 180-200k; Vana addFile 205k",
  );
}
const d = await deployDataDividends(admin, { ...DEFAULT_DEPLOY_PARAMETERS, commitDelay: 0n });
{
  const single = { contentHash: freshHash(), metadataURI: URI, contributors: [owner.address], shares: [1n] };
  record(
    "register, 1 contributor, commit delay 0 (one transaction)",
    await gas(d.datasets.connect(owner).register(single, ZeroHash)),
  );
  const cap = addresses(256, 0x1000);
  const big = { contentHash: freshHash(), metadataURI: URI, contributors: cap, shares: cap.map(() => 1n) };
  record("register, 256 contributors (cap), delay 0", await gas(d.datasets.connect(owner).register(big, ZeroHash)));
}

// ---------- atomic model registration
record(
  "register a model and declare 1 dataset, one transaction",
  (await model(d, [await dataset(d, [owner.address])])).declare,
  160_000n,
  "EAS attest 180k",
);

// The vault measured pays a plain OpenZeppelin ERC-20, as the anchors do; the bundled token's votes
// add their own cost to every transfer (the last claim row below, paying DataRewardToken).
const plain = await new MockERC20__factory(admin).deploy("Plain", 18);
const vault = await new RewardVault__factory(admin).deploy(plain, d.datasets, d.models, 0n, admin.address);

// ---------- deposits
await plain.mint(sponsor.address, 10n ** 26n);
// Recurring payers approve the maximum (OpenZeppelin then never writes the allowance down; a finite
// allowance adds about 3k per deposit for that write).
await plain.connect(sponsor).approve(await vault.getAddress(), MaxUint256);
const holder = people[0].address;
{
  // The vault's very first deposit also makes its own token balance non-zero (a one-off 20k).
  const warm = await model(d, [await dataset(d, [holder])]);
  record(
    "deposit: the vault's first deposit ever (one-off)",
    await gas(vault.connect(sponsor).deposit(warm.id, 10n ** 18n)),
  );
}
let declareAtCap = 0n;
for (const n of [1, 16, 256]) {
  const ds: string[] = [];
  for (let i = 0; i < n; i++) ds.push(await dataset(d, [holder]));
  const m = await model(d, ds);
  if (n === 256) declareAtCap = m.declare;
  record(
    `deposit, ${n} declared dataset(s): first into this model`,
    await gas(vault.connect(sponsor).deposit(m.id, 10n ** 18n)),
    75_000n,
  );
  record(
    `deposit, ${n} declared dataset(s): top-up`,
    await gas(vault.connect(sponsor).deposit(m.id, 10n ** 18n)),
    75_000n,
    "Synthetix notifyRewardAmount top-up 76k; 0xSplits distribute 2.43M at 100",
  );
}
record("register a model declaring 256 datasets (cap)", declareAtCap);

// ---------- claims
let firstClaim: bigint;
let repeatClaim: bigint;
{
  const fresh = people[1].address;
  const ds = await dataset(d, [fresh]);
  const m = await model(d, [ds]);
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  const request = [{ model: m.id, dataset: ds, index: 0 }];
  firstClaim = record(
    "first claim: 1 edge, zero-balance recipient",
    await gas(vault.claim(fresh, request)),
    100_000n,
    "Uniswap MerkleDistributor claim 88-90k first",
  );
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  repeatClaim = record(
    "repeat claim: 1 edge, new revenue, holder",
    await gas(vault.claim(fresh, request)),
    62_000n,
    "Merkle 71k; Synthetix getReward 76k; 0xSplits withdraw 48k + its O(n) distribute",
  );
}
// A relayed claim (claimBySig): the same edge shape, signed by a contributor with no ETH, sent by another
// account that takes a tip out of it (a second transfer, to a relayer that already holds the token).
let relayedFirst: bigint;
let relayedRepeat: bigint;
{
  const contributor = people[6];
  const relayer = sponsor; // holds DDR already, as a keeper would
  const ds = await dataset(d, [contributor.address]);
  const m = await model(d, [ds]);
  const requests = [{ model: m.id, dataset: ds, index: 0 }];
  const { chainId } = await ethers.provider.getNetwork();
  const domain = rewardVaultDomain(chainId, await vault.getAddress());
  const deadline = 2n ** 40n;
  const relay = async () => {
    const nonce = await vault.nonces(contributor.address);
    const terms = { relayer: relayer.address, maxTip: 10n ** 16n, maxTipBps: 1_000, deadline };
    const signature = await signClaim(contributor, domain, { account: contributor.address, requests, ...terms, nonce });
    return gas(vault.connect(relayer).claimBySig(contributor.address, requests, terms, 10n ** 16n, signature));
  };
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  relayedFirst = record("relayed claim (signed, tip to the sender): 1 edge, zero-balance recipient", await relay());
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  relayedRepeat = record("relayed claim (signed, tip to the sender): repeat", await relay());
}
{
  const who = people[2].address;
  const k = 11;
  const ds: string[] = [];
  for (let i = 0; i < k; i++) ds.push(await dataset(d, [who]));
  const m = await model(d, ds);
  const requests = ascending(ds).map((dataset) => ({ model: m.id, dataset, index: 0 }));
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  const firstBatch = await gas(vault.claim(who, requests));
  record(`first claim of ${k} edges in one transaction`, firstBatch);
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  const one = await gas(vault.claim(who, requests.slice(0, 1)));
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  const all = await gas(vault.claim(who, requests));
  record(
    `batch claim: each extra dataset (repeat claims, mean of ${k - 1})`,
    (all - one) / BigInt(k - 1),
    20_000n,
    "0xSplits v1 ~24k per extra recipient",
  );
}
{
  const list = addresses(255, 0x9000);
  const who = people[3].address;
  const all = ascending([...list, who]);
  const ds = await dataset(d, all);
  const m = await model(d, [ds]);
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  record(
    "first claim from a 256-contributor dataset (cap)",
    await gas(vault.claim(who, [{ model: m.id, dataset: ds, index: all.indexOf(who) }])),
  );
}

// ---------- lineage: forwarding one hop
{
  const base = await model(d, [await dataset(d, [holder])], {
    parent: ZeroHash,
    parentWeight: 0n,
    minRoyaltyBps: 1000n,
  });
  const child = await model(d, [await dataset(d, [holder])], { parent: base.id, parentWeight: 1n });
  await vault.connect(sponsor).deposit(base.id, 10n ** 18n); // the parent's pool has had revenue
  await vault.connect(sponsor).deposit(child.id, 10n ** 18n);
  record("forward one lineage hop: first", await gas(vault.forward(child.id, base.id)), 60_000n);
  await vault.connect(sponsor).deposit(child.id, 10n ** 18n);
  record("forward one lineage hop: repeat", await gas(vault.forward(child.id, base.id)), 40_000n);
}

// ---------- disputes
{
  const flagged = await dataset(d, [holder]);
  const bond = await d.datasets.flagBond();
  record(
    "flag a dataset (bond included)",
    await gas(d.datasets.connect(sponsor).flag(flagged, 2n, "ipfs://bafybeievidence/flag.json", { value: bond })),
    120_000n,
  );
}

// ---------- crowds: share trees
// A depth-20 tree (2^20 slots) of which only the measured slot's leaf is known: its proof's siblings are random
// hashes with random sums, and the root and total are what the leaf climbs to. That is a valid tree for the
// contract (it sees one path), and it prices exactly what a million-slot tree's proof costs.
function syntheticTree(leaf: SlotLeaf, index: number, depth: number) {
  const hashes = Array.from({ length: depth }, (_, i) => ethers.id(`sibling ${index} ${i}`));
  const sums = new Uint8Array(depth * 5);
  for (let i = 0; i < depth; i++) writeSum(sums, i * 5, 1_000 + i);
  const path = { hashes, sums: ethers.hexlify(sums) };
  const { root, total } = climb(leaf, index, path);
  return { root, total: BigInt(total), path };
}
const SLOT = 0x5a5a5; // a slot deep inside the tree: both sides of the path occur
const FAR_DEADLINE = 2n ** 39n;
/** A sweep's deadline: a fixed date after any run's (2033-05-18), reached by moving the chain's clock to it. */
const SWEEP_DEADLINE = 2_000_000_000n;
const treeTerms = (root: string, slotCount: number, totalShares: bigint, deadline = 2n ** 39n) => ({
  contentHash: freshHash(),
  metadataURI: URI,
  tree: { root, slotCount, totalShares, deadline, fallbackAccount: sponsor.address, keepsEarning: true },
});
{
  for (const slots of [1, 1024, 2 ** 20]) {
    const terms = treeTerms(ethers.id(`root ${slots}`), slots, BigInt(slots));
    const salt = ethers.id("tree salt");
    const commit = await gas(
      delayed.datasets.connect(owner).commit(commitmentOf(terms.contentHash, owner.address, salt)),
    );
    const reveal = await gas(delayed.shareTrees.connect(owner).registerTree(terms, salt));
    record(
      `register a share tree of ${slots.toLocaleString("en-US")} slot(s): commit + reveal`,
      commit + reveal,
      180_000n,
      "EAS attest 180-200k; a 1-contributor list 153.9k (above)",
    );
  }
}
{
  // Address slot 0 of a 2^20-slot tree (index 0, as the listed rows above, so calldata matches): proven in its first
  // claim, then claimed as a listed slot; beside it, a listed slot making the same claims.
  const fresh = people[7].address;
  const leaf = { account: fresh, identity: ZeroHash, shares: 7n };
  const { root, total, path } = syntheticTree(leaf, 0, 20);
  const terms = treeTerms(root, 2 ** 20, total);
  await d.shareTrees.connect(owner).registerTree(terms, ZeroHash);
  const ds = terms.contentHash;
  const listed = await dataset(d, [people[10].address]);
  const m = await model(d, [ds, listed]);
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  record(
    "deposit top-up into a model declaring a 2^20-slot tree dataset",
    await gas(vault.connect(sponsor).deposit(m.id, 10n ** 18n)),
    75_000n,
    "the list rows above: flat whatever the datasets' slot counts",
  );
  const proof = { dataset: ds, tree: terms.tree, index: 0, ...leaf, ...path };
  const request = [{ model: m.id, dataset: ds, index: 0 }];
  record(
    "first claim of a tree slot at depth 20, proving it (proveAndClaim)",
    await gas(d.shareTrees.proveAndClaim(vault, fresh, [proof], request)),
    140_000n,
    "Uniswap MerkleDistributor one-shot claim at 10^6 recipients 97.8k (issue 28)",
  );
  const listedRequest = [{ model: m.id, dataset: listed, index: 0 }];
  await gas(vault.claim(people[10].address, listedRequest));
  await vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  const listedRepeat = await gas(vault.claim(people[10].address, listedRequest));
  record(
    "repeat claim of a proven tree slot (new revenue)",
    await gas(vault.claim(fresh, request)),
    listedRepeat,
    "a listed slot's repeat claim on the same model, measured beside it",
  );
  // Both slots on another model: a first claim on an edge, by holders of the token.
  const other = await model(d, [ds, listed]);
  await vault.connect(sponsor).deposit(other.id, 10n ** 18n);
  const listedFirst = await gas(vault.claim(people[10].address, [{ model: other.id, dataset: listed, index: 0 }]));
  record(
    "first claim on another model of a proven tree slot",
    await gas(vault.claim(fresh, [{ model: other.id, dataset: ds, index: 0 }])),
    listedFirst,
    "a listed slot's first claim on that model, measured beside it",
  );
}
{
  // Identity slots of a 2^20-slot tree: a binding (propose, then complete after the window), and a sweep.
  const attester = people[8];
  await d.datasets.connect(admin).grantRole(ethers.id("ATTESTER_ROLE"), attester.address);
  const { chainId } = await ethers.provider.getNetwork();
  const domain = shareTreesDomain(chainId, await d.shareTrees.getAddress());
  const identity = identityCommitment("hf:someone", ethers.id("salt"), SLOT);
  const leaf = { account: ZeroAddress, identity, shares: 7n };
  const { root, total, path } = syntheticTree(leaf, SLOT, 20);
  // Fixed deadlines, not ones from the clock: a deadline is calldata, and a zero byte in it costs 12 gas less, so
  // a deadline from the run's date would move these rows from one day to the next.
  const terms = treeTerms(root, 2 ** 20, total, FAR_DEADLINE);
  await d.shareTrees.connect(owner).registerTree(terms, ZeroHash);
  const proof = { dataset: terms.contentHash, tree: terms.tree, index: SLOT, ...leaf, ...path };
  const account = people[9].address;
  const message = { dataset: terms.contentHash, index: SLOT, identity, account, attempt: 0, deadline: 2n ** 40n };
  const signature = await signBinding(attester, domain, message);
  const attestation = { account, attester: attester.address, attempt: 0, deadline: message.deadline };
  const propose = record(
    "bind an identity slot at depth 20: propose (attestation checked)",
    await gas(d.shareTrees.proposeBinding(proof, attestation, signature)),
    100_000n,
  );
  await time.increase(await d.shareTrees.bindingWindow());
  const complete = record(
    "bind an identity slot: complete after the window",
    await gas(d.shareTrees.completeBinding(terms.contentHash, SLOT, terms.tree)),
    100_000n,
  );
  record("bind an identity slot: propose + complete", propose + complete);
  // Another identity slot, unbound at the deadline: swept to the fallback account.
  const unbound = {
    account: ZeroAddress,
    identity: identityCommitment("hf:nobody", ethers.id("salt"), SLOT),
    shares: 3n,
  };
  const swept = syntheticTree(unbound, SLOT, 20);
  await time.increaseTo(SWEEP_DEADLINE - 86_400n);
  const sweepTerms = treeTerms(swept.root, 2 ** 20, swept.total, SWEEP_DEADLINE);
  await d.shareTrees.connect(owner).registerTree(sweepTerms, ZeroHash);
  await time.increaseTo(SWEEP_DEADLINE + 86_400n);
  record(
    "sweep an unbound identity slot at depth 20 to the fallback",
    await gas(
      d.shareTrees.sweep({
        dataset: sweepTerms.contentHash,
        tree: sweepTerms.tree,
        index: SLOT,
        ...unbound,
        ...swept.path,
      }),
    ),
    firstClaim,
    "a listed slot's first claim (above)",
  );
}

// ---------- the bundled token: its ERC-5805 votes make every transfer dearer
{
  const fresh = people[5].address;
  const ds = await dataset(d, [fresh]);
  const m = await model(d, [ds]);
  await d.token.mint(sponsor.address, 10n ** 24n);
  await d.token.connect(sponsor).approve(await d.vault.getAddress(), MaxUint256);
  await d.vault.connect(sponsor).deposit(m.id, 10n ** 18n);
  record(
    "first claim paying DataRewardToken (ERC20Votes), zero-balance recipient",
    await gas(d.vault.claim(fresh, [{ model: m.id, dataset: ds, index: 0 }])),
  );
}

// ---------- floors, measured here, to take the first claim apart
const transferToFresh = await gas(plain.connect(sponsor).transfer(people[4].address, 1n));
const transferToHolder = await gas(plain.connect(sponsor).transfer(people[4].address, 1n));
record("floor: ERC-20 transfer to a zero-balance address", transferToFresh);
record("floor: ERC-20 transfer to a holder", transferToHolder);

// ---------- sizes
/** EIP-170's cap on a contract's runtime bytecode, and the most each may use: 10% headroom (DESIGN.md). */
const EIP170 = 24_576;
const SIZE_LIMIT = Math.floor(EIP170 * 0.9);
interface SizeRow {
  contract: ContractName;
  bytes: number;
}
const sizes: SizeRow[] = (Object.keys(SOURCES) as ContractName[]).map((contract) => ({
  contract,
  // The deployed (runtime) bytecode; immutables are placeholders of their final size.
  bytes: (artifact(contract).deployedBytecode.length - 2) / 2,
}));
const sizeTable = [
  `| contract | runtime bytes | limit (90% of EIP-170's ${EIP170.toLocaleString("en-US")}) | headroom under EIP-170 | within |`,
  "|---|---:|---:|---:|:---:|",
  ...sizes.map(
    (r) =>
      `| ${r.contract} | ${r.bytes.toLocaleString("en-US")} | ${SIZE_LIMIT.toLocaleString("en-US")} | ${(((EIP170 - r.bytes) / EIP170) * 100).toFixed(1)}% | ${r.bytes <= SIZE_LIMIT ? "yes" : "**no**"} |`,
  ),
].join("\n");
console.log(`\n${sizeTable}\n`);
const oversized = sizes.filter((r) => r.bytes > SIZE_LIMIT);

// ---------- report
const pad = (s: string, n: number) => s.padEnd(n);
const table = [
  "| operation | gas | budget | within | anchor |",
  "|---|---:|---:|:---:|---|",
  ...rows.map((r) => {
    const within = r.budget === undefined ? "" : r.gas <= r.budget ? "yes" : "**no**";
    return `| ${r.operation} | ${r.gas.toLocaleString("en-US")} | ${r.budget?.toLocaleString("en-US") ?? ""} | ${within} | ${r.anchor ?? ""} |`;
  }),
].join("\n");
console.log(`\n${table}\n`);
const missed = rows.filter((r) => r.budget !== undefined && r.gas > r.budget);
console.log(missed.length === 0 ? "All budgets met." : `Budgets missed: ${missed.map((r) => r.operation).join("; ")}`);

/** A measured figure by name: gas for an operation, runtime bytes for a contract's size. */
const figures = [
  ...rows.map((r) => ({ name: r.operation, value: r.gas, unit: "gas" })),
  ...sizes.map((r) => ({ name: `size: ${r.contract}`, value: BigInt(r.bytes), unit: "bytes" })),
];

if (process.env.GAS_CHECK === "1") {
  const snapshot = JSON.parse(readFileSync(new URL("./gas.json", import.meta.url), "utf8")) as {
    operation: string;
    gas?: number;
    bytes?: number;
  }[];
  const committed = new Map(snapshot.map((e) => [e.operation, BigInt(e.gas ?? e.bytes ?? -1)]));
  const measured = new Map(figures.map((f) => [f.name, f.value]));
  const changes = [
    ...figures
      .filter((f) => committed.get(f.name) !== f.value)
      .map((f) =>
        committed.has(f.name)
          ? `${f.name}: ${committed.get(f.name)} -> ${f.value} ${f.unit}`
          : `${f.name}: new (${f.value} ${f.unit})`,
      ),
    ...snapshot.filter((e) => !measured.has(e.operation)).map((e) => `${e.operation}: no longer measured`),
  ];
  for (const r of oversized) {
    changes.push(`size: ${r.contract}: ${r.bytes} bytes is over ${SIZE_LIMIT} (less than 10% headroom under EIP-170)`);
  }
  if (changes.length > 0) {
    for (const change of changes) console.error(`gas changed: ${change}`);
    console.error(
      `error: ${changes.length} figure(s) differ from bench/gas.json or pass a limit; run \`npm run gas:snapshot\` and commit the result (a size over its limit needs the contract made smaller)`,
    );
    process.exit(1);
  }
  console.log(`gas snapshot: ${rows.length} operations and ${sizes.length} contract sizes match bench/gas.json`);
  process.exit(0);
}

const claimPartsAboveFloor = firstClaim - transferToFresh;
function rowOf(operation: string): Row {
  const row = rows.find((r) => r.operation === operation);
  if (row === undefined) throw new Error(`no measurement named "${operation}"`);
  return row;
}
const figure = (operation: string) => rowOf(operation).gas.toLocaleString("en-US");
/** The budget a row was measured against (for the rows whose budget is a measurement beside them). */
function budgetOf(operation: string): string {
  const { budget } = rowOf(operation);
  if (budget === undefined) throw new Error(`no budget for "${operation}"`);
  return budget.toLocaleString("en-US");
}
const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  devDependencies: Record<string, string>;
};
const compiler = packageJson.devDependencies.solc;
const report = readFileSync(new URL("./REPORT.template.md", import.meta.url), "utf8")
  .replace("{{TABLE}}", table)
  .replace("{{SIZES}}", sizeTable)
  .replace("{{SOLC}}", compiler)
  .replaceAll("{{FIRST_CLAIM}}", firstClaim.toLocaleString("en-US"))
  .replaceAll("{{REPEAT_CLAIM}}", repeatClaim.toLocaleString("en-US"))
  .replaceAll("{{TRANSFER_HOLDER}}", transferToHolder.toLocaleString("en-US"))
  .replaceAll("{{REPEAT_ABOVE_FLOOR}}", (repeatClaim - transferToHolder).toLocaleString("en-US"))
  .replaceAll("{{REPEAT_TO_55K}}", (repeatClaim - 55_000n).toLocaleString("en-US"))
  .replaceAll("{{RELAYED_FIRST}}", relayedFirst.toLocaleString("en-US"))
  .replaceAll("{{RELAYED_REPEAT}}", relayedRepeat.toLocaleString("en-US"))
  .replaceAll("{{RELAY_EXTRA_FIRST}}", (relayedFirst - firstClaim).toLocaleString("en-US"))
  .replaceAll("{{RELAY_EXTRA_REPEAT}}", (relayedRepeat - repeatClaim).toLocaleString("en-US"))
  .replaceAll("{{TRANSFER_FRESH}}", transferToFresh.toLocaleString("en-US"))
  .replaceAll("{{ABOVE_FLOOR}}", claimPartsAboveFloor.toLocaleString("en-US"))
  .replaceAll("{{DECLARE_CAP}}", declareAtCap.toLocaleString("en-US"))
  .replaceAll("{{REGISTER_CAP}}", figure("register, 256 contributors (cap), delay 0"))
  .replaceAll("{{TX_CAP}}", OSAKA_TX_GAS_CAP.toLocaleString("en-US"))
  .replaceAll("{{REGISTER}}", figure("register, 1 contributor: commit + reveal"))
  .replaceAll("{{FORWARD_FIRST}}", figure("forward one lineage hop: first"))
  .replaceAll("{{FORWARD_REPEAT}}", figure("forward one lineage hop: repeat"))
  .replaceAll("{{TREE_REGISTER}}", figure("register a share tree of 1,048,576 slot(s): commit + reveal"))
  .replaceAll("{{TREE_TOPUP}}", figure("deposit top-up into a model declaring a 2^20-slot tree dataset"))
  .replaceAll("{{TREE_FIRST_CLAIM}}", figure("first claim of a tree slot at depth 20, proving it (proveAndClaim)"))
  .replaceAll(
    "{{TREE_FIRST_OVER}}",
    (rowOf("first claim of a tree slot at depth 20, proving it (proveAndClaim)").gas - firstClaim).toLocaleString(
      "en-US",
    ),
  )
  .replaceAll("{{TREE_REPEAT}}", figure("repeat claim of a proven tree slot (new revenue)"))
  .replaceAll("{{TREE_REPEAT_LISTED}}", budgetOf("repeat claim of a proven tree slot (new revenue)"))
  .replaceAll("{{TREE_OTHER}}", figure("first claim on another model of a proven tree slot"))
  .replaceAll("{{TREE_OTHER_LISTED}}", budgetOf("first claim on another model of a proven tree slot"))
  .replaceAll("{{BIND_PROPOSE}}", figure("bind an identity slot at depth 20: propose (attestation checked)"))
  .replaceAll("{{BIND_COMPLETE}}", figure("bind an identity slot: complete after the window"))
  .replaceAll("{{SWEEP}}", figure("sweep an unbound identity slot at depth 20 to the fallback"))
  .replaceAll(
    "{{SIZE_DatasetRegistry}}",
    sizes.find((r) => r.contract === "DatasetRegistry")!.bytes.toLocaleString("en-US"),
  );
writeFileSync(new URL("./REPORT.md", import.meta.url), report);
writeFileSync(
  new URL("./gas.json", import.meta.url),
  JSON.stringify(
    [
      ...rows.map((r) => ({
        operation: r.operation,
        gas: Number(r.gas),
        budget: r.budget === undefined ? null : Number(r.budget),
      })),
      ...sizes.map((r) => ({ operation: `size: ${r.contract}`, bytes: r.bytes, budget: SIZE_LIMIT })),
    ],
    null,
    2,
  ) + "\n",
);
console.log(
  `wrote bench/REPORT.md and bench/gas.json (${pad(String(rows.length), 0)} measurements, ${sizes.length} sizes)`,
);
if (oversized.length > 0) {
  console.error(`error: over the size limit: ${oversized.map((r) => `${r.contract} ${r.bytes}`).join(", ")}`);
  process.exit(1);
}
