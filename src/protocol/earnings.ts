/**
 * What the vault owes: `RewardMath` in TypeScript (cumulative, one floor per figure, toward the vault).
 * Held to the contract by `test/protocol/rulebook.test.ts`.
 */

/** What a pool that received `inflow` has credited to an edge of weight `weight` of `totalWeight`, rounded down. */
export function credited(inflow: bigint, weight: bigint, totalWeight: bigint): bigint {
  if (totalWeight === 0n) return 0n;
  return (inflow * weight) / totalWeight;
}

/**
 * What one share slot has earned, in total, from a pool that received `inflow`:
 * `inflow * (weight / totalWeight) * (shares / totalShares)`, rounded down once (`RewardMath.earned`).
 * What it is owed is this minus what it has released.
 */
export function earned(
  inflow: bigint,
  weight: bigint,
  totalWeight: bigint,
  shares: bigint,
  totalShares: bigint,
): bigint {
  if (totalWeight === 0n || totalShares === 0n) return 0n;
  return (inflow * weight * shares) / (totalWeight * totalShares);
}
