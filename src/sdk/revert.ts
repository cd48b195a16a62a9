/**
 * Decoding of contract reverts into their custom errors, over the ABIs of every DataDividends
 * contract (and the OpenZeppelin bases they inherit).
 */
import { Interface, isCallException, isError, type ErrorDescription } from "ethers";

import {
  DataDividendsGovernor__factory,
  DataRewardToken__factory,
  DatasetRegistry__factory,
  ModelRegistry__factory,
  RewardVault__factory,
  ShareTrees__factory,
} from "../typechain.js";
import { DataDividendsError, isUnreachable, type DecodedRevert } from "../protocol/errors.js";
import { ADVICE, explain } from "./advice.js";

// Every error our contracts (and the OpenZeppelin bases they inherit) can raise, in one table.
const KNOWN = new Interface(
  dedupe([
    ...DatasetRegistry__factory.abi,
    ...ModelRegistry__factory.abi,
    ...RewardVault__factory.abi,
    ...DataRewardToken__factory.abi,
    ...DataDividendsGovernor__factory.abi,
    ...ShareTrees__factory.abi,
  ]),
);

function dedupe<T extends { type: string; name?: string; inputs?: readonly { type: string }[] }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (item.type !== "error") return false;
    const key = `${item.name}(${(item.inputs ?? []).map((i) => i.type).join(",")})`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function format(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(format).join(", ")}]`;
  return String(value);
}

function describe(parsed: ErrorDescription): DecodedRevert {
  const args: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, i) => {
    args[input.name || `arg${i}`] = parsed.args[i];
  });
  const text = `${parsed.name}(${Object.entries(args)
    .map(([k, v]) => `${k}=${format(v)}`)
    .join(", ")})`;
  return { name: parsed.name, args, text };
}

/** Finds revert data anywhere in an ethers / provider error chain. */
function revertData(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const candidate = current as { data?: unknown; error?: unknown; cause?: unknown; info?: { error?: unknown } };
    if (typeof candidate.data === "string" && candidate.data.startsWith("0x") && candidate.data.length >= 10) {
      return candidate.data;
    }
    current = candidate.error ?? candidate.info?.error ?? candidate.cause;
  }
  return undefined;
}

/** Decodes a contract revert into its custom error's name and arguments, or undefined. */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  const data = revertData(error);
  if (data === undefined) return undefined;
  try {
    const parsed = KNOWN.parseError(data);
    return parsed === null ? undefined : describe(parsed);
  } catch {
    return undefined;
  }
}

/**
 * Turns anything thrown by a contract call into a `DataDividendsError` with a code that says what
 * kind of failure it was: `CONTRACT_REVERT` (naming the custom error, said as advice.ts says it), `RPC_UNAVAILABLE` (the node
 * could not be reached), `TRANSACTION_REJECTED` (the node refused to take the transaction: funds,
 * nonce, fee) or `UNKNOWN`. `DataDividendsError`s are kept as they are.
 */
export function toDataDividendsError(error: unknown, action: string): DataDividendsError {
  if (error instanceof DataDividendsError) return error;
  const revert = decodeRevert(error);
  if (revert !== undefined) {
    const line =
      ADVICE[revert.name] === undefined
        ? `${action} reverted: ${revert.text}`
        : `${action}: ${explain(revert)} (${revert.name})`;
    return new DataDividendsError("CONTRACT_REVERT", line, { cause: error, revert });
  }
  if (isCallException(error)) {
    const reason = error.reason ?? error.shortMessage;
    return new DataDividendsError("CONTRACT_REVERT", `${action} reverted: ${reason}`, { cause: error });
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  if (isUnreachable(error)) {
    return new DataDividendsError("RPC_UNAVAILABLE", `${action} failed: the node did not answer (${message})`, {
      cause: error,
    });
  }
  if (
    isError(error, "INSUFFICIENT_FUNDS") ||
    isError(error, "NONCE_EXPIRED") ||
    isError(error, "REPLACEMENT_UNDERPRICED")
  ) {
    return new DataDividendsError("TRANSACTION_REJECTED", `${action} was refused by the node: ${error.shortMessage}`, {
      cause: error,
    });
  }
  return new DataDividendsError("UNKNOWN", `${action} failed: ${message}`, { cause: error });
}

/** Runs `fn`, rethrowing any failure as a decoded `DataDividendsError`. */
export async function decoding<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toDataDividendsError(error, action);
  }
}
