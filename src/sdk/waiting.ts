/**
 * Every wait the SDK does, bounded: for a transaction's receipt (confirmations, a timeout, a dropped
 * or replaced transaction, a node that stopped answering) and for a block (commit delays, provisional
 * windows), each ending in its own error code.
 */
import { isError, type ContractTransactionReceipt, type ContractTransactionResponse, type Provider } from "ethers";

import { DataDividendsError, isUnreachable } from "../protocol/errors.js";
import { toDataDividendsError } from "./revert.js";
import { DEFAULT_TX_TIMEOUT_MS, type ClientOptions, type WaitOptions } from "./types.js";

/** How long a node that may have gone away gets to answer one request. */
const PROBE_MS = 5_000;

/** How often a wait asks whether the node is still there, and how many missed answers in a row mean it is gone. */
const WATCH_MS = 1_000;
const WATCH_MISSES = 3;

/** Whether the node still answers (one request, bounded). */
async function answers(provider: Provider | null, probeMs = PROBE_MS): Promise<boolean> {
  if (provider === null) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), probeMs)));
  try {
    return await Promise.race([provider.getBlockNumber().then(() => true as const), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** How often a wait for one confirmation asks for the receipt itself. */
const RECEIPT_POLL_MS = 500;

/**
 * The receipt of a transaction that needs one confirmation, asked for every half second: ethers' `wait` learns of
 * it from block events, and a provider whose block number was read just before (its cache) sees the
 * transaction's block as the one it knows; on a node that mines only when sent a transaction (Hardhat, anvil)
 * no next block comes, and the wait would last until its timeout. `stop` ends the asking.
 */
function askReceipt(tx: ContractTransactionResponse): {
  found: Promise<ContractTransactionReceipt | null>;
  stop(): void;
} {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const found = new Promise<ContractTransactionReceipt | null>((resolve, reject) => {
    const tick = async () => {
      if (stopped) return;
      const receipt = await tx.provider.getTransactionReceipt(tx.hash).catch(() => null);
      if (stopped) return;
      // Mined: `wait(0)` gives it as the contract's receipt (its logs parsed, a revert thrown) without waiting.
      if (receipt !== null) tx.wait(0).then(resolve, reject);
      else timer = setTimeout(() => void tick(), RECEIPT_POLL_MS);
    };
    timer = setTimeout(() => void tick(), RECEIPT_POLL_MS);
  });
  found.catch(() => undefined); // observed by the race
  return {
    found,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** What the watch rejects with: told apart from every other failure by identity. */
const NODE_GONE = new Error("the node stopped answering");

/** Rejects `gone` with NODE_GONE once the node misses WATCH_MISSES answers in a row; `stop` ends the watch. */
function watchNode(provider: Provider | null): { gone: Promise<never>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const gone = new Promise<never>((_, reject) => {
    let misses = 0;
    const tick = async () => {
      if (stopped) return;
      misses = (await answers(provider, WATCH_MS)) ? 0 : misses + 1;
      if (stopped) return;
      if (misses >= WATCH_MISSES) reject(NODE_GONE);
      else timer = setTimeout(() => void tick(), WATCH_MS);
    };
    timer = setTimeout(() => void tick(), WATCH_MS);
  });
  gone.catch(() => undefined); // observed by the race; never an unhandled rejection after it
  return {
    gone,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * Waits, bounded, for a sent transaction: `confirmations` blocks, at most `txTimeoutMs`. A timeout, a
 * node that stopped answering, a replaced or dropped transaction and a revert each end in their own
 * error code, naming the transaction's hash.
 */
export async function waitForReceipt(
  tx: ContractTransactionResponse,
  options: ClientOptions,
): Promise<ContractTransactionReceipt> {
  const timeoutMs = options.txTimeoutMs ?? DEFAULT_TX_TIMEOUT_MS;
  let receipt: ContractTransactionReceipt | null;
  // A node that dies mid-wait is noticed within seconds, not at the timeout: it is asked every few seconds.
  const watch = watchNode(tx.provider);
  const confirmations = options.confirmations ?? 1;
  const asked = confirmations === 1 ? askReceipt(tx) : undefined;
  try {
    receipt = await Promise.race([
      tx.wait(confirmations, timeoutMs),
      watch.gone,
      ...(asked === undefined ? [] : [asked.found]),
    ]);
  } catch (error) {
    // The node went away while the transaction was pending: noticed by the wait's own polling, or by
    // the probe after a timeout. Either way the transaction may still be mined: it is not "failed".
    const gone = () =>
      new DataDividendsError(
        "RPC_UNAVAILABLE",
        `the node stopped answering while transaction ${tx.hash} was pending; once it is back, look the transaction up before sending it again`,
        { cause: error },
      );
    if (isError(error, "TIMEOUT")) {
      if (!(await answers(tx.provider))) throw gone();
      throw new DataDividendsError(
        "TIMEOUT",
        `transaction ${tx.hash} was not mined within ${Math.round(timeoutMs / 1000)} s; it may still be: look it up before sending it again`,
        { cause: error },
      );
    }
    if (isError(error, "TRANSACTION_REPLACED")) {
      throw new DataDividendsError(
        "TRANSACTION_DROPPED",
        `transaction ${tx.hash} was ${error.reason === "cancelled" ? "cancelled" : "replaced"} by ${error.replacement.hash}`,
        { cause: error },
      );
    }
    if (error === NODE_GONE || isUnreachable(error)) throw gone();
    throw toDataDividendsError(error, `transaction ${tx.hash}`);
  } finally {
    watch.stop();
    asked?.stop();
  }
  if (receipt === null) {
    throw new DataDividendsError("TRANSACTION_DROPPED", `transaction ${tx.hash} was dropped before it was mined`);
  }
  return receipt;
}

/** What a block wait says while it waits and when it gives up. */
export interface BlockWait {
  status(missing: number): string;
  timeout(target: bigint): string;
}

export const REVEAL_WAIT: BlockWait = {
  status: (missing) => `committed; waiting for ${missing} more block(s) before the reveal`,
  timeout: (target) => `block ${target} did not arrive in time; rerun with the same salt to resume the reveal`,
};

export const PROVISIONAL_WAIT: BlockWait = {
  status: (missing) => `waiting for ${missing} more block(s) until the datasets' provisional window closes`,
  timeout: (target) => `block ${target} did not arrive in time (the datasets' provisional window); rerun to resume`,
};

/** Waits (bounded) for block `target`, mining through where `advanceBlocks` is given; `why` words it. */
export async function waitForBlock(
  provider: Provider,
  target: bigint,
  options: WaitOptions,
  why: BlockWait,
): Promise<void> {
  const current = BigInt(await provider.getBlockNumber());
  if (current >= target) return;
  const missing = Number(target - current);
  options.onStatus?.(why.status(missing));
  if (options.advanceBlocks !== undefined) {
    await options.advanceBlocks(missing);
    return;
  }
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  while (BigInt(await provider.getBlockNumber()) < target) {
    if (Date.now() > deadline) throw new DataDividendsError("TIMEOUT", why.timeout(target));
    await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 2000));
  }
}
