/**
 * Share trees: a dataset whose contributors are the leaves of a positional Merkle sum tree, registered at one
 * cost whatever their number; address slots proven once and paid as listed slots from then on; identity slots
 * that earn from the first deposit and are bound to an address by an attester after a window the registrant or an
 * arbiter can veto in; and a deadline after which unbound slots are swept to a fallback account.
 */
import { expect } from "chai";
import { Wallet, ZeroAddress, ZeroHash, id as keccakLabel } from "ethers";
import { network } from "hardhat";

import { shareTreesAddress } from "../src/protocol/share-tree.js";
import {
  rewardVaultDomain,
  shareTreesDomain,
  signBinding,
  signClaim,
  type BindingMessage,
} from "../src/sdk/signatures.js";
import { deploySystem, hashOf, registerModel, registration, URI, type System } from "./helpers/fixtures.js";
import { testTree, type TestTree } from "./helpers/trees.js";
import type { IShareTrees } from "../typechain-types/index.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, mine, time } = networkHelpers;

const DAY = 86_400n;
const ATTESTER_ROLE = keccakLabel("ATTESTER_ROLE");

/** Six slots: two addresses, four people known by a handle; 16 shares in all (a depth-3 tree with padding). */
function crowdSlots(s: System) {
  return [
    { account: s.alice.address, shares: 3 },
    { account: s.bob.address, shares: 1 },
    { handle: "hf:carol", shares: 2 },
    { handle: "github:dan", shares: 4 },
    { handle: "orcid:0000-0002-1825-0097", shares: 1 },
    { handle: "email:erin@example.org", shares: 5 },
  ];
}

async function treeRegistration(
  tree: TestTree,
  label: string,
  over: Partial<IShareTrees.TreeStruct> = {},
): Promise<{ contentHash: string; metadataURI: string; tree: IShareTrees.TreeStruct & { deadline: bigint } }> {
  const contentHash = hashOf(label);
  const terms = {
    root: tree.root,
    slotCount: tree.count,
    totalShares: tree.total,
    deadline: BigInt(await time.latest()) + 60n * DAY,
    fallbackAccount: (await ethers.getSigners())[5].address, // sponsor
    keepsEarning: true,
    ...over,
  };
  const typed = { ...terms, deadline: BigInt(terms.deadline) };
  tree.terms.set(contentHash, typed);
  return { contentHash, metadataURI: URI, tree: typed };
}

/** The crowd tree registered by Alice, a model declaring it, 1,000 paid in; Carol is an attester. */
async function crowd() {
  const system = await deploySystem(ethers, 0n);
  const { datasets, shareTrees, vault, alice, carol, admin, sponsor } = system;
  const tree = testTree(crowdSlots(system));
  const terms = await treeRegistration(tree, "crowd");
  await shareTrees.connect(alice).registerTree(terms, ZeroHash);
  const id = terms.contentHash;
  const model = await registerModel(system, system.owner, "crowd-model", { [id]: 1 });
  await vault.connect(sponsor).deposit(model, 1_000n);
  await datasets.connect(admin).grantRole(ATTESTER_ROLE, carol.address);
  const { chainId } = await ethers.provider.getNetwork();
  const domain = shareTreesDomain(chainId, await shareTrees.getAddress());
  /** An attestation by `signer` (Carol) binding slot `index` to `account`, at the slot's current attempt. */
  const attest = async (index: number, account: string, over: Partial<BindingMessage> = {}, signer = carol) => {
    const message: BindingMessage = {
      dataset: id,
      index,
      identity: tree.leaves[index].identity,
      account,
      attempt: (await shareTrees.bindingOf(id, index)).attempts,
      deadline: BigInt(await time.latest()) + DAY,
      ...over,
    };
    const attestation = {
      account,
      attester: await signer.getAddress(),
      attempt: message.attempt,
      deadline: message.deadline,
    };
    return { attestation, signature: await signBinding(signer, domain, message) };
  };
  const window = await shareTrees.bindingWindow();
  return { ...system, tree, terms, id, model, attest, window };
}

