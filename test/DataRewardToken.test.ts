import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";

import { DEFAULT_DEPLOY_PARAMETERS } from "../src/hardhat/parameters.js";
import { signPermit } from "../src/sdk/signatures.js";
import { DataRewardToken__factory } from "../typechain-types/index.js";
import { actors } from "./helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const CAP = 1_000_000n * 10n ** 18n;

async function tokenFixture() {
  const people = await actors(ethers);
  const { tokenName, tokenSymbol } = DEFAULT_DEPLOY_PARAMETERS;
  const token = await new DataRewardToken__factory(people.admin).deploy(
    tokenName,
    tokenSymbol,
    CAP,
    people.alice.address,
    1_000n,
    86_400n,
    people.admin.address,
  );
  return { token, ...people };
}

describe("DataRewardToken", function () {
  it("is an 18-decimals ERC-20 with a cap and a minter role held by the admin", async function () {
    const { token, admin } = await loadFixture(tokenFixture);
    expect(await token.name()).to.equal("DataDividends Reward");
    expect(await token.symbol()).to.equal("DDR");
    expect(await token.decimals()).to.equal(18n);
    expect(await token.cap()).to.equal(CAP);
    expect(await token.hasRole(await token.MINTER_ROLE(), admin.address)).to.equal(true);
  });

  it("lets minters mint up to the cap and no further", async function () {
    const { token, admin, alice } = await loadFixture(tokenFixture);
    // 1,000 were minted at deployment.
    await expect(token.connect(admin).mint(alice.address, CAP - 1_001n))
      .to.emit(token, "Transfer")
      .withArgs(ZeroAddress, alice.address, CAP - 1_001n);
    await expect(token.connect(admin).mint(alice.address, 2n))
      .to.be.revertedWithCustomError(token, "ERC20ExceededCap")
      .withArgs(CAP + 1n, CAP);
    await token.connect(admin).mint(alice.address, 1n);
    expect(await token.totalSupply()).to.equal(CAP);
  });

  it("mints the initial supply to its holder at deployment, with no call from the admin", async function () {
    const { token, alice } = await loadFixture(tokenFixture);
    expect(await token.balanceOf(alice.address)).to.equal(1_000n);
    expect(await token.totalSupply()).to.equal(1_000n);
  });

  it("carries votes: delegated balances count, move with transfers, and are checkpointed", async function () {
    const { token, alice, bob } = await loadFixture(tokenFixture);
    expect(await token.getVotes(alice.address)).to.equal(0n); // votes need a delegation, even to oneself
    await expect(token.connect(alice).delegate(alice.address))
      .to.emit(token, "DelegateVotesChanged")
      .withArgs(alice.address, 0n, 1_000n);
    await token.connect(alice).transfer(bob.address, 400n);
    expect(await token.getVotes(alice.address)).to.equal(600n);
    // Checkpoints are by timestamp (ERC-6372 mode=timestamp), so a governor counts seconds on every chain.
    expect(await token.CLOCK_MODE()).to.equal("mode=timestamp");
    const now = BigInt(await time.latest());
    expect(await token.clock()).to.equal(now);
    await networkHelpers.mine();
    expect(await token.getPastVotes(alice.address, now)).to.equal(600n);
    expect(await token.getPastTotalSupply(now)).to.equal(1_000n);
  });

  it("refuses minting by anyone without the role", async function () {
    const { token, stranger } = await loadFixture(tokenFixture);
    await expect(token.connect(stranger).mint(stranger.address, 1n))
      .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, await token.MINTER_ROLE());
  });

  it("supports EIP-2612 permit", async function () {
    const { token, alice, bob } = await loadFixture(tokenFixture);
    const deadline = BigInt(await time.latest()) + 600n;
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const sig = await signPermit(alice, token, bob.address, 42n, deadline, chainId);
    await token.permit(alice.address, bob.address, 42n, deadline, sig.v, sig.r, sig.s);
    expect(await token.allowance(alice.address, bob.address)).to.equal(42n);
    expect(await token.nonces(alice.address)).to.equal(1n);
  });
});
