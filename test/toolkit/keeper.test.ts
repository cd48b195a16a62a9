/**
 * The keeper and the relay a keeper relies on (issue 25): the keeper filters before it counts, moves spent and
 * expired files aside, reads each tip in its own vault's token, and skips a claim whose gas is worth more than its
 * tip; a relay through a lineage deeper than one transaction can forward splits its forwards as `claimAll` does.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { ZeroHash } from "ethers";
import { network } from "hardhat";

import { keeperCommand } from "../../src/hardhat/commands/relay.js";
import type { CommandContext } from "../../src/hardhat/context.js";
import { memoryIo } from "../../src/hardhat/io.js";
import { runCommand } from "../../src/hardhat/run.js";
import { DataDividends } from "../../src/index.js";
import { MockERC20__factory, RewardVault__factory } from "../../typechain-types/index.js";
import { deploySystem, registerModel, registration } from "../helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;
const DDR = 10n ** 18n;
const USDC = 10n ** 6n;

/** Alice holds a dataset a model declares; the model is paid 10 DDR and 10 USDC (a second, 6-decimal vault). */
async function paidInTwoTokens() {
  const system = await deploySystem(ethers, 0n);
  const { admin, alice, sponsor, datasets, vault } = system;
  const usdc = await new MockERC20__factory(admin).deploy("USDC", 6);
  const usdcVault = await new RewardVault__factory(admin).deploy(
    await usdc.getAddress(),
    await datasets.getAddress(),
    await system.models.getAddress(),
    0n,
    admin.address,
  );
  const addresses = {
    ...system.addresses,
    vaults: [{ token: await usdc.getAddress(), vault: await usdcVault.getAddress() }],
  };
  const data = registration("keeper data", [{ address: alice.address, shares: 1 }]);
  await datasets.connect(alice).register(data, ZeroHash);
  const model = await registerModel(system, system.owner, "keeper model", { [data.contentHash as string]: 1 });
  await vault.connect(sponsor).deposit(model, 10n * DDR);
  await usdc.mint(sponsor.address, 10n * USDC);
  await usdc.connect(sponsor).approve(await usdcVault.getAddress(), 10n * USDC);
  await usdcVault.connect(sponsor).deposit(model, 10n * USDC);
  return { ...system, addresses, usdc, usdcVault, model };
}