describe("ShareTrees: crowd datasets", function () {
  describe("registration", function () {
    it("is the registry's first creation, fixed with it, and shares its roles", async function () {
      const { datasets, shareTrees } = await loadFixture(crowd);
      expect(await shareTrees.getAddress()).to.equal(await datasets.shareTrees());
      expect(shareTreesAddress(await datasets.getAddress())).to.equal(await datasets.shareTrees());
      expect(await shareTrees.datasetRegistry()).to.equal(await datasets.getAddress());
      expect(await shareTrees.bindingWindow()).to.equal(await datasets.appealWindow());
    });

    it("registers a tree with the registry's event, lists no contributors, and emits the tree", async function () {
      const system = await loadFixture(crowd);
      const { datasets, shareTrees, bob, tree } = system;
      const terms = await treeRegistration(tree, "second");
      await expect(shareTrees.connect(bob).registerTree(terms, ZeroHash))
        .to.emit(datasets, "DatasetRegistered")
        .withArgs(terms.contentHash, bob.address, URI, [], [], 0n, ZeroHash)
        .and.to.emit(shareTrees, "ShareTreeRegistered")
        .withArgs(terms.contentHash, tree.root, 6n, 16n, terms.tree.deadline, terms.tree.fallbackAccount, true);
      const record = await datasets.dataset(terms.contentHash);
      expect(record.registrant).to.equal(bob.address);
      expect(record.contributorCount).to.equal(0n);
      const coder = ethers.AbiCoder.defaultAbiCoder();
      const encoded = coder.encode(["tuple(bytes32,uint40,uint40,uint40,address,bool)"], [Object.values(terms.tree)]);
      expect(await shareTrees.treeHashOf(terms.contentHash)).to.equal(ethers.keccak256(encoded));
    });

    it("refuses terms out of range, each by name", async function () {
      const { shareTrees, bob, tree } = await loadFixture(crowd);
      const cases: [Partial<IShareTrees.TreeStruct>, string, bigint][] = [
        [{ root: ZeroHash }, "root", 0n],
        [{ slotCount: 0 }, "slotCount", 0n],
        [{ slotCount: 2n ** 32n + 1n }, "slotCount", 2n ** 32n + 1n],
        [{ totalShares: 0 }, "totalShares", 0n],
        [{ slotCount: 1, totalShares: 2n ** 32n }, "totalShares", 2n ** 32n],
        [{ deadline: 1 }, "deadline", 1n],
        [{ fallbackAccount: ZeroAddress }, "fallbackAccount", 0n],
      ];
      for (const [over, term, value] of cases) {
        const terms = await treeRegistration(tree, `bad-${term}`, over);
        await expect(shareTrees.connect(bob).registerTree(terms, ZeroHash))
          .to.be.revertedWithCustomError(shareTrees, "InvalidTree")
          .withArgs(term, value);
      }
    });

    it("lets only the module register a tree or write a slot, and lists keep their rule", async function () {
      const { datasets, bob, id } = await loadFixture(crowd);
      const empty = { contentHash: hashOf("x"), metadataURI: URI, contributors: [], shares: [] };
      await expect(datasets.connect(bob).registerTree(empty, ZeroHash, bob.address))
        .to.be.revertedWithCustomError(datasets, "NotShareTrees")
        .withArgs(bob.address);
      await expect(datasets.connect(bob).writeSlot(id, 0, bob.address, 1, 1, false))
        .to.be.revertedWithCustomError(datasets, "NotShareTrees")
        .withArgs(bob.address);
      await expect(datasets.connect(bob).register(empty, ZeroHash)).to.be.revertedWithCustomError(
        datasets,
        "NoContributors",
      );
    });

    it("costs the same at 1, 1,024 and 2^20 slots (the root is all it stores)", async function () {
      const system = await loadFixture(crowd);
      const { shareTrees, bob } = system;
      const used: bigint[] = [];
      for (const count of [1, 1024, 2 ** 20]) {
        const terms = await treeRegistration(testTree([{ account: bob.address, shares: 1 }]), `size-${count}`, {
          root: hashOf(`root-${count}`),
          slotCount: count,
          totalShares: BigInt(count),
        });
        used.push((await (await shareTrees.connect(bob).registerTree(terms, ZeroHash)).wait())!.gasUsed);
      }
      // Only calldata differs: a slot count of 2^20 has two more non-zero bytes than 1 (12 gas each).
      expect(Number(used[2] - used[0])).to.be.lessThan(100);
    });
  });

  describe("address slots", function () {
    it("are proven once, then paid exactly as listed slots with the same shares", async function () {
      const system = await loadFixture(crowd);
      const { datasets, shareTrees, vault, token, alice, sponsor, tree, id, owner } = system;
      // A list dataset with the same shares and total, declared beside the tree with the same weight.
      const others = [1, 2, 3, 4].map(() => Wallet.createRandom().address);
      const list = registration("listed", [
        { address: alice.address, shares: 3 },
        { address: others[0], shares: 1 },
        { address: others[1], shares: 2 },
        { address: others[2], shares: 4 },
        { address: others[3], shares: 6 },
      ]);
      await datasets.connect(sponsor).register(list, ZeroHash);
      const both = await registerModel(system, owner, "both", { [id]: 1, [list.contentHash as string]: 1 });
      await vault.connect(sponsor).deposit(both, 999_983n);
      const aliceIndex = (list.contributors as string[]).indexOf(alice.address);

      await expect(shareTrees.proveSlot(tree.proof(id, 0)))
        .to.emit(shareTrees, "SlotProven")
        .withArgs(id, 0, alice.address, 3);
      const slot = await datasets.contributor(id, 0);
      expect([slot.account, slot.shares, slot.totalShares]).to.deep.equal([alice.address, 3n, 16n]);

      const before = await token.balanceOf(alice.address);
      await vault.claim(alice.address, [{ model: both, dataset: id, index: 0 }]);
      const fromTree = (await token.balanceOf(alice.address)) - before;
      await vault.claim(alice.address, [{ model: both, dataset: list.contentHash, index: aliceIndex }]);
      const fromList = (await token.balanceOf(alice.address)) - before - fromTree;
      expect(fromTree).to.equal(fromList);
      expect(fromTree).to.equal((999_983n * 1n * 3n) / (2n * 16n));
    });

    it("proves and claims in one call, and a relayed claim pays a proven slot", async function () {
      const { shareTrees, vault, token, bob, tree, id, model } = await loadFixture(crowd);
      const requests = [{ model, dataset: id, index: 1 }];
      await expect(shareTrees.proveAndClaim(vault, bob.address, [tree.proof(id, 1)], requests)).to.changeTokenBalance(
        ethers,
        token,
        bob,
        (1_000n * 1n) / 16n,
      );
      await expect(shareTrees.proveAndClaim(vault, bob.address, [], requests))
        .to.be.revertedWithCustomError(vault, "NothingToClaim")
        .withArgs(bob.address);
    });

    it("pay a proven slot through a claim its holder signed and someone else sent (claimBySig)", async function () {
      const system = await loadFixture(crowd);
      const { shareTrees, vault, token, sponsor, carol, model, owner } = system;
      // A holder with no ETH: its slot is proven by anyone, its claim signed and relayed.
      const holder = Wallet.createRandom();
      const tree = testTree([
        { account: holder.address, shares: 3 },
        { handle: "hf:x", shares: 1 },
      ]);
      const terms = await treeRegistration(tree, "relayed");
      await shareTrees.connect(sponsor).registerTree(terms, ZeroHash);
      const id = terms.contentHash;
      const paid = await registerModel(system, owner, "relayed-model", { [id]: 1 });
      await vault.connect(sponsor).deposit(paid, 4_000n);
      await shareTrees.connect(carol).proveSlot(tree.proof(id, 0));
      const requests = [{ model: paid, dataset: id, index: 0 }];
      const { chainId } = await ethers.provider.getNetwork();
      const message = {
        account: holder.address,
        requests,
        relayer: carol.address,
        maxTip: 100n,
        maxTipBps: 1_000,
        nonce: 0n,
        deadline: BigInt(await time.latest()) + DAY,
      };
      const signature = await signClaim(holder, rewardVaultDomain(chainId, await vault.getAddress()), message);
      const relayTerms = { relayer: carol.address, maxTip: 100n, maxTipBps: 1_000, deadline: message.deadline };
      await expect(
        vault.connect(carol).claimBySig(holder.address, requests, relayTerms, 100n, signature),
      ).to.changeTokenBalances(ethers, token, [holder.address, carol], [3_000n - 100n, 100n]);
      expect(model).to.be.a("string");
    });

    it("are never proven twice: a holder who moved the slot keeps it", async function () {
      const { datasets, shareTrees, alice, stranger, tree, id } = await loadFixture(crowd);
      await shareTrees.proveSlot(tree.proof(id, 0));
      await datasets.connect(alice).moveShare(id, 0, stranger.address);
      await expect(shareTrees.proveSlot(tree.proof(id, 0)))
        .to.be.revertedWithCustomError(datasets, "SlotTaken")
        .withArgs(id, 0, stranger.address);
      expect((await datasets.contributor(id, 0)).account).to.equal(stranger.address);
    });

    it("refuse a wrong proof, a wrong leaf, an index past the count, a proof of another shape, another kind", async function () {
      const { shareTrees, stranger, tree, id } = await loadFixture(crowd);
      const good = tree.proof(id, 0);
      const sibling = tree.proof(id, 1);
      await expect(shareTrees.proveSlot({ ...good, hashes: [...sibling.hashes] }))
        .to.be.revertedWithCustomError(shareTrees, "InvalidSlotProof")
        .withArgs(id, 0);
      await expect(shareTrees.proveSlot(tree.proof(id, 0, { shares: 4n })))
        .to.be.revertedWithCustomError(shareTrees, "InvalidSlotProof")
        .withArgs(id, 0);
      await expect(shareTrees.proveSlot(tree.proof(id, 0, { account: stranger.address })))
        .to.be.revertedWithCustomError(shareTrees, "InvalidSlotProof")
        .withArgs(id, 0);
      // A forged sibling sum: the leaf claims 3 of a total the forged tree would make larger.
      const sums = `0x${"ff".repeat(5)}${good.sums.toString().slice(12)}`;
      await expect(shareTrees.proveSlot({ ...good, sums }))
        .to.be.revertedWithCustomError(shareTrees, "InvalidSlotProof")
        .withArgs(id, 0);
      await expect(shareTrees.proveSlot({ ...good, index: 6 }))
        .to.be.revertedWithCustomError(shareTrees, "SlotOutOfRange")
        .withArgs(id, 6, 6);
      await expect(shareTrees.proveSlot({ ...good, hashes: good.hashes.slice(1) }))
        .to.be.revertedWithCustomError(shareTrees, "ProofShapeMismatch")
        .withArgs(2, 15, 3);
      await expect(shareTrees.proveSlot(tree.proof(id, 2)))
        .to.be.revertedWithCustomError(shareTrees, "WrongSlotKind")
        .withArgs(id, 2);
      await expect(shareTrees.proveSlot(tree.proof(hashOf("nothing"), 0)))
        .to.be.revertedWithCustomError(shareTrees, "UnknownTree")
        .withArgs(hashOf("nothing"));
      // A padding position holds no shares.
      await expect(shareTrees.proveSlot(tree.proof(id, 0, { shares: 0n })))
        .to.be.revertedWithCustomError(shareTrees, "InvalidSlotProof")
        .withArgs(id, 0);
    });

    it("prove nothing in a tree whose declared total is not its root's sum", async function () {
      const system = await loadFixture(crowd);
      const { shareTrees, bob } = system;
      const tree = testTree(crowdSlots(system));
      const terms = await treeRegistration(tree, "inflated", { totalShares: tree.total + 1n });
      await shareTrees.connect(bob).registerTree(terms, ZeroHash);
      await expect(shareTrees.proveSlot(tree.proof(terms.contentHash, 0)))
        .to.be.revertedWithCustomError(shareTrees, "InvalidSlotProof")
        .withArgs(terms.contentHash, 0);
      expect(await shareTrees.verifySlot(tree.proof(terms.contentHash, 0))).to.equal(false);
    });

    it("verifySlot and attestationDigest answer as the calls that use them", async function () {
      const { shareTrees, tree, id, carol } = await loadFixture(crowd);
      expect(await shareTrees.verifySlot(tree.proof(id, 0))).to.equal(true);
      expect(await shareTrees.verifySlot(tree.proof(id, 0, { shares: 9n }))).to.equal(false);
      expect(await shareTrees.verifySlot({ ...tree.proof(id, 0), index: 7 })).to.equal(false);
      expect(await shareTrees.verifySlot({ ...tree.proof(id, 0), hashes: [] })).to.equal(false);
      expect(await shareTrees.verifySlot(tree.proof(hashOf("other"), 0))).to.equal(false);
      const attestation = { account: carol.address, attester: carol.address, attempt: 0, deadline: 1n };
      const { chainId } = await ethers.provider.getNetwork();
      const domain = shareTreesDomain(chainId, await shareTrees.getAddress());
      const message = {
        dataset: id,
        index: 3,
        identity: tree.leaves[3].identity,
        account: carol.address,
        attempt: 0,
        deadline: 1n,
      };
      const signature = await signBinding(carol, domain, message);
      const digest = await shareTrees.attestationDigest(id, 3, tree.leaves[3].identity, attestation);
      expect(ethers.recoverAddress(digest, signature)).to.equal(carol.address);
    });

    it("waits until the registration is final (a displaced tree could not be cleared)", async function () {
      const system = await deploySystem(ethers, 5n);
      const { datasets, shareTrees, alice, bob } = system;
      const tree = testTree(crowdSlots(system));
      const terms = await treeRegistration(tree, "provisional");
      const salt = hashOf("salt");
      await datasets.connect(alice).commit(await datasets.commitmentOf(terms.contentHash, alice.address, salt));
      await mine(5);
      await shareTrees.connect(alice).registerTree(terms, salt);
      await expect(shareTrees.connect(bob).proveSlot(tree.proof(terms.contentHash, 0)))
        .to.be.revertedWithCustomError(datasets, "NotTreeDataset")
        .withArgs(terms.contentHash);
      await mine(Number(await datasets.commitDelay()) + Number(await datasets.commitWindow()));
      await expect(shareTrees.connect(bob).proveSlot(tree.proof(terms.contentHash, 0))).to.emit(
        shareTrees,
        "SlotProven",
      );
    });
  });

  describe("identity slots", function () {
    it("earn from the first deposit and pay the bound address everything, to the wei", async function () {
      const { shareTrees, vault, token, sponsor, tree, id, model, attest, window, terms } = await loadFixture(crowd);
      // Deposits before anyone has a wallet: 1,000 (fixture) + 7 uneven ones.
      for (const amount of [13n, 1n, 997n, 5n, 250_001n, 2n, 77n]) await vault.connect(sponsor).deposit(model, amount);
      const inflow = 1_000n + 13n + 1n + 997n + 5n + 250_001n + 2n + 77n;
      const dan = Wallet.createRandom().address;
      const { attestation, signature } = await attest(3, dan);
      const proposed = shareTrees.proposeBinding(tree.proof(id, 3), attestation, signature);
      const effectiveAt = BigInt(await time.latest()) + 1n + window;
      await expect(proposed)
        .to.emit(shareTrees, "BindingProposed")
        .withArgs(id, 3, tree.leaves[3].identity, dan, attestation.attester, effectiveAt);
      await expect(shareTrees.completeBinding(id, 3, terms.tree))
        .to.be.revertedWithCustomError(shareTrees, "BindingNotReady")
        .withArgs(id, 3, effectiveAt);
      await time.increaseTo(effectiveAt);
      await expect(shareTrees.completeBinding(id, 3, terms.tree))
        .to.emit(shareTrees, "SlotBound")
        .withArgs(id, 3, dan, 4);
      await expect(vault.claim(dan, [{ model, dataset: id, index: 3 }])).to.changeTokenBalance(
        ethers,
        token,
        dan,
        (inflow * 4n) / 16n,
      );
    });

    it("can be vetoed in the window by the registrant or an arbiter, and the attestation is spent", async function () {
      const { shareTrees, alice, admin, stranger, tree, id, attest, window, terms } = await loadFixture(crowd);
      const thief = Wallet.createRandom().address;
      const first = await attest(2, thief);
      await shareTrees.proposeBinding(tree.proof(id, 2), first.attestation, first.signature);
      await expect(shareTrees.connect(stranger).vetoBinding(id, 2))
        .to.be.revertedWithCustomError(shareTrees, "NotVetoer")
        .withArgs(id, stranger.address);
      await expect(shareTrees.connect(alice).vetoBinding(id, 2))
        .to.emit(shareTrees, "BindingVetoed")
        .withArgs(id, 2, thief, alice.address);
      await expect(shareTrees.completeBinding(id, 2, terms.tree))
        .to.be.revertedWithCustomError(shareTrees, "NoPendingBinding")
        .withArgs(id, 2);
      await expect(shareTrees.proposeBinding(tree.proof(id, 2), first.attestation, first.signature))
        .to.be.revertedWithCustomError(shareTrees, "AttestationReplayed")
        .withArgs(id, 2, 1, 0);
      // A new attempt, vetoed by the arbiter; then one that outlives its window cannot be vetoed.
      const second = await attest(2, thief);
      await shareTrees.proposeBinding(tree.proof(id, 2), second.attestation, second.signature);
      await expect(shareTrees.connect(admin).vetoBinding(id, 2)).to.emit(shareTrees, "BindingVetoed");
      const third = await attest(2, thief);
      await shareTrees.proposeBinding(tree.proof(id, 2), third.attestation, third.signature);
      await time.increase(window);
      const { effectiveAt } = await shareTrees.bindingOf(id, 2);
      await expect(shareTrees.connect(alice).vetoBinding(id, 2))
        .to.be.revertedWithCustomError(shareTrees, "VetoClosed")
        .withArgs(id, 2, effectiveAt);
      await expect(shareTrees.connect(alice).vetoBinding(id, 4))
        .to.be.revertedWithCustomError(shareTrees, "NoPendingBinding")
        .withArgs(id, 4);
    });

    it("refuse a forged, expired, misdirected or repeated attestation, and a second binding", async function () {
      const { shareTrees, stranger, tree, id, attest, window, terms } = await loadFixture(crowd);
      const person = Wallet.createRandom().address;
      const forged = await attest(3, person, {}, stranger);
      await expect(shareTrees.proposeBinding(tree.proof(id, 3), forged.attestation, forged.signature))
        .to.be.revertedWithCustomError(shareTrees, "NotAttester")
        .withArgs(stranger.address);
      const good = await attest(3, person);
      const wrongSigner = await attest(3, person, {}, stranger);
      await expect(
        shareTrees.proposeBinding(tree.proof(id, 3), good.attestation, wrongSigner.signature),
      ).to.be.revertedWithCustomError(shareTrees, "InvalidAttestation");
      // Signed for another slot's identity: not this slot's attestation.
      const elsewhere = await attest(3, person, { identity: tree.leaves[2].identity });
      await expect(shareTrees.proposeBinding(tree.proof(id, 3), elsewhere.attestation, elsewhere.signature))
        .to.be.revertedWithCustomError(shareTrees, "InvalidAttestation")
        .withArgs(good.attestation.attester);
      const stale = await attest(3, person, { deadline: BigInt(await time.latest()) });
      await expect(shareTrees.proposeBinding(tree.proof(id, 3), stale.attestation, stale.signature))
        .to.be.revertedWithCustomError(shareTrees, "AttestationExpired")
        .withArgs(stale.attestation.deadline, BigInt(await time.latest()) + 1n);
      const nobody = await attest(3, ZeroAddress);
      await expect(shareTrees.proposeBinding(tree.proof(id, 3), nobody.attestation, nobody.signature))
        .to.be.revertedWithCustomError(shareTrees, "InvalidBindingAccount")
        .withArgs(ZeroAddress);
      await expect(shareTrees.proposeBinding(tree.proof(id, 0), good.attestation, good.signature))
        .to.be.revertedWithCustomError(shareTrees, "WrongSlotKind")
        .withArgs(id, 0);
      await shareTrees.proposeBinding(tree.proof(id, 3), good.attestation, good.signature);
      const again = await attest(3, person);
      await expect(shareTrees.proposeBinding(tree.proof(id, 3), again.attestation, again.signature))
        .to.be.revertedWithCustomError(shareTrees, "BindingPending")
        .withArgs(id, 3, (await shareTrees.bindingOf(id, 3)).effectiveAt);
      await time.increase(window);
      await shareTrees.completeBinding(id, 3, terms.tree);
      const later = await attest(3, person);
      await expect(shareTrees.proposeBinding(tree.proof(id, 3), later.attestation, later.signature))
        .to.be.revertedWithCustomError(shareTrees, "SlotAlreadyBound")
        .withArgs(id, 3, person);
      await expect(shareTrees.completeBinding(id, 3, terms.tree))
        .to.be.revertedWithCustomError(shareTrees, "NoPendingBinding")
        .withArgs(id, 3);
    });

    it("once bound, rotate with moveShare like any slot", async function () {
      const { datasets, shareTrees, vault, token, sponsor, tree, id, model, attest, window, terms } =
        await loadFixture(crowd);
      const person = Wallet.createRandom().connect(ethers.provider);
      await sponsor.sendTransaction({ to: person.address, value: 10n ** 17n });
      const { attestation, signature } = await attest(5, person.address);
      await shareTrees.proposeBinding(tree.proof(id, 5), attestation, signature);
      await time.increase(window);
      await shareTrees.completeBinding(id, 5, terms.tree);
      const next = Wallet.createRandom().address;
      await expect(datasets.connect(person).moveShare(id, 5, next))
        .to.emit(datasets, "ContributorMoved")
        .withArgs(id, person.address, next, 5);
      await expect(vault.claim(next, [{ model, dataset: id, index: 5 }])).to.changeTokenBalance(
        ethers,
        token,
        next,
        (1_000n * 5n) / 16n,
      );
    });
  });

  describe("the deadline", function () {
    it("sweeps an unbound slot to the fallback, exact, and a late binder is paid what it earned after", async function () {
      const { datasets, shareTrees, vault, token, sponsor, tree, id, model, attest, terms, window } =
        await loadFixture(crowd);
      await expect(shareTrees.sweep(tree.proof(id, 4)))
        .to.be.revertedWithCustomError(shareTrees, "SweepTooEarly")
        .withArgs(id, terms.tree.deadline, BigInt(await time.latest()) + 1n);
      await time.increaseTo(terms.tree.deadline + 1n);
      await expect(shareTrees.sweep(tree.proof(id, 4)))
        .to.emit(shareTrees, "SlotSwept")
        .withArgs(id, 4, sponsor.address, 1);
      await expect(shareTrees.sweep(tree.proof(id, 4)))
        .to.be.revertedWithCustomError(datasets, "SlotTaken")
        .withArgs(id, 4, sponsor.address);
      const requests = [{ model, dataset: id, index: 4 }];
      await expect(vault.claim(sponsor.address, requests)).to.changeTokenBalance(ethers, token, sponsor, 1_000n / 16n);
      // The slot keeps earning; its person binds late and is paid from the sweep on.
      await vault.connect(sponsor).deposit(model, 1_600n);
      const late = Wallet.createRandom().address;
      const { attestation, signature } = await attest(4, late, { deadline: BigInt(await time.latest()) + 100n * DAY });
      await shareTrees.proposeBinding(tree.proof(id, 4), attestation, signature);
      await expect(shareTrees.sweep(tree.proof(id, 4)))
        .to.be.revertedWithCustomError(shareTrees, "BindingPending")
        .withArgs(id, 4, (await shareTrees.bindingOf(id, 4)).effectiveAt);
      await time.increase(window);
      await shareTrees.completeBinding(id, 4, terms.tree);
      await expect(vault.claim(late, requests)).to.changeTokenBalance(ethers, token, late, 2_600n / 16n - 1_000n / 16n);
      await expect(shareTrees.sweep(tree.proof(id, 4)))
        .to.be.revertedWithCustomError(shareTrees, "SlotAlreadyBound")
        .withArgs(id, 4, late);
    });

    it("closes bindings after it where the dataset says swept slots do not keep earning", async function () {
      const system = await loadFixture(crowd);
      const { shareTrees, datasets, admin, carol, alice, tree } = system;
      const terms = await treeRegistration(tree, "closed", { keepsEarning: false });
      await shareTrees.connect(alice).registerTree(terms, ZeroHash);
      await datasets.connect(admin).grantRole(ATTESTER_ROLE, carol.address);
      const id = terms.contentHash;
      await time.increaseTo(terms.tree.deadline + 1n);
      const { chainId } = await ethers.provider.getNetwork();
      const domain = shareTreesDomain(chainId, await shareTrees.getAddress());
      const message = {
        dataset: id,
        index: 2,
        identity: tree.leaves[2].identity,
        account: carol.address,
        attempt: 0,
        deadline: terms.tree.deadline + DAY,
      };
      const signature = await signBinding(carol, domain, message);
      const attestation = { account: carol.address, attester: carol.address, attempt: 0, deadline: message.deadline };
      await expect(shareTrees.proposeBinding(tree.proof(id, 2), attestation, signature))
        .to.be.revertedWithCustomError(shareTrees, "BindingClosed")
        .withArgs(id, terms.tree.deadline);
      await expect(shareTrees.sweep(tree.proof(id, 2))).to.emit(shareTrees, "SlotSwept");
      await expect(shareTrees.sweep(tree.proof(id, 0)))
        .to.be.revertedWithCustomError(shareTrees, "WrongSlotKind")
        .withArgs(id, 0);
    });
  });

  describe("rulings", function () {
    /** A flag on the crowd dataset by the stranger: the open dispute's id. */
    async function flagged(system: Awaited<ReturnType<typeof crowd>>) {
      const { datasets, stranger, id } = system;
      await datasets.connect(stranger).flag(id, 1, URI, { value: await datasets.bondToFlag(id) });
      return (await datasets.disputeOf(id)).id;
    }

    /** The crowd tree as it should have been: slot 0 is `rightful`'s, slot 3 an address; the rest, shares too, as before. */
    async function rightfulTree(system: Awaited<ReturnType<typeof crowd>>, rightful: string, dan: string) {
      const slots = crowdSlots(system);
      slots[0] = { account: rightful, shares: 3 };
      slots[3] = { account: dan, shares: 4 };
      const tree = testTree(slots);
      const terms = {
        root: tree.root,
        slotCount: tree.count,
        totalShares: tree.total,
        deadline: BigInt(await time.latest()) + 90n * DAY,
        fallbackAccount: system.bob.address,
        keepsEarning: false,
      };
      tree.terms.set(system.id, terms);
      return { tree, terms };
    }

    it("replace a squatter's tree: its slots pay no one until proven under the named tree, with what they earned", async function () {
      const system = await loadFixture(crowd);
      const { datasets, shareTrees, vault, token, sponsor, admin, alice, bob, tree, id, model, attest, window, terms } =
        system;
      // Under the squatter's tree: Alice proves and claims slot 0; slot 3 is bound to an address of the squatter's.
      await shareTrees.proveSlot(tree.proof(id, 0));
      await vault.claim(alice.address, [{ model, dataset: id, index: 0 }]);
      const squatted = Wallet.createRandom().address;
      const bound = await attest(3, squatted);
      await shareTrees.proposeBinding(tree.proof(id, 3), bound.attestation, bound.signature);
      await time.increase(window);
      await shareTrees.completeBinding(id, 3, terms.tree);
      const disputeId = await flagged(system);
      const [rightful, dan] = [Wallet.createRandom().address, Wallet.createRandom().address];
      const named = await rightfulTree(system, rightful, dan);
      await expect(shareTrees.connect(admin).nameReplacement(id, disputeId, terms.tree, named.terms))
        .to.emit(shareTrees, "ReplacementNamed")
        .withArgs(id, disputeId, named.tree.root, 6n, 16n, named.terms.deadline, bob.address, false);
      await datasets.connect(admin).upholdFlag(id, disputeId, bob.address, []);
      await vault.connect(sponsor).deposit(model, 1_600n); // frozen meanwhile: paid later, to the rightful
      await time.increase(await datasets.appealWindow());
      const coder = ethers.AbiCoder.defaultAbiCoder();
      const namedHash = ethers.keccak256(
        coder.encode(["tuple(bytes32,uint40,uint40,uint40,address,bool)"], [Object.values(named.terms)]),
      );
      await expect(datasets.executeRuling(id, disputeId, bob.address, []))
        .to.emit(shareTrees, "TreeReplaced")
        .withArgs(id, disputeId, namedHash)
        .and.to.emit(datasets, "RulingExecuted");
      expect(await shareTrees.treeHashOf(id)).to.equal(namedHash);
      expect((await datasets.dataset(id)).flags).to.equal(4n); // generation 1, unfrozen
      // The squatter's slots pay no one, move nowhere, and its tree proves nothing.
      for (const [index, holder] of [
        [0, alice.address],
        [3, squatted],
      ] as const) {
        expect((await datasets.payoutOf(id, index)).account).to.equal(ZeroAddress);
        await expect(vault.claim(holder, [{ model, dataset: id, index }]))
          .to.be.revertedWithCustomError(vault, "NotContributor")
          .withArgs(id, index, holder);
      }
      await expect(datasets.connect(alice).moveShare(id, 0, bob.address))
        .to.be.revertedWithCustomError(datasets, "UnknownContributor")
        .withArgs(id, 0);
      await expect(shareTrees.proveSlot(tree.proof(id, 1)))
        .to.be.revertedWithCustomError(shareTrees, "UnknownTree")
        .withArgs(id);
      // Under the named tree: the rightful holder is paid all slot 0 earned but what the squatter took; Dan all of slot 3.
      const inflow = 1_000n + 1_600n;
      await expect(shareTrees.proveSlot(named.tree.proof(id, 0)))
        .to.emit(shareTrees, "SlotProven")
        .withArgs(id, 0, rightful, 3);
      await expect(vault.claim(rightful, [{ model, dataset: id, index: 0 }])).to.changeTokenBalance(
        ethers,
        token,
        rightful,
        (inflow * 3n) / 16n - (1_000n * 3n) / 16n,
      );
      expect((await shareTrees.bindingOf(id, 3)).flags).to.equal(0n); // the old tree's binding binds nothing here
      await shareTrees.proveSlot(named.tree.proof(id, 3));
      await expect(vault.claim(dan, [{ model, dataset: id, index: 3 }])).to.changeTokenBalance(
        ethers,
        token,
        dan,
        (inflow * 4n) / 16n,
      );
      expect((await datasets.contributor(id, 3)).generation).to.equal(1n);
    });

    it("are named by an arbiter while the dispute is open, keeping the total; without one the tree stays", async function () {
      const system = await loadFixture(crowd);
      const { datasets, shareTrees, vault, admin, alice, bob, stranger, tree, id, model, terms } = system;
      const named = await rightfulTree(system, bob.address, bob.address);
      await expect(shareTrees.connect(admin).nameReplacement(id, 1, terms.tree, named.terms))
        .to.be.revertedWithCustomError(shareTrees, "DisputeNotOpen")
        .withArgs(id, 1, 0);
      const disputeId = await flagged(system);
      await expect(shareTrees.connect(stranger).nameReplacement(id, disputeId, terms.tree, named.terms))
        .to.be.revertedWithCustomError(shareTrees, "NotArbiter")
        .withArgs(stranger.address);
      await expect(shareTrees.connect(admin).nameReplacement(id, disputeId + 1n, terms.tree, named.terms))
        .to.be.revertedWithCustomError(shareTrees, "DisputeNotOpen")
        .withArgs(id, disputeId + 1n, 1);
      await expect(shareTrees.connect(admin).nameReplacement(id, disputeId, named.terms, named.terms))
        .to.be.revertedWithCustomError(shareTrees, "UnknownTree")
        .withArgs(id);
      await expect(
        shareTrees.connect(admin).nameReplacement(id, disputeId, terms.tree, { ...named.terms, totalShares: 17n }),
      )
        .to.be.revertedWithCustomError(shareTrees, "InvalidTree")
        .withArgs("totalShares", 17n);
      await expect(
        shareTrees.connect(admin).nameReplacement(id, disputeId, terms.tree, { ...named.terms, root: ZeroHash }),
      )
        .to.be.revertedWithCustomError(shareTrees, "InvalidTree")
        .withArgs("root", 0n);
      await expect(shareTrees.connect(alice).replaceTree(id, disputeId))
        .to.be.revertedWithCustomError(shareTrees, "NotRegistry")
        .withArgs(alice.address);
      // Upheld without a tree named: the ruling moves the registration only; the tree and its slots stay.
      await datasets.connect(admin).upholdFlag(id, disputeId, bob.address, []);
      await expect(shareTrees.connect(admin).nameReplacement(id, disputeId, terms.tree, named.terms))
        .to.be.revertedWithCustomError(shareTrees, "DisputeNotOpen")
        .withArgs(id, disputeId, 2);
      await time.increase(await datasets.appealWindow());
      await expect(datasets.executeRuling(id, disputeId, bob.address, [])).not.to.emit(shareTrees, "TreeReplaced");
      expect((await datasets.dataset(id)).flags).to.equal(0n);
      expect((await datasets.dataset(id)).registrant).to.equal(bob.address);
      await expect(shareTrees.proveSlot(tree.proof(id, 1))).to.emit(shareTrees, "SlotProven");
      await expect(vault.claim(bob.address, [{ model, dataset: id, index: 1 }])).to.changeTokenBalance(
        ethers,
        system.token,
        bob,
        1_000n / 16n,
      );
    });

    it("keep every written slot's shares: a named tree that changes them cannot write that slot", async function () {
      const system = await loadFixture(crowd);
      const { datasets, shareTrees, admin, alice, bob, tree, id, terms } = system;
      await shareTrees.proveSlot(tree.proof(id, 1)); // Bob, 1 share
      const disputeId = await flagged(system);
      // Slot 1 given 2 shares and slot 5 one fewer: the same total, but slot 1 was written with 1.
      const slots = crowdSlots(system);
      slots[1] = { account: bob.address, shares: 2 };
      slots[5] = { handle: "email:erin@example.org", shares: 4 };
      const changed = testTree(slots);
      const changedTerms = { ...terms.tree, root: changed.root, deadline: BigInt(await time.latest()) + 90n * DAY };
      changed.terms.set(id, changedTerms);
      await shareTrees.connect(admin).nameReplacement(id, disputeId, terms.tree, changedTerms);
      await datasets.connect(admin).upholdFlag(id, disputeId, alice.address, []);
      await time.increase(await datasets.appealWindow());
      await datasets.executeRuling(id, disputeId, alice.address, []);
      await expect(shareTrees.proveSlot(changed.proof(id, 1)))
        .to.be.revertedWithCustomError(datasets, "SharesFixed")
        .withArgs(id, 1, 1, 2);
      await expect(shareTrees.proveSlot(changed.proof(id, 0))).to.emit(shareTrees, "SlotProven");
      await expect(shareTrees.proveSlot(changed.proof(id, 0)))
        .to.be.revertedWithCustomError(datasets, "SlotTaken")
        .withArgs(id, 0, alice.address);
    });

    it("replace one dataset's tree at most 63 times (the registry keeps the generation in 6 bits)", async function () {
      const system = await loadFixture(crowd);
      const { datasets, shareTrees, admin, bob, id, terms } = system;
      const far = { ...terms.tree, deadline: BigInt(await time.latest()) + 5_000n * DAY };
      let current: IShareTrees.TreeStruct = terms.tree;
      const appeal = await datasets.appealWindow();
      for (let generation = 1; generation <= 63; generation++) {
        const disputeId = await flagged(system);
        const next = { ...far, deadline: far.deadline + BigInt(generation) };
        await shareTrees.connect(admin).nameReplacement(id, disputeId, current, next);
        await datasets.connect(admin).upholdFlag(id, disputeId, bob.address, []);
        await time.increase(appeal);
        await datasets.executeRuling(id, disputeId, bob.address, []);
        current = next;
      }
      expect((await datasets.dataset(id)).flags).to.equal(63n * 4n);
      const disputeId = await flagged(system);
      await expect(shareTrees.connect(admin).nameReplacement(id, disputeId, current, far))
        .to.be.revertedWithCustomError(shareTrees, "InvalidTree")
        .withArgs("generation", 63n);
    });
  });
});
