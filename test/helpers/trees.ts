/**
 * Share trees for the contract tests: slots given as holders and shares, built with the toolkit's own hashing
 * (src/protocol/share-tree.ts), and each slot's `SlotProof` as `ShareTrees` takes it.
 */
import { ZeroAddress, ZeroHash, id as keccakLabel } from "ethers";

import {
  identityCommitment,
  proofFromLevels,
  shareTreeOf,
  type SlotLeaf,
  type SlotProofPath,
} from "../../src/protocol/share-tree.js";
import type { IShareTrees } from "../../typechain-types/index.js";

/** A slot of a test tree: an address, or a handle (committed with a salt of its own). */
export type TestSlot = { account: string; shares: bigint | number } | { handle: string; shares: bigint | number };

export interface TestTree {
  root: string;
  total: bigint;
  count: number;
  leaves: SlotLeaf[];
  /** The terms each dataset registered this tree with (filled by the test that registers it). */
  terms: Map<string, IShareTrees.TreeStruct>;
  /** Slot `index`'s proof for `dataset`, its leaf as built (or as overridden, to forge one). */
  proof(
    dataset: string,
    index: number,
    override?: Partial<SlotLeaf> & { path?: SlotProofPath },
  ): IShareTrees.SlotProofStruct & { hashes: string[]; sums: string; identity: string };
}

/** The salt a handle's commitment uses in these tests. */
export const saltOf = (handle: string) => keccakLabel(`salt:${handle}`);

export function testTree(slots: readonly TestSlot[]): TestTree {
  const leaves: SlotLeaf[] = slots.map((s) =>
    "account" in s
      ? { account: s.account, identity: ZeroHash, shares: BigInt(s.shares) }
      : { account: ZeroAddress, identity: identityCommitment(s.handle, saltOf(s.handle), 0), shares: BigInt(s.shares) },
  );
  const built = shareTreeOf(leaves);
  return {
    root: built.root,
    total: BigInt(built.total),
    count: leaves.length,
    leaves,
    terms: new Map(),
    proof(dataset, index, override = {}) {
      const leaf = { ...leaves[index], ...override };
      const path = override.path ?? proofFromLevels(built, index);
      const terms = this.terms.get(dataset) ?? {
        root: built.root,
        slotCount: leaves.length,
        totalShares: built.total,
        deadline: 0,
        fallbackAccount: ZeroAddress,
        keepsEarning: false,
      };
      return {
        dataset,
        tree: terms,
        index,
        account: leaf.account,
        identity: leaf.identity,
        shares: leaf.shares,
        hashes: path.hashes,
        sums: path.sums,
      };
    },
  };
}
