/**
 * Claims that cost the contributor nothing: the contributor signs once (EIP-712, the vault's domain) and
 * the relayer it names (or anyone) sends the claim, taking a tip the contributor capped, in tokens and as a
 * share of the claim, out of the claim itself. A signed claim can be revoked before it is sent.
 */
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { Wallet, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

import { rewardVaultDomain, signClaim, type ClaimMessage } from "../src/sdk/signatures.js";
import { MockERC1271Wallet__factory, ReentrantToken__factory, RewardVault__factory } from "../typechain-types/index.js";
import { deploySystem, registerModel, registration } from "./helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const HOUR = 3_600n;

/** A contributor with no ETH at all, the sole holder of a dataset a model declares; the model is paid 1,000. */
async function penniless() {
  const system = await deploySystem(ethers, 0n);
  const { datasets, vault, alice, sponsor, carol } = system;
  const contributor = Wallet.createRandom().connect(ethers.provider);
  const gamma = registration("gamma", [{ address: contributor.address, shares: 1 }]);
  await datasets.connect(alice).register(gamma, ZeroHash);
  const dataset = gamma.contentHash as string;
  const model = await registerModel(system, system.owner, "relayed", { [dataset]: 1 });
  await vault.connect(sponsor).deposit(model, 1_000n);
  const requests = [{ model, dataset, index: 0 }];
  const { chainId } = await ethers.provider.getNetwork();
  const domain = rewardVaultDomain(chainId, await vault.getAddress());
  /** `contributor`'s signature over a claim of `requests`, with its current nonce unless told. */
  const signed = async (over: Partial<ClaimMessage> = {}, signer = contributor) => {
    const message: ClaimMessage = {
      account: contributor.address,
      requests,
      relayer: carol.address,
      maxTip: 50n,
      maxTipBps: 10_000,
      nonce: await vault.nonces(contributor.address),
      deadline: BigInt(await time.latest()) + HOUR,
      ...over,
    };
    return { message, signature: await signClaim(signer, domain, message) };
  };
  return { ...system, contributor, dataset, model, requests, domain, signed, relayer: carol };
}

/** The contract's `RelayTerms` of a signed message. */
const terms = (m: ClaimMessage) => ({
  relayer: m.relayer,
  maxTip: m.maxTip,
  maxTipBps: m.maxTipBps,
  deadline: m.deadline,
});

describe("RewardVault: claims a contributor signs and anyone sends", function () {
  it("pays a contributor with zero ETH through a claim another account sends, which takes its tip", async function () {
    const { vault, token, contributor, requests, signed, relayer } = await loadFixture(penniless);
    expect(await ethers.provider.getBalance(contributor.address)).to.equal(0n);
    const { message, signature } = await signed();
    const before = await token.balanceOf(relayer.address);
    await expect(vault.connect(relayer).claimBySig(contributor.address, requests, terms(message), 30n, signature))
      .to.emit(vault, "ClaimRelayed")
      .withArgs(contributor.address, relayer.address, 0n, 30n)
      .and.to.emit(vault, "RewardReleased");
    expect(await token.balanceOf(contributor.address)).to.equal(970n);
    expect(await token.balanceOf(relayer.address)).to.equal(before + 30n);
    expect(await ethers.provider.getBalance(contributor.address), "the contributor spent no ETH").to.equal(0n);
    expect(await vault.nonces(contributor.address)).to.equal(1n);
  });

  it("refuses a replay, an expired signature, a tip above the cap or above the claim, and altered terms", async function () {
    const { vault, contributor, requests, signed, relayer, model, dataset, sponsor, alice } =
      await loadFixture(penniless);
    const send = (m: ClaimMessage, signature: string, tip: bigint, reqs = requests, account = contributor.address) =>
      vault.connect(relayer).claimBySig(account, reqs, terms(m), tip, signature);

    const first = await signed();
    await send(first.message, first.signature, 10n);
    // The same signature again: its nonce is spent, so it no longer matches.
    await vault.connect(sponsor).deposit(model, 1_000n);
    await expect(send(first.message, first.signature, 10n))
      .to.be.revertedWithCustomError(vault, "InvalidClaimSignature")
      .withArgs(contributor.address);

    const late = await signed({ deadline: BigInt(await time.latest()) + 10n });
    await time.increase(11);
    await expect(send(late.message, late.signature, 0n))
      .to.be.revertedWithCustomError(vault, "ClaimSignatureExpired")
      .withArgs(late.message.deadline, anyValue);

    const capped = await signed({ maxTip: 20n });
    await expect(send(capped.message, capped.signature, 21n))
      .to.be.revertedWithCustomError(vault, "TipAboveCap")
      .withArgs(21n, 20n);
    // A relayer that raises the cap it sends breaks the signature.
    await expect(send({ ...capped.message, maxTip: 21n }, capped.signature, 21n))
      .to.be.revertedWithCustomError(vault, "InvalidClaimSignature")
      .withArgs(contributor.address);
    // Other edges than the signed ones break it too (here: one the contributor does not even hold).
    const other = [{ model, dataset, index: 1 }];
    await expect(send(capped.message, capped.signature, 0n, other))
      .to.be.revertedWithCustomError(vault, "InvalidClaimSignature")
      .withArgs(contributor.address);
    // Someone else's signature, or a claim for someone else, is refused.
    const forged = await signed({}, Wallet.createRandom());
    await expect(send(forged.message, forged.signature, 0n))
      .to.be.revertedWithCustomError(vault, "InvalidClaimSignature")
      .withArgs(contributor.address);
    await expect(send(capped.message, capped.signature, 0n, requests, alice.address))
      .to.be.revertedWithCustomError(vault, "InvalidClaimSignature")
      .withArgs(alice.address);
    await expect(send(capped.message, capped.signature, 0n, requests, ZeroAddress))
      .to.be.revertedWithCustomError(vault, "InvalidRecipient")
      .withArgs(ZeroAddress);

    // A tip above what the claim pays, whatever share the signer allowed.
    const greedy = await signed({ maxTip: 10_000n, maxTipBps: 20_000 });
    await expect(send(greedy.message, greedy.signature, 1_001n))
      .to.be.revertedWithCustomError(vault, "TipAboveCap")
      .withArgs(1_001n, 1_000n);
    // The capped signature still works once, at or under its cap.
    await expect(send(capped.message, capped.signature, 20n)).to.emit(vault, "ClaimRelayed");
    // Nothing left: refused, and the nonce is not spent.
    const empty = await signed();
    await expect(send(empty.message, empty.signature, 0n))
      .to.be.revertedWithCustomError(vault, "NothingToClaim")
      .withArgs(contributor.address);
    expect(await vault.nonces(contributor.address)).to.equal(2n);
  });

  it("takes an ERC-1271 contract account's signature, and pays no tip when none is asked", async function () {
    const system = await loadFixture(penniless);
    const { datasets, vault, token, sponsor, alice, relayer, domain } = system;
    const owner = Wallet.createRandom();
    const wallet = await new MockERC1271Wallet__factory(system.admin).deploy(owner.address);
    const account = await wallet.getAddress();
    const delta = registration("delta", [{ address: account, shares: 1 }]);
    await datasets.connect(alice).register(delta, ZeroHash);
    const model = await registerModel(system, system.owner, "wallet-model", { [delta.contentHash as string]: 1 });
    await vault.connect(sponsor).deposit(model, 600n);
    const requests = [{ model, dataset: delta.contentHash as string, index: 0 }];
    const message = {
      account,
      requests,
      relayer: ZeroAddress,
      maxTip: 0n,
      maxTipBps: 0,
      nonce: 0n,
      deadline: BigInt(await time.latest()) + HOUR,
    };
    const signature = await signClaim(owner, domain, message);
    const before = await token.balanceOf(relayer.address);
    await vault.connect(relayer).claimBySig(account, requests, terms(message), 0n, signature);
    expect(await token.balanceOf(account)).to.equal(600n);
    expect(await token.balanceOf(relayer.address)).to.equal(before);
  });

  it("blocks a token hook that re-enters claimBySig during the payout", async function () {
    const system = await loadFixture(penniless);
    const { contributor, requests, model, sponsor } = system;
    const hooked = await new ReentrantToken__factory(system.admin).deploy();
    const vault = await new RewardVault__factory(system.admin).deploy(
      await hooked.getAddress(),
      await system.datasets.getAddress(),
      await system.models.getAddress(),
      86_400n,
      system.admin.address,
    );
    await hooked.mint(sponsor.address, 800n);
    await hooked.connect(sponsor).approve(await vault.getAddress(), 800n);
    await vault.connect(sponsor).deposit(model, 800n);
    const { chainId } = await ethers.provider.getNetwork();
    const domain = rewardVaultDomain(chainId, await vault.getAddress());
    const deadline = BigInt(await time.latest()) + HOUR;
    const message = {
      account: contributor.address,
      requests,
      relayer: ZeroAddress,
      maxTip: 0n,
      maxTipBps: 0,
      nonce: 0n,
      deadline,
    };
    const signature = await signClaim(contributor, domain, message);
    const reenter = vault.interface.encodeFunctionData("claim", [contributor.address, requests]);
    await hooked.arm(await vault.getAddress(), reenter);
    await vault.claimBySig(contributor.address, requests, terms(message), 0n, signature);
    expect(await hooked.attempted()).to.equal(true);
    expect(await hooked.reentered()).to.equal(false);
    expect(vault.interface.parseError(await hooked.lastRevert())?.name).to.equal("ReentrancyGuardReentrantCall");
    expect(await hooked.balanceOf(contributor.address)).to.equal(800n);
  });

  it("a claim that names its relayer cannot be front-run: a copy sent by anyone else reverts before paying, and the relayer still gets its tip", async function () {
    const { vault, token, contributor, requests, signed, relayer, stranger, sponsor, model } =
      await loadFixture(penniless);
    const { message, signature } = await signed();
    const before = await token.balanceOf(relayer.address);
    // The copier sees the relayer's pending transaction and resends it first, with a higher fee.
    await expect(vault.connect(stranger).claimBySig(contributor.address, requests, terms(message), 50n, signature))
      .to.be.revertedWithCustomError(vault, "NotRelayer")
      .withArgs(stranger.address, relayer.address);
    expect(await vault.nonces(contributor.address), "the copy spent nothing").to.equal(0n);
    await vault.connect(relayer).claimBySig(contributor.address, requests, terms(message), 50n, signature);
    expect(await token.balanceOf(relayer.address)).to.equal(before + 50n);
    // Naming a relayer is what protects it: an open claim is anyone's to send (the copier takes the tip).
    await vault.connect(sponsor).deposit(model, 1_000n);
    const open = await signed({ relayer: ZeroAddress });
    await vault.connect(stranger).claimBySig(contributor.address, requests, terms(open.message), 50n, open.signature);
    expect(await token.balanceOf(stranger.address)).to.equal(50n);
  });

  it("the tip is bounded by the signed share of what the claim pays, so a large token cap cannot take a small claim", async function () {
    const { vault, token, contributor, requests, signed, relayer } = await loadFixture(penniless);
    // 5% of a 1,000 claim is 50, whatever the token cap says.
    const { message, signature } = await signed({ maxTip: 10n ** 30n, maxTipBps: 500 });
    await expect(vault.connect(relayer).claimBySig(contributor.address, requests, terms(message), 51n, signature))
      .to.be.revertedWithCustomError(vault, "TipAboveCap")
      .withArgs(51n, 50n);
    await vault.connect(relayer).claimBySig(contributor.address, requests, terms(message), 50n, signature);
    expect(await token.balanceOf(contributor.address)).to.equal(950n);
  });

  it("a contributor revokes a signed claim it handed out: the relayer's send then reverts and nothing is paid", async function () {
    const { vault, token, contributor, requests, signed, relayer, sponsor } = await loadFixture(penniless);
    await sponsor.sendTransaction({ to: contributor.address, value: 10n ** 17n });
    const { message, signature } = await signed();
    await expect(vault.connect(contributor).revokeSignedClaim(1n))
      .to.be.revertedWithCustomError(vault, "InvalidAccountNonce")
      .withArgs(contributor.address, 0n);
    await expect(vault.connect(contributor).revokeSignedClaim(0n))
      .to.emit(vault, "SignedClaimRevoked")
      .withArgs(contributor.address, 0n);
    await expect(vault.connect(relayer).claimBySig(contributor.address, requests, terms(message), 0n, signature))
      .to.be.revertedWithCustomError(vault, "InvalidClaimSignature")
      .withArgs(contributor.address);
    expect(await token.balanceOf(contributor.address)).to.equal(0n);
    // A claim signed with the next nonce works.
    const next = await signed();
    await vault.connect(relayer).claimBySig(contributor.address, requests, terms(next.message), 0n, next.signature);
    expect(await token.balanceOf(contributor.address)).to.equal(1_000n);
  });
});
