/**
 * Pauses and unpauses of every contract that can pause.
 */
import { ponder } from "ponder:registry";
import { pause } from "ponder:schema";

import { lower } from "./shared";

for (const name of ["DatasetRegistry", "ModelRegistry", "RewardVault"] as const) {
  for (const paused of [true, false]) {
    ponder.on(`${name}:${paused ? "Paused" : "Unpaused"}`, async ({ event, context }) => {
      await context.db
        .insert(pause)
        .values({ contract: lower(event.log.address), paused, blockNumber: event.block.number })
        .onConflictDoUpdate({ paused, blockNumber: event.block.number });
    });
  }
}
