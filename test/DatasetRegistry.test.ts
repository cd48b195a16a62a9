import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { Signature, ZeroAddress, ZeroHash, concat, getAddress, id, toBeHex, zeroPadValue } from "ethers";
import { network } from "hardhat";

import { DatasetStatus, commitmentOf } from "../src/protocol/ids.js";
import { datasetRegistryDomain, signRegistration, type RegisterDatasetMessage } from "../src/sdk/signatures.js";
import { DEFAULT_DEPLOY_PARAMETERS } from "../src/hardhat/parameters.js";
import { DatasetRegistry__factory, MockERC1271Wallet__factory } from "../typechain-types/index.js";
import type { IDatasetRegistration } from "../typechain-types/index.js";
import { URI, deploySystem, hashOf, registration } from "./helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, mine, time } = networkHelpers;

const DELAY = 3n;
const WINDOW = 7200n;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

async function immediateFixture() {
  return deploySystem(ethers, 0n);
}
async function commitRevealFixture() {
  return deploySystem(ethers, DELAY);
}

function addresses(n: number): string[] {
  return Array.from({ length: n }, (_, i) => getAddress(zeroPadValue(toBeHex(0x1000 + i), 20)));
}

describe("DatasetRegistry", function () {
  describe("deployment", function () {
    it("records its parameters and grants the admin both roles", async function () {
      const { datasets, admin } = await loadFixture(commitRevealFixture);
      expect(await datasets.commitDelay()).to.equal(DELAY);
      expect(await datasets.commitWindow()).to.equal(WINDOW);
      expect(await datasets.MAX_CONTRIBUTORS()).to.equal(256n);
      expect(await datasets.MAX_URI_LENGTH()).to.equal(2048n);
      expect(await datasets.defaultAdmin()).to.equal(admin.address);
      expect(await datasets.hasRole(await datasets.PAUSER_ROLE(), admin.address)).to.equal(true);
      expect(await datasets.hasRole(await datasets.ARBITER_ROLE(), admin.address)).to.equal(true);
      expect(await datasets.claimDelay()).to.equal(0n);
      expect(await datasets.flagBond()).to.equal(DEFAULT_DEPLOY_PARAMETERS.flagBond);
      expect(await datasets.disputeTimeout()).to.equal(DEFAULT_DEPLOY_PARAMETERS.disputeTimeout);
    });

    it("emits every setting at deployment, so an indexer needs no calls", async function () {
      const { datasets } = await loadFixture(immediateFixture);
      const [event] = await datasets.queryFilter(datasets.filters.RegistrySettings(), 0);
      expect([...event.args]).to.deep.equal([
        await datasets.commitDelay(),
        await datasets.commitWindow(),
        BigInt(await datasets.claimDelay()),
        await datasets.flagBond(),
        BigInt(await datasets.disputeTimeout()),
        BigInt(await datasets.appealWindow()),
      ]);
    });

    it("refuses parameters that would break it: no window with a delay, a window past 2^32 blocks, no or an oversized bond, no timeout, no appeal window", async function () {
      const { admin } = await loadFixture(immediateFixture);
      const factory = new DatasetRegistry__factory(admin);
      const deploy = (delay: bigint, window: bigint, bond: bigint, timeout: bigint, appeal = 1n) =>
        factory.deploy(delay, window, 0n, bond, timeout, appeal, 0n, admin.address);
      await expect(deploy(0n, 0n, 1n, 1n, 0n))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs("appealWindow", 0n);
      await expect(deploy(0n, 0n, 2n ** 96n, 1n))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs("flagBond", 2n ** 96n);
      await expect(deploy(2n, 0n, 1n, 1n))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs("commitWindow", 0n);
      await expect(deploy(1n, 2n ** 32n, 1n, 1n))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs("commitDelay + commitWindow", 2n ** 32n + 1n);
      await expect(deploy(0n, 0n, 0n, 1n))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs("flagBond", 0n);
      await expect(deploy(0n, 0n, 1n, 0n))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs("disputeTimeout", 0n);
      await deploy(0n, 0n, 1n, 1n); // no delay: no window needed
    });
  });

  describe("register (no commit delay)", function () {
    it("stores the dataset and its contributors, and emits DatasetRegistered", async function () {
      const { datasets, alice, bob, carol } = await loadFixture(immediateFixture);
      const r = registration("weather", [
        { address: alice.address, shares: 3 },
        { address: bob.address, shares: 1 },
      ]);
      await expect(datasets.connect(carol).register(r, ZeroHash))
        .to.emit(datasets, "DatasetRegistered")
        .withArgs(r.contentHash, carol.address, URI, r.contributors, r.shares, 0n, ZeroHash);

      const record = await datasets.dataset(r.contentHash);
      expect(record.registrant).to.equal(carol.address);
      expect(record.contributorCount).to.equal(2n);
      expect(record.flags).to.equal(0n);
      expect(record.provisionalUntil).to.equal(0n); // no commit delay: final at once
      expect(record.metadataHash).to.equal(id(URI));
      expect(record.registeredAt).to.equal(BigInt(await time.latest()));
      expect(await datasets.statusOf(r.contentHash)).to.equal(DatasetStatus.Active);
      const contributors = r.contributors as string[];
      for (let i = 0; i < 2; i++) {
        const c = await datasets.contributor(r.contentHash, i);
        expect(c.account).to.equal(contributors[i]);
        expect(c.shares).to.equal((r.shares as bigint[])[i]);
        expect(c.totalShares).to.equal(4n);
      }
      expect((await datasets.contributor(r.contentHash, 2)).account).to.equal(ZeroAddress);
    });

    it("accepts exactly the cap of 256 contributors with maximal shares", async function () {
      const { datasets, alice } = await loadFixture(immediateFixture);
      const accounts = addresses(256);
      const r = {
        contentHash: hashOf("big"),
        metadataURI: URI,
        contributors: accounts,
        shares: accounts.map(() => 2n ** 32n - 1n),
      };
      await datasets.connect(alice).register(r, ZeroHash);
      const last = await datasets.contributor(r.contentHash, 255);
      expect(last.account).to.equal(accounts[255]);
      expect(last.totalShares).to.equal(256n * (2n ** 32n - 1n));
    });

    it("accepts a URI of exactly the maximum length", async function () {
      const { datasets, alice } = await loadFixture(immediateFixture);
      const r = registration("long", [{ address: alice.address, shares: 1 }], "x".repeat(2048));
      await expect(datasets.connect(alice).register(r, ZeroHash)).to.emit(datasets, "DatasetRegistered");
    });

    describe("rejects bad input, naming it, and changes nothing", function () {
      it("zero content hash", async function () {
        const { datasets, alice } = await loadFixture(immediateFixture);
        const r = { ...registration("x", [{ address: alice.address, shares: 1 }]), contentHash: ZeroHash };
        await expect(datasets.register(r, ZeroHash)).to.be.revertedWithCustomError(datasets, "ZeroContentHash");
      });

      it("empty and oversize metadata URI", async function () {
        const { datasets, alice } = await loadFixture(immediateFixture);
        const empty = registration("x", [{ address: alice.address, shares: 1 }], "");
        await expect(datasets.register(empty, ZeroHash)).to.be.revertedWithCustomError(datasets, "EmptyMetadataURI");
        const long = registration("x", [{ address: alice.address, shares: 1 }], "x".repeat(2049));
        await expect(datasets.register(long, ZeroHash))
          .to.be.revertedWithCustomError(datasets, "MetadataURITooLong")
          .withArgs(2049n, 2048n);
      });

      it("no contributors, length mismatch, too many", async function () {
        const { datasets, alice } = await loadFixture(immediateFixture);
        const base = { contentHash: hashOf("x"), metadataURI: URI };
        await expect(
          datasets.register({ ...base, contributors: [], shares: [] }, ZeroHash),
        ).to.be.revertedWithCustomError(datasets, "NoContributors");
        await expect(datasets.register({ ...base, contributors: [alice.address], shares: [1n, 2n] }, ZeroHash))
          .to.be.revertedWithCustomError(datasets, "LengthMismatch")
          .withArgs(1n, 2n);
        const many = addresses(257);
        await expect(datasets.register({ ...base, contributors: many, shares: many.map(() => 1n) }, ZeroHash))
          .to.be.revertedWithCustomError(datasets, "TooManyContributors")
          .withArgs(257n, 256n);
      });

      it("zero, duplicate and unsorted contributors; zero shares", async function () {
        const { datasets } = await loadFixture(immediateFixture);
        const [a, b] = addresses(2);
        const base = { contentHash: hashOf("x"), metadataURI: URI, shares: [1n, 1n] };
        await expect(datasets.register({ ...base, contributors: [ZeroAddress, a] }, ZeroHash))
          .to.be.revertedWithCustomError(datasets, "ZeroAddressContributor")
          .withArgs(0n);
        await expect(datasets.register({ ...base, contributors: [a, ZeroAddress] }, ZeroHash))
          .to.be.revertedWithCustomError(datasets, "ZeroAddressContributor")
          .withArgs(1n);
        await expect(datasets.register({ ...base, contributors: [a, a] }, ZeroHash))
          .to.be.revertedWithCustomError(datasets, "DuplicateContributor")
          .withArgs(a);
        await expect(datasets.register({ ...base, contributors: [b, a] }, ZeroHash))
          .to.be.revertedWithCustomError(datasets, "ContributorsNotSorted")
          .withArgs(b, a);
        await expect(datasets.register({ ...base, contributors: [a, b], shares: [1n, 0n] }, ZeroHash))
          .to.be.revertedWithCustomError(datasets, "ZeroShares")
          .withArgs(b);
        expect(await datasets.statusOf(base.contentHash)).to.equal(DatasetStatus.None);
      });

      it("a hash that is already registered, whoever tries", async function () {
        const { datasets, alice, bob } = await loadFixture(immediateFixture);
        const r = registration("x", [{ address: alice.address, shares: 1 }]);
        await datasets.connect(alice).register(r, ZeroHash);
        await expect(datasets.connect(bob).register(r, ZeroHash))
          .to.be.revertedWithCustomError(datasets, "DatasetAlreadyRegistered")
          .withArgs(r.contentHash, alice.address);
      });

      it("while paused", async function () {
        const { datasets, admin, alice } = await loadFixture(immediateFixture);
        await datasets.connect(admin).pause();
        const r = registration("x", [{ address: alice.address, shares: 1 }]);
        await expect(datasets.register(r, ZeroHash)).to.be.revertedWithCustomError(datasets, "EnforcedPause");
        await datasets.connect(admin).unpause();
        await expect(datasets.register(r, ZeroHash)).to.emit(datasets, "DatasetRegistered");
      });
    });

    it("refuses commitments where none are needed", async function () {
      const { datasets } = await loadFixture(immediateFixture);
      await expect(datasets.commit(id("c"))).to.be.revertedWithCustomError(datasets, "CommitNotRequired");
    });
  });

  describe("commit-reveal (front-running resistance)", function () {
    async function committed() {
      const system = await commitRevealFixture();
      const { datasets, alice } = system;
      const r = registration("secret", [{ address: alice.address, shares: 1 }]);
      const salt = id("salt");
      const commitment = commitmentOf(r.contentHash as string, alice.address, salt);
      await datasets.connect(alice).commit(commitment);
      const at = BigInt(await time.latestBlock());
      return { ...system, r, salt, commitment, at };
    }

    it("computes the same commitment on- and off-chain", async function () {
      const { datasets, alice, r, salt, commitment, at } = await loadFixture(committed);
      expect(await datasets.commitmentOf(r.contentHash, alice.address, salt)).to.equal(commitment);
      expect(await datasets.committedAt(commitment)).to.equal(at);
    });

    it("emits RegistrationCommitted and reveals once the delay has passed", async function () {
      const { datasets, alice, r, salt, commitment } = await loadFixture(committed);
      await mine(Number(DELAY) - 1); // the reveal's own block is the DELAY-th after the commit
      await expect(datasets.connect(alice).register(r, salt)).to.emit(datasets, "DatasetRegistered");
      expect(await datasets.committedAt(commitment)).to.equal(0n);
    });

    it("rejects zero commitments and logs real ones", async function () {
      const { datasets, bob } = await loadFixture(committed);
      await expect(datasets.commit(ZeroHash)).to.be.revertedWithCustomError(datasets, "ZeroCommitment");
      await expect(datasets.connect(bob).commit(id("other")))
        .to.emit(datasets, "RegistrationCommitted")
        .withArgs(id("other"));
    });

    it("reverts an early reveal with the block it becomes ready", async function () {
      const { datasets, alice, r, salt, commitment, at } = await loadFixture(committed);
      await expect(datasets.connect(alice).register(r, salt))
        .to.be.revertedWithCustomError(datasets, "CommitmentNotReady")
        .withArgs(commitment, at + DELAY);
    });

    it("reverts a reveal in the same block as its commit", async function () {
      const { datasets, alice } = await loadFixture(commitRevealFixture);
      const r = registration("same-block", [{ address: alice.address, shares: 1 }]);
      const salt = id("s");
      const commitment = commitmentOf(r.contentHash as string, alice.address, salt);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const commitTx = await datasets.connect(alice).commit(commitment, { gasLimit: 100_000n });
        const revealTx = await datasets.connect(alice).register(r, salt, { gasLimit: 500_000n });
        await mine();
        const commitReceipt = await ethers.provider.getTransactionReceipt(commitTx.hash);
        const revealReceipt = await ethers.provider.getTransactionReceipt(revealTx.hash);
        expect(commitReceipt?.blockNumber).to.equal(revealReceipt?.blockNumber);
        expect(revealReceipt?.status).to.equal(0);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      expect(await datasets.statusOf(r.contentHash)).to.equal(DatasetStatus.None);
    });

    it("reverts a copied reveal: the commitment is bound to its registrant", async function () {
      const { datasets, bob, r, salt } = await loadFixture(committed);
      await mine(Number(DELAY));
      await expect(datasets.connect(bob).register(r, salt))
        .to.be.revertedWithCustomError(datasets, "CommitmentNotFound")
        .withArgs(commitmentOf(r.contentHash as string, bob.address, salt));
    });

    it("lets the honest registrant win against a copier who commits on seeing the reveal", async function () {
      const { datasets, alice, bob, r, salt } = await loadFixture(committed);
      await mine(Number(DELAY));
      // Bob sees Alice's reveal in the mempool and commits to the same hash; his wait starts now.
      await datasets.connect(bob).commit(commitmentOf(r.contentHash as string, bob.address, salt));
      await datasets.connect(alice).register(r, salt);
      await mine(Number(DELAY));
      await expect(datasets.connect(bob).register(r, salt))
        .to.be.revertedWithCustomError(datasets, "DatasetAlreadyRegistered")
        .withArgs(r.contentHash, alice.address);
    });

    it("treats a copied commit as a no-op that keeps the earlier block (the owner's commit never reverts)", async function () {
      const { datasets, alice, bob, r, salt, commitment, at } = await loadFixture(committed);
      await expect(datasets.connect(bob).commit(commitment)).not.to.emit(datasets, "RegistrationCommitted");
      await mine(Number(DELAY + WINDOW) - 3); // the last block the commitment may be revealed in comes next-but-one
      await expect(datasets.connect(alice).commit(commitment)).not.to.emit(datasets, "RegistrationCommitted");
      expect(await datasets.committedAt(commitment)).to.equal(at);
      await expect(datasets.connect(alice).register(r, salt)).to.emit(datasets, "DatasetRegistered");
    });

    it("expires commitments after the window, and then accepts a fresh one", async function () {
      const { datasets, alice, r, salt, commitment, at } = await loadFixture(committed);
      await mine(Number(DELAY + WINDOW));
      await expect(datasets.connect(alice).register(r, salt))
        .to.be.revertedWithCustomError(datasets, "CommitmentExpired")
        .withArgs(commitment, at + DELAY + WINDOW);
      await datasets.connect(alice).commit(commitment);
      await mine(Number(DELAY));
      await expect(datasets.connect(alice).register(r, salt)).to.emit(datasets, "DatasetRegistered");
    });

    it("accepts a reveal on the last block of the window", async function () {
      const { datasets, alice, r, salt } = await loadFixture(committed);
      await mine(Number(DELAY + WINDOW) - 1);
      await expect(datasets.connect(alice).register(r, salt)).to.emit(datasets, "DatasetRegistered");
    });

    it("takes no commitments and no reveals while registration is paused", async function () {
      const { datasets, admin, alice, r, salt } = await loadFixture(committed);
      await datasets.connect(admin).pause();
      await expect(datasets.connect(alice).commit(id("later"))).to.be.revertedWithCustomError(
        datasets,
        "EnforcedPause",
      );
      await mine(Number(DELAY));
      await expect(datasets.connect(alice).register(r, salt)).to.be.revertedWithCustomError(datasets, "EnforcedPause");
    });
  });

  describe("registerFor (EIP-712 relayed registration)", function () {
    async function signed() {
      const system = await immediateFixture();
      const { datasets, alice, bob } = system;
      const r = registration("relayed", [
        { address: alice.address, shares: 2 },
        { address: bob.address, shares: 1 },
      ]);
      const domain = datasetRegistryDomain((await ethers.provider.getNetwork()).chainId, await datasets.getAddress());
      const deadline = BigInt(await time.latest()) + 3600n;
      const message: RegisterDatasetMessage = {
        contentHash: r.contentHash as string,
        metadataURI: r.metadataURI,
        contributors: r.contributors as string[],
        shares: r.shares as bigint[],
        registrant: alice.address,
        salt: ZeroHash,
        nonce: 0n,
        deadline,
      };
      const signature = await signRegistration(alice, domain, message);
      return { ...system, r, domain, deadline, message, signature };
    }

    it("registers for the signer, paid by the relayer, and uses the nonce", async function () {
      const { datasets, alice, stranger, r, deadline, signature } = await loadFixture(signed);
      await expect(datasets.connect(stranger).registerFor(r, ZeroHash, alice.address, deadline, signature))
        .to.emit(datasets, "DatasetRegistered")
        .withArgs(r.contentHash, alice.address, URI, r.contributors, r.shares, 0n, ZeroHash)
        .and.to.emit(datasets, "NonceUsed")
        .withArgs(alice.address, 0n);
      expect((await datasets.dataset(r.contentHash)).registrant).to.equal(alice.address);
      expect(await datasets.nonces(alice.address)).to.equal(1n);
    });

    it("matches the typed-data domain the contract reports", async function () {
      const { datasets, domain } = await loadFixture(signed);
      const [, name, version, chainId, verifyingContract] = await datasets.eip712Domain();
      expect([name, version, chainId, verifyingContract]).to.deep.equal([
        domain.name,
        domain.version,
        domain.chainId,
        domain.verifyingContract,
      ]);
      const [, n, v, c, contract] = await datasets.eip712Domain();
      expect(
        ethers.TypedDataEncoder.hashDomain({ name: n, version: v, chainId: c, verifyingContract: contract }),
      ).to.equal(ethers.TypedDataEncoder.hashDomain(domain));
    });

    it("rejects a replay of the same signature", async function () {
      const { datasets, alice, stranger, r, deadline, signature } = await loadFixture(signed);
      await datasets.connect(stranger).registerFor(r, ZeroHash, alice.address, deadline, signature);
      const again = { ...r, contentHash: hashOf("other") };
      await expect(datasets.connect(stranger).registerFor(again, ZeroHash, alice.address, deadline, signature))
        .to.be.revertedWithCustomError(datasets, "InvalidSignature")
        .withArgs(alice.address);
      await expect(datasets.connect(stranger).registerFor(r, ZeroHash, alice.address, deadline, signature))
        .to.be.revertedWithCustomError(datasets, "InvalidSignature")
        .withArgs(alice.address);
    });

    it("rejects a signature made for another chain or another registry", async function () {
      const { datasets, alice, stranger, r, domain, deadline, message } = await loadFixture(signed);
      const otherChain = await signRegistration(alice, { ...domain, chainId: 1n }, message);
      await expect(
        datasets.connect(stranger).registerFor(r, ZeroHash, alice.address, deadline, otherChain),
      ).to.be.revertedWithCustomError(datasets, "InvalidSignature");
      const otherContract = await signRegistration(alice, { ...domain, verifyingContract: alice.address }, message);
      await expect(
        datasets.connect(stranger).registerFor(r, ZeroHash, alice.address, deadline, otherContract),
      ).to.be.revertedWithCustomError(datasets, "InvalidSignature");
    });

    it("rejects an expired signature", async function () {
      const { datasets, alice, stranger, r, deadline, signature } = await loadFixture(signed);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(datasets.connect(stranger).registerFor(r, ZeroHash, alice.address, deadline, signature))
        .to.be.revertedWithCustomError(datasets, "SignatureExpired")
        .withArgs(deadline, deadline + 1n);
    });

    it("rejects the high-s twin of a valid signature", async function () {
      const { datasets, alice, stranger, r, deadline, signature } = await loadFixture(signed);
      const sig = Signature.from(signature);
      const twin = concat([sig.r, toBeHex(SECP256K1_N - BigInt(sig.s), 32), sig.v === 27 ? "0x1c" : "0x1b"]);
      await expect(datasets.connect(stranger).registerFor(r, ZeroHash, alice.address, deadline, twin))
        .to.be.revertedWithCustomError(datasets, "InvalidSignature")
        .withArgs(alice.address);
    });

    it("rejects any field the relayer changes: registrant, contributors, shares, URI, salt, deadline", async function () {
      const { datasets, alice, bob, stranger, r, deadline, signature } = await loadFixture(signed);
      const relay = (
        reg: IDatasetRegistration.RegistrationStruct,
        salt = ZeroHash,
        who = alice.address,
        until = deadline,
      ) => datasets.connect(stranger).registerFor(reg, salt, who, until, signature);
      const stolen = registration("relayed", [{ address: stranger.address, shares: 3 }]);
      const cases = [
        () => relay(r, ZeroHash, bob.address),
        () => relay(stolen),
        () => relay({ ...r, shares: [...(r.shares as bigint[])].reverse() }),
        () => relay({ ...r, metadataURI: "ipfs://elsewhere" }),
        () => relay(r, id("salt")),
        () => relay(r, ZeroHash, alice.address, deadline + 1n),
      ];
      for (const attempt of cases) await expect(attempt()).to.be.revertedWithCustomError(datasets, "InvalidSignature");
      expect(await datasets.statusOf(r.contentHash)).to.equal(DatasetStatus.None);
    });

    it("accepts an ERC-1271 contract registrant", async function () {
      const { datasets, alice, stranger, r, domain, deadline, message } = await loadFixture(signed);
      const wallet = await new MockERC1271Wallet__factory(alice).deploy(alice.address);
      const walletAddress = await wallet.getAddress();
      const signature = await signRegistration(alice, domain, { ...message, registrant: walletAddress });
      await expect(datasets.connect(stranger).registerFor(r, ZeroHash, walletAddress, deadline, signature))
        .to.emit(datasets, "DatasetRegistered")
        .withArgs(r.contentHash, walletAddress, URI, r.contributors, r.shares, 0n, ZeroHash);
    });

    it("binds the registrant: a relayer cannot pick another account that shares the signer's ERC-1271 check", async function () {
      const { datasets, alice, stranger, r, domain, deadline, message } = await loadFixture(signed);
      // Two smart accounts whose signature check is the same owner's key.
      const chosen = await new MockERC1271Wallet__factory(alice).deploy(alice.address);
      const other = await new MockERC1271Wallet__factory(alice).deploy(alice.address);
      const signature = await signRegistration(alice, domain, { ...message, registrant: await chosen.getAddress() });
      await expect(datasets.connect(stranger).registerFor(r, ZeroHash, await other.getAddress(), deadline, signature))
        .to.be.revertedWithCustomError(datasets, "InvalidSignature")
        .withArgs(await other.getAddress());
      await expect(
        datasets.connect(stranger).registerFor(r, ZeroHash, await chosen.getAddress(), deadline, signature),
      ).to.emit(datasets, "DatasetRegistered");
    });

    it("reveals a relayed commitment after the delay", async function () {
      const { datasets, alice, stranger } = await loadFixture(commitRevealFixture);
      const r = registration("relayed-commit", [{ address: alice.address, shares: 1 }]);
      const salt = id("relay-salt");
      await datasets.connect(stranger).commit(commitmentOf(r.contentHash as string, alice.address, salt));
      const committedAt = BigInt(await time.latestBlock());
      await mine(Number(DELAY));
      const domain = datasetRegistryDomain((await ethers.provider.getNetwork()).chainId, await datasets.getAddress());
      const deadline = BigInt(await time.latest()) + 600n;
      const signature = await signRegistration(alice, domain, {
        contentHash: r.contentHash as string,
        metadataURI: URI,
        contributors: r.contributors as string[],
        shares: r.shares as bigint[],
        registrant: alice.address,
        salt,
        nonce: 0n,
        deadline,
      });
      await expect(datasets.connect(stranger).registerFor(r, salt, alice.address, deadline, signature))
        .to.emit(datasets, "DatasetRegistered")
        .withArgs(
          r.contentHash,
          alice.address,
          URI,
          r.contributors,
          r.shares,
          committedAt + DELAY + WINDOW,
          await datasets.commitmentOf(r.contentHash, alice.address, salt),
        );
    });

    it("is stopped by the pause", async function () {
      const { datasets, admin, alice, stranger, r, deadline, signature } = await loadFixture(signed);
      await datasets.connect(admin).pause();
      await expect(
        datasets.connect(stranger).registerFor(r, ZeroHash, alice.address, deadline, signature),
      ).to.be.revertedWithCustomError(datasets, "EnforcedPause");
    });
  });

  describe("retire", function () {
    async function registered() {
      const system = await immediateFixture();
      const r = registration("to-retire", [{ address: system.alice.address, shares: 1 }]);
      await system.datasets.connect(system.carol).register(r, ZeroHash);
      return { ...system, r };
    }

    it("lets the registrant retire, once, and emits DatasetRetired", async function () {
      const { datasets, carol, r } = await loadFixture(registered);
      await expect(datasets.connect(carol).retire(r.contentHash))
        .to.emit(datasets, "DatasetRetired")
        .withArgs(r.contentHash, carol.address);
      expect(await datasets.statusOf(r.contentHash)).to.equal(DatasetStatus.Retired);
      await expect(datasets.connect(carol).retire(r.contentHash))
        .to.be.revertedWithCustomError(datasets, "DatasetAlreadyRetired")
        .withArgs(r.contentHash);
    });

    it("refuses unknown datasets and anyone but the registrant (contributors included)", async function () {
      const { datasets, alice, r } = await loadFixture(registered);
      await expect(datasets.retire(hashOf("nope")))
        .to.be.revertedWithCustomError(datasets, "UnknownDataset")
        .withArgs(hashOf("nope"));
      await expect(datasets.connect(alice).retire(r.contentHash))
        .to.be.revertedWithCustomError(datasets, "NotRegistrant")
        .withArgs(r.contentHash, alice.address);
    });
  });

  describe("moveShare", function () {
    async function registered() {
      const system = await immediateFixture();
      const r = registration("shared", [
        { address: system.alice.address, shares: 1 },
        { address: system.bob.address, shares: 1 },
      ]);
      await system.datasets.connect(system.carol).register(r, ZeroHash);
      const aliceIndex = (r.contributors as string[]).indexOf(system.alice.address);
      return { ...system, r, aliceIndex };
    }

    it("moves the caller's share to a new address and emits ContributorMoved", async function () {
      const { datasets, alice, stranger, r, aliceIndex } = await loadFixture(registered);
      await expect(datasets.connect(alice).moveShare(r.contentHash, aliceIndex, stranger.address))
        .to.emit(datasets, "ContributorMoved")
        .withArgs(r.contentHash, alice.address, stranger.address, aliceIndex);
      const c = await datasets.contributor(r.contentHash, aliceIndex);
      expect(c.account).to.equal(stranger.address);
      expect(c.shares).to.equal(1n);
      expect(c.totalShares).to.equal(2n);
    });

    it("works while paused (it is how a contributor escapes a lost or blocked address)", async function () {
      const { datasets, admin, alice, stranger, r, aliceIndex } = await loadFixture(registered);
      await datasets.connect(admin).pause();
      await expect(datasets.connect(alice).moveShare(r.contentHash, aliceIndex, stranger.address)).to.emit(
        datasets,
        "ContributorMoved",
      );
    });

    it("refuses unknown slots, other holders, the registrant, zero and self", async function () {
      const { datasets, alice, bob, carol, r, aliceIndex } = await loadFixture(registered);
      await expect(datasets.connect(alice).moveShare(r.contentHash, 2, bob.address))
        .to.be.revertedWithCustomError(datasets, "UnknownContributor")
        .withArgs(r.contentHash, 2n);
      for (const caller of [bob, carol]) {
        await expect(datasets.connect(caller).moveShare(r.contentHash, aliceIndex, caller.address))
          .to.be.revertedWithCustomError(datasets, "NotShareHolder")
          .withArgs(r.contentHash, aliceIndex, caller.address);
      }
      await expect(datasets.connect(alice).moveShare(r.contentHash, aliceIndex, ZeroAddress))
        .to.be.revertedWithCustomError(datasets, "InvalidShareRecipient")
        .withArgs(ZeroAddress);
      await expect(datasets.connect(alice).moveShare(r.contentHash, aliceIndex, alice.address))
        .to.be.revertedWithCustomError(datasets, "InvalidShareRecipient")
        .withArgs(alice.address);
    });
  });

  describe("verifyFile", function () {
    it("proves that a file belongs to a registered dataset, and nothing else", async function () {
      const { datasets, alice } = await loadFixture(immediateFixture);
      const leaves: [string, bigint, string][] = [
        ["data/train.csv", 1234n, id("train")],
        ["data/test.csv", 99n, id("test")],
        ["README.md", 10n, id("readme")],
      ];
      const tree = StandardMerkleTree.of(leaves, ["string", "uint256", "bytes32"]);
      const r = { ...registration("files", [{ address: alice.address, shares: 1 }]), contentHash: tree.root };
      expect(await datasets.verifyFile(tree.root, leaves[0][0], leaves[0][1], leaves[0][2], tree.getProof(0))).to.equal(
        false,
      ); // not registered yet
      await datasets.connect(alice).register(r, ZeroHash);
      for (const [i, [path, size, digest]] of tree.entries()) {
        expect(await datasets.verifyFile(tree.root, path, size, digest, tree.getProof(i))).to.equal(true);
      }
      expect(await datasets.verifyFile(tree.root, "data/train.csv", 1235n, id("train"), tree.getProof(0))).to.equal(
        false,
      );
      expect(await datasets.verifyFile(tree.root, "data/other.csv", 1234n, id("train"), tree.getProof(0))).to.equal(
        false,
      );
    });
  });

  describe("admin", function () {
    it("lets only pausers pause and unpause", async function () {
      const { datasets, stranger } = await loadFixture(immediateFixture);
      const role = await datasets.PAUSER_ROLE();
      await expect(datasets.connect(stranger).pause())
        .to.be.revertedWithCustomError(datasets, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(datasets.connect(stranger).unpause())
        .to.be.revertedWithCustomError(datasets, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
    });
  });
});
