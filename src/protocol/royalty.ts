/**
 * The parent royalty floor (`ModelRegistry`): a child's parent edge must carry at least `minRoyaltyBps` of
 * the child's total weight. Held to the contract by `test/protocol/rulebook.test.ts`.
 */
import { DataDividendsError } from "./errors.js";

/** Basis points in one whole (`ModelRegistry.BPS`). */
export const BPS = 10_000n;

/** Whether a parent edge of `parentWeight` out of `totalWeight` meets a floor of `minRoyaltyBps` (the registry's test). */
export function meetsRoyaltyFloor(parentWeight: bigint, totalWeight: bigint, minRoyaltyBps: bigint): boolean {
  return parentWeight * BPS >= minRoyaltyBps * totalWeight;
}

/**
 * The least parent-edge weight that meets a parent's royalty floor (`minRoyaltyBps`) next to
 * `datasetWeight` of the child's own datasets: `ceil(bps * datasetWeight / (10000 - bps))`, at least 1.
 * A floor of 10,000 (everything) leaves no room for datasets of the child's own.
 *
 * @example
 * minimumParentWeight(1_000n, 9n); // 1: one part in ten
 */
export function minimumParentWeight(minRoyaltyBps: bigint, datasetWeight: bigint): bigint {
  if (minRoyaltyBps < 0n || minRoyaltyBps > BPS) {
    throw new DataDividendsError("INVALID_INPUT", `a royalty floor is 0 to 10000 basis points, got ${minRoyaltyBps}`);
  }
  if (minRoyaltyBps === BPS) {
    if (datasetWeight === 0n) return 1n;
    throw new DataDividendsError(
      "INVALID_INPUT",
      "the parent asks a 100% royalty: a derivative cannot declare datasets of its own",
    );
  }
  const weight = (minRoyaltyBps * datasetWeight + (BPS - minRoyaltyBps - 1n)) / (BPS - minRoyaltyBps);
  return weight === 0n ? 1n : weight;
}