describe("rewards keeper and relayed claims a keeper can rely on", function () {
  it("counts only the claims it sends, moves spent and expired files aside, names a bad file, and reads each tip in its own token", async function () {
    const { alice, carol, addresses, usdc, token } = await loadFixture(paidInTwoTokens);
    const contributor = DataDividends.connect(alice, addresses);
    const folder = await mkdtemp(join(tmpdir(), "dd-keeper-"));
    const write = (name: string, claim: unknown) => writeFile(join(folder, name), JSON.stringify(claim));
    // a: spent before the keeper sees it (revoked); b: expired; c: not a claim at all.
    await write("a-spent.json", await contributor.signClaim({ maxTip: DDR }));
    await contributor.revokeClaim();
    await write("b-expired.json", await contributor.signClaim({ maxTip: DDR, validFor: 60n }));
    await time.increase(61);
    await writeFile(join(folder, "c-broken.json"), "{ not json");
    // d: 10% of 10 DDR = 1 DDR; e: 10% of 10 USDC, capped at 0.5 USDC.
    await write("d-ddr.json", await contributor.signClaim({ maxTip: DDR }));
    await write("e-usdc.json", await contributor.signClaim({ maxTip: USDC / 2n, token: await usdc.getAddress() }));

    const io = memoryIo();
    const ctx: CommandContext = { ethers, networkName: "hardhat", chainId: 31337n, signer: carol, io, addresses };
    const args = { claims: folder, max: "1", maxGas: "1000000", tipValue: "", dryRun: false, token: "" };
    const result = await runCommand(io, () => keeperCommand({ ...args, minTip: "DDR=2,USDC=0.4" }, ctx));
    expect(result.success, io.errors.join("\n")).to.equal(true);
    const out = io.lines.join("\n");
    // On v2, --max 1 stopped at the spent file, and every tip was read in DDR's 18 decimals.
    expect(out).to.match(/a-spent\.json.*spent: moved to /);
    expect(out).to.match(/b-expired\.json.*expired: moved to /);
    expect(out).to.match(/c-broken\.json.*skipped: .*c-broken\.json is not JSON: a signed claim is the JSON file/);
    expect(out).to.match(/d-ddr\.json\s+10 DDR\s+1 DDR\s+\d+\s+skipped: its tip is below --min-tip \(2 DDR\)/);
    expect(out).to.match(/e-usdc\.json\s+10 USDC\s+0\.5 USDC\s+\d+\s+sent 0x[0-9a-f]{64}/);
    expect(out).to.contain("1 sent");
    expect(await usdc.balanceOf(carol.address)).to.equal(USDC / 2n);
    expect(await readdir(join(folder, "spent"))).to.deep.equal(["a-spent.json", "e-usdc.json"]);
    expect(await readdir(join(folder, "expired"))).to.deep.equal(["b-expired.json"]);
    expect(existsSync(join(folder, "d-ddr.json"))).to.equal(true);

    // A tip worth less than its gas, or a claim above --max-gas, is skipped; priced high enough, it is sent.
    const before = await token.balanceOf(carol.address);
    const again = async (extra: Partial<typeof args>) => {
      const io2 = memoryIo();
      const run = await runCommand(io2, () =>
        keeperCommand({ ...args, max: "10", minTip: "0", ...extra }, { ...ctx, io: io2 }),
      );
      expect(run.success, io2.errors.join("\n")).to.equal(true);
      return io2.lines.join("\n");
    };
    expect(await again({ tipValue: "DDR=0.000000001" })).to.match(
      /d-ddr\.json.*skipped: its tip is worth 0\.000000001 ETH, its gas costs 0\.\d+ ETH/,
    );
    expect(await again({ maxGas: "50000" })).to.match(/d-ddr\.json.*skipped: \d+ gas is above --max-gas/);
    expect(await token.balanceOf(carol.address)).to.equal(before);
    expect(await again({ tipValue: "DDR=1" })).to.match(/d-ddr\.json\s+10 DDR\s+1 DDR\s+\d+\s+sent/);
    expect(await token.balanceOf(carol.address)).to.equal(before + DDR);
  });

  it("a keeper's dry run sends and moves nothing", async function () {
    const { alice, carol, addresses } = await loadFixture(paidInTwoTokens);
    const folder = await mkdtemp(join(tmpdir(), "dd-keeper-dry-"));
    const contributor = DataDividends.connect(alice, addresses);
    await writeFile(join(folder, "spent.json"), JSON.stringify(await contributor.signClaim({ maxTip: DDR })));
    await contributor.revokeClaim();
    await writeFile(join(folder, "good.json"), JSON.stringify(await contributor.signClaim({ maxTip: DDR })));
    const io = memoryIo();
    const ctx: CommandContext = { ethers, networkName: "hardhat", chainId: 31337n, signer: carol, io, addresses };
    const nonce = await ethers.provider.getTransactionCount(carol.address);
    await runCommand(io, () =>
      keeperCommand(
        { claims: folder, max: "5", maxGas: "1000000", tipValue: "", dryRun: true, token: "", minTip: "0" },
        ctx,
      ),
    );
    expect(io.lines.join("\n")).to.match(/good\.json.*would send/);
    expect(io.lines.join("\n")).to.match(/spent\.json.*skipped: the signed claim of 0x\w+ was already sent or revoked/);
    expect(await readdir(folder)).to.deep.equal(["good.json", "spent.json"]);
    expect(await ethers.provider.getTransactionCount(carol.address)).to.equal(nonce);
  });

  it("a relay through a lineage deeper than one transaction can forward splits its forwards, as claimAll does", async function () {
    this.timeout(120_000);
    const system = await loadFixture(paidInTwoTokens);
    const { alice, bob, carol, owner, sponsor, vault, datasets, addresses, model } = system;
    // 330 fine-tunes, each forwarding nearly all it earns to its parent: first forwards of about 52k gas each,
    // more than the 2^24 gas a transaction may use (EIP-7825) in one multicall.
    const filler = registration("tune data", [{ address: bob.address, shares: 1 }]);
    await datasets.connect(bob).register(filler, ZeroHash);
    let deepest = model;
    for (let depth = 1; depth <= 330; depth++) {
      deepest = await registerModel(
        system,
        owner,
        `tune ${depth}`,
        { [filler.contentHash as string]: 1 },
        { parent: deepest, parentWeight: 1000 },
      );
    }
    await vault.connect(sponsor).deposit(deepest, 1000n * DDR);
    // Alice signs for carol what her slot shows now (the model's own 10 DDR); the relay forwards all 330 hops
    // first, so she is paid the royalties too. On v2 the relay sent them all in the claim's own transaction.
    const contributor = DataDividends.connect(alice, addresses);
    const predicted = (await contributor.claimable(alice.address)).edges.find((e) => e.token === addresses.token)!;
    expect(predicted.fromForwards, "the rulebook prices all 330 hops").to.be.greaterThan(0n);
    const signed = await contributor.signClaim({ maxTip: 0n, relayer: carol.address });
    const balance = await system.token.balanceOf(alice.address);
    const result = await DataDividends.connect(carol, addresses).relayClaim(signed);
    expect(result.amount, "what the relay predicted").to.equal(predicted.claimable);
    expect((await system.token.balanceOf(alice.address)) - balance, "what it paid").to.equal(predicted.claimable);
    expect(result.forwards).to.equal(330);
    expect(result.transactions, "forward-only transactions ahead of the claim").to.have.length(3);
    expect(result.amount).to.be.greaterThan(10n * DDR);
    for (const hash of [...result.transactions!, result.transaction!]) {
      const receipt = await ethers.provider.getTransactionReceipt(hash);
      expect(receipt!.gasUsed).to.be.lessThan(2n ** 24n);
    }
  });
});
