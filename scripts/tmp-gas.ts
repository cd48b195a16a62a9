import { ZeroHash, MaxUint256 } from "ethers";
import { network } from "hardhat";
import { DEFAULT_DEPLOY_PARAMETERS, deployDataDividends } from "../src/hardhat/deploy.js";
import { climb, writeSum } from "../src/protocol/share-tree.js";
import { MockERC20__factory, RewardVault__factory } from "../typechain-types/index.js";
import { modelIdOf } from "../src/protocol/ids.js";
const { ethers, networkHelpers } = await network.create();
const [admin, owner, sponsor, ...people] = await ethers.getSigners();
const d = await deployDataDividends(admin, { ...DEFAULT_DEPLOY_PARAMETERS });
const plain = await new MockERC20__factory(admin).deploy("Plain", 18);
const vault = await new RewardVault__factory(admin).deploy(plain, d.datasets, d.models, 0n, admin.address);
await plain.mint(sponsor.address, 10n ** 26n);
await plain.connect(sponsor).approve(await vault.getAddress(), MaxUint256);
const g = async (tx: any) => (await (await tx).wait()).gasUsed;
let n = 0;
for (const depth of [0, 20]) {
  for (const mode of ["split", "combined"]) {
    const who = people[n++].address;
    const leaf = { account: who, identity: ZeroHash, shares: 7n };
    const hashes = Array.from({ length: depth }, (_, i) => ethers.id(`s${i}`));
    const sums = new Uint8Array(depth * 5);
    for (let i = 0; i < depth; i++) writeSum(sums, i * 5, 1000 + i);
    const path = { hashes, sums: ethers.hexlify(sums) };
    const { root, total } = climb(leaf, 0, path);
    const contentHash = ethers.id(`c${depth}${mode}`);
    const tree = { root, slotCount: 2 ** depth, totalShares: BigInt(total), deadline: 2n ** 39n, fallbackAccount: owner.address, keepsEarning: true };
    const salt = ethers.id("s");
    await (await d.datasets.connect(owner).commit(await d.datasets.commitmentOf(contentHash, owner.address, salt))).wait();
    await networkHelpers.mine(16);
    await (await d.shareTrees.connect(owner).registerTree({ contentHash, metadataURI: "ipfs://x", tree }, salt)).wait();
    await networkHelpers.mine(1_000_000);
    const art = ethers.id(`a${depth}${mode}`);
    await (await d.models.connect(owner).registerModel({ artifactHash: art, metadataURI: "ipfs://x", datasets: [contentHash], weights: [1n], parent: ZeroHash, parentWeight: 0n, minRoyaltyBps: 0n })).wait();
    const m = modelIdOf(owner.address, art);
    await (await vault.connect(sponsor).deposit(m, 10n ** 18n)).wait();
    const proof = { dataset: contentHash, tree, index: 0, ...leaf, ...path };
    const req = [{ model: m, dataset: contentHash, index: 0 }];
    if (mode === "split") console.log(depth, "proveSlot", await g(d.shareTrees.proveSlot(proof)), "then claim", await g(vault.claim(who, req)));
    else console.log(depth, "proveAndClaim", await g(d.shareTrees.proveAndClaim(vault, who, [proof], req)));
  }
}
{
  const who = people[10].address;
  const leaf = { account: who, identity: ZeroHash, shares: 7n };
  const path = { hashes: [] as string[], sums: "0x" };
  const { root, total } = climb(leaf, 0, path);
  const contentHash = ethers.id(`trace`);
  const tree = { root, slotCount: 1, totalShares: BigInt(total), deadline: 2n ** 39n, fallbackAccount: owner.address, keepsEarning: true };
  const salt = ethers.id("s");
  await (await d.datasets.connect(owner).commit(await d.datasets.commitmentOf(contentHash, owner.address, salt))).wait();
  await networkHelpers.mine(16);
  await (await d.shareTrees.connect(owner).registerTree({ contentHash, metadataURI: "ipfs://x", tree }, salt)).wait();
  await networkHelpers.mine(1_000_000);
  const proof = { dataset: contentHash, tree, index: 0, ...leaf, ...path };
  const tx = await d.shareTrees.proveSlot(proof);
  const r = await tx.wait();
  console.log("proveSlot depth0", r!.gasUsed);
  const trace: any = await ethers.provider.send("debug_traceTransaction", [tx.hash, { disableStorage: true, disableMemory: true, disableStack: false }]);
  const logs = trace.structLogs as any[];
  // gas by depth and by opcode
  const byOp = new Map<string, number>();
  for (const l of logs) byOp.set(`${l.depth}:${l.op}`, (byOp.get(`${l.depth}:${l.op}`) ?? 0) + l.gasCost);
  console.log([...byOp.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25));
  console.log("steps", logs.length, "first gas", logs[0].gas, "last", logs.at(-1).gas);
}
