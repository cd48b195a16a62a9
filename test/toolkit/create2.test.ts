/**
 * Deterministic deployment cannot be blocked: the CREATE2 salt is CreateX's permissioned kind (it starts with
 * the deployer's address), so another sender who copies the public initcode and salt cannot take the addresses
 * first on a new chain; the same deployer gets the same addresses on every chain.
 */
import { expect } from "chai";
import { Interface, ZeroHash } from "ethers";
import { network } from "hardhat";

import { deployCommand } from "../../src/hardhat/commands/deploy.js";
import { CREATEX_ADDRESS, create2Salt, ensureCreateX } from "../../src/hardhat/create2.js";
import { memoryIo } from "../../src/hardhat/io.js";
import { runCommand } from "../../src/hardhat/run.js";
import { MockERC20__factory } from "../../typechain-types/index.js";

const connection = await network.create();
const { ethers } = connection;

const createX = new Interface(["function deployCreate2(bytes32 salt, bytes initCode) payable returns (address)"]);

describe("deterministic deployment (CreateX permissioned salt)", function () {
  it("only the deployer can deploy at its addresses: a copier's identical transaction lands elsewhere, the deployer's still lands", async function () {
    const [deployer, copier] = await ethers.getSigners();
    await ensureCreateX(connection);
    const salt = create2Salt("datadividends/v1", deployer.address);
    expect(salt.slice(0, 42)).to.equal(deployer.address.toLowerCase());
    expect(salt.slice(42, 44), "no chain ID folded in: the same addresses on every chain").to.equal("00");
    const initCode = (await new MockERC20__factory(deployer).getDeployTransaction("T", 18)).data;
    const data = createX.encodeFunctionData("deployCreate2", [salt, initCode]);
    const addressFor = async (from: typeof deployer) =>
      createX.decodeFunctionResult("deployCreate2", await from.call({ to: CREATEX_ADDRESS, data }))[0] as string;
    const ours = await addressFor(deployer);
    // The copier sends the identical transaction first: CreateX folds the sender into a guarded salt (or, for
    // a salt naming another sender, hashes it), so the copy lands elsewhere. On v2 the salt was unguarded
    // (20 zero bytes), and this same call took the deployer's address.
    expect(await addressFor(copier)).to.not.equal(ours);
    await copier.sendTransaction({ to: CREATEX_ADDRESS, data });
    expect(await ethers.provider.getCode(ours)).to.equal("0x");
    await deployer.sendTransaction({ to: CREATEX_ADDRESS, data });
    expect(await ethers.provider.getCode(ours)).to.not.equal("0x");
  });

  it("refuses a hex salt anybody else could use (unguarded, or another sender's)", function () {
    const deployer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    expect(() => create2Salt(ZeroHash, deployer)).to.throw(/must start with the deployer's address/);
    const theirs = `0x${"ab".repeat(20)}00${"11".repeat(11)}`;
    expect(() => create2Salt(theirs, deployer)).to.throw(/must start with the deployer's address/);
    const mine = `${deployer.toLowerCase()}00${"11".repeat(11)}`;
    expect(create2Salt(mine, deployer)).to.equal(mine);
  });
});

describe("deploy --deterministic when its contracts are already in place", function () {
  it("says so in one line, and does not suggest a --reset that cannot help", async function () {
    const fresh = await network.create();
    const first = memoryIo();
    const deployed = await runCommand(first, async () => {
      await deployCommand({ parameters: "ignition/parameters/hardhat.json", deterministic: true }, fresh, first);
    });
    expect(deployed.success, first.errors.join("\n")).to.equal(true);
    // The in-process network keeps no record: the second deploy is the "record gone, contracts in place" case.
    const again = memoryIo();
    const result = await runCommand(again, async () => {
      await deployCommand({ parameters: "ignition/parameters/hardhat.json", deterministic: true }, fresh, again);
    });
    expect(result.success).to.equal(false);
    const lines = again.errors.filter((l) => l.startsWith("error:"));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(
      /^error: this deployer's contracts with this salt are already in place on network "[^"]+" \(CreateX refused to create them again\)/,
    );
    expect(lines[0]).to.not.contain("--reset");
  });
});
