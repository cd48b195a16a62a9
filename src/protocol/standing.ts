/**
 * When a share slot pays: `DatasetRegistry.payoutOf`'s `payableNow`, written once for the SDK, the indexer
 * and the dashboard (the contract is the oracle of `test/protocol/rulebook.test.ts`).
 */

/** Why an edge pays now or not: a frozen dataset pays nothing; a new one pays nothing until its cooling-off ends. */
export type EdgeState = "payable" | "frozen" | "cooling-off";

/** `Dataset.flags` bit 1: retired by its registrant. */
export const FLAG_RETIRED = 1;
/** `Dataset.flags` bit 2: frozen by an open dispute, or by an upheld one not yet executed. */
export const FLAG_FROZEN = 2;

/** What the rule reads of a dataset: the freeze bit and the registration time (seconds). */
export interface DatasetStanding {
  frozen: boolean;
  registeredAt: bigint;
}

/** The first timestamp at which a dataset registered at `registeredAt` pays, given the registry's `claimDelay`. */
export function payableFrom(registeredAt: bigint, claimDelay: bigint): bigint {
  return registeredAt + claimDelay;
}

/**
 * Where a dataset's share slots stand at block time `now`: `payable` exactly when the registry's `payoutOf`
 * says `payableNow` (not frozen, and `now >= registeredAt + claimDelay`). A frozen dataset is `frozen`
 * whether or not it is also cooling off, since the freeze is what a ruling must end.
 *
 * @example
 * edgeState({ frozen: false, registeredAt: 1_700_000_000n }, 604_800n, BigInt(block.timestamp));
 */
export function edgeState(dataset: DatasetStanding, claimDelay: bigint, now: bigint): EdgeState {
  if (dataset.frozen) return "frozen";
  return now >= payableFrom(dataset.registeredAt, claimDelay) ? "payable" : "cooling-off";
}

/** The freeze bit of a `Dataset.flags` value. */
export function isFrozen(flags: bigint | number): boolean {
  return (BigInt(flags) & BigInt(FLAG_FROZEN)) !== 0n;
}

/** What the registry's clock reads of its pauses (`RegistryClock`): whether registration is paused, the block it
 * was paused at, and the blocks it spent paused before. */
export interface PauseClock {
  paused: boolean;
  pausedAt: bigint;
  pausedBlocks: bigint;
}

/**
 * `DatasetRegistry.clock()` at block `blockNumber`: the blocks in which registration was not paused (the block
 * number until the first pause; it stands still while paused). Commitments and `provisionalUntil` are in it.
 *
 * @example
 * const provisional = d.provisionalUntil !== 0n && registryClock(pause, head.number) <= d.provisionalUntil;
 */
export function registryClock(pause: PauseClock | undefined, blockNumber: bigint): bigint {
  if (pause === undefined) return blockNumber;
  return (pause.paused ? pause.pausedAt : blockNumber) - pause.pausedBlocks;
}

/** The pause record after a `Paused` (`paused`) or `Unpaused` event at block `blockNumber`, as `RegistryClock` keeps it. */
export function nextPauseClock(before: PauseClock | undefined, paused: boolean, blockNumber: bigint): PauseClock {
  const pausedBlocks = before?.pausedBlocks ?? 0n;
  if (paused) return { paused, pausedAt: blockNumber, pausedBlocks };
  return {
    paused,
    pausedAt: before?.pausedAt ?? blockNumber,
    pausedBlocks: pausedBlocks + (blockNumber - (before?.pausedAt ?? blockNumber)),
  };
}
