/**
 * Pauses and unpauses of every contract that can pause, with what the registry clock needs (`RegistryClock`:
 * the block of the latest pause and the blocks spent paused before it).
 */
import { ponder } from "ponder:registry";
import { pause } from "ponder:schema";

import { nextPauseClock } from "../../src/protocol/standing.js";
import { lower } from "./shared";

for (const name of ["DatasetRegistry", "ModelRegistry", "RewardVault"] as const) {
  for (const paused of [true, false]) {
    ponder.on(`${name}:${paused ? "Paused" : "Unpaused"}`, async ({ event, context }) => {
      const at = event.block.number;
      await context.db
        .insert(pause)
        .values({ contract: lower(event.log.address), blockNumber: at, ...nextPauseClock(undefined, paused, at) })
        .onConflictDoUpdate((row) => ({ blockNumber: at, ...nextPauseClock(row, paused, at) }));
    });
  }
}
