/**
 * Mining on development nodes (Hardhat's, anvil), for commit delays and provisional windows in
 * scripts and tests.
 *
 * Every block mined here is a real block that names its parent, so an indexer following the node
 * (Ponder checks each block's `parentHash` against the last) can follow it. That rules out one call
 * of Hardhat's `hardhat_mine` for more than a few blocks: Hardhat then *reserves* the middle of the
 * range, and those placeholder blocks report a zero `parentHash` (Ponder stops at the first one and
 * never recovers). anvil's `anvil_mine` mines real blocks in one call; on Hardhat, up to
 * `ONE_BY_ONE_LIMIT` blocks are mined with `evm_mine` one at a time (about 2.5 ms each over HTTP),
 * and only longer runs fall back to `hardhat_mine`.
 */
import { DataDividendsError } from "../protocol/errors.js";

/** Sends a JSON-RPC request: ethers' `provider.send` has this shape. */
export type RpcSend = (method: string, params: unknown[]) => Promise<unknown>;

/** The longest run mined block by block where the node cannot mine real blocks in one call. */
export const ONE_BY_ONE_LIMIT = 1_000;

/**
 * Mines `blocks` blocks: `anvil_mine` where the node has it, else `evm_mine` one at a time up to
 * `ONE_BY_ONE_LIMIT` blocks, else `hardhat_mine` (whose reserved blocks an indexer cannot follow).
 *
 * @param send The node's JSON-RPC (e.g. `(m, p) => provider.send(m, p)`).
 * @param blocks How many blocks to mine (0 mines none).
 */
export async function mineBlocks(send: RpcSend, blocks: number): Promise<void> {
  if (!Number.isSafeInteger(blocks) || blocks < 0) {
    throw new DataDividendsError("INVALID_INPUT", `cannot mine ${blocks} blocks: give a whole number of 0 or more`);
  }
  if (blocks === 0) return;
  const count = `0x${blocks.toString(16)}`;
  try {
    await send("anvil_mine", [count]);
    return;
  } catch {
    // Not anvil: Hardhat (or another node) below.
  }
  if (blocks > ONE_BY_ONE_LIMIT) {
    try {
      await send("hardhat_mine", [count]);
      return;
    } catch {
      // No bulk mining at all: one at a time, however long it takes.
    }
  }
  for (let i = 0; i < blocks; i++) await send("evm_mine", []);
}
