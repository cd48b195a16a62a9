/**
 * Parsing of command-line values, on the schema layer (src/protocol/schema.ts, through `parseOption`): IDs,
 * weights, basis points, token amounts, waits, and the lists ("0xhex:uint32" of `--contributors` and
 * `--usage`, "Name=0xaccount:shares" of `--creators`). Every failure is a UsageError naming the option and
 * the offending text.
 */
import { isAddress, isHexString, parseUnits } from "ethers";

import { address, text as schemaText } from "../protocol/schema.js";
import { parseOption, wholeNumber } from "./arguments.js";

import type { ContributorShare } from "../protocol/contributors.js";
import type { DatasetUsage } from "../sdk/actions/register-model.js";
import { datasetId, modelId, type DatasetId, type ModelId } from "../protocol/ids.js";
import type { ClientOptions } from "../sdk/types.js";
import type { Creator } from "../node/manifest.js";
import { UsageError } from "./run.js";

const MAX_UINT32 = 0xffffffffn;

/** Whether `text` is a share slot number (uint32: slot indexes are uint32 on chain). */
export function isSlotIndex(text: string): boolean {
  return /^\d+$/.test(text) && Number(text) <= Number(MAX_UINT32);
}

/** `--index`: a share slot number, or a UsageError naming the option and the text. */
export function parseSlotIndex(text: string): number {
  if (!isSlotIndex(text)) {
    throw new UsageError(`--index must be a share slot number from 0 to 4294967295, got "${text}"`);
  }
  return Number(text);
}

/**
 * Parses "0xkey:n,0xkey:n" pairs, where each key passes `isKey` and each n is a uint32 >= 1 (1 where
 * omitted).
 */
export function parsePairs(
  text: string,
  what: { key: string; value: string; isKey: (key: string) => boolean },
): { key: string; value: bigint }[] {
  return text.split(",").map((part) => {
    const [key, value = "1", ...rest] = part.trim().split(":");
    if (!what.isKey(key) || rest.length > 0) {
      throw new UsageError(`${what.key} "${part.trim()}" does not start with ${article(what.key)}`);
    }
    if (!/^\d+$/.test(value) || BigInt(value) === 0n || BigInt(value) > MAX_UINT32) {
      throw new UsageError(`${what.value} of ${key} must be a whole number from 1 to ${MAX_UINT32}`);
    }
    return { key, value: BigInt(value) };
  });
}

const article = (key: string) => (key === "contributor" ? "an address" : "a 32-byte dataset ID");

/** `--contributors "0xaccount:shares,0x…:2"`. */
export function parseContributors(text: string): ContributorShare[] {
  return parsePairs(text, { key: "contributor", value: "shares", isKey: isAddress }).map((p) => ({
    account: p.key,
    shares: p.value,
  }));
}

/** `--usage "0xdatasetId:weight,…"`. */
export function parseUsage(text: string): DatasetUsage[] {
  return parsePairs(text, { key: "dataset", value: "weight", isKey: (k) => isHexString(k, 32) }).map((p) => ({
    dataset: datasetId(p.key),
    weight: p.value,
  }));
}

/** `--creators "Name=0xaccount:shares, Other=0x…:2, Plain Name"`. */
export function parseCreators(text: string): Creator[] {
  if (text.trim() === "") return [];
  return text.split(",").map((part) => {
    const m = /^\s*([^=]+?)\s*(?:=\s*(0x[0-9a-fA-F]{40})\s*(?::\s*(\d+))?)?\s*$/.exec(part);
    if (m === null) throw new UsageError(`creator "${part.trim()}" is not "Name" or "Name=0xaccount:shares"`);
    // An account where the name goes ("0x…:1") would be recorded as the creator's name.
    if (/^0x[0-9a-fA-F]{40}\s*(:\s*\d+)?$/.test(m[1])) {
      throw new UsageError(`creator "${part.trim()}" has no name: write "Name=0xaccount:shares"`);
    }
    return { name: m[1], ...(m[2] ? { account: m[2] } : {}), ...(m[3] ? { shares: Number(m[3]) } : {}) };
  });
}

/** Parses a decimal token amount ("12.5") into base units, naming the problem when it cannot. */
export function parseAmount(text: string, decimals: number): bigint {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`amount "${text}" is not a positive decimal number`);
  try {
    return parseUnits(text, decimals);
  } catch {
    throw new UsageError(`amount "${text}" has more than ${decimals} decimals`);
  }
}

/** A uint32 weight >= 1, for `flag`. */
export function parseWeight(text: string, flag: string): bigint {
  return parseOption(flag, text, wholeNumber(1n, MAX_UINT32));
}

/** `--royalty`: basis points from 0 to 10000 (10000 = everything). */
export function parseBps(text: string): bigint {
  return parseOption("--royalty", text, wholeNumber(0n, 10_000n, "basis points (1500 = 15%)"));
}

/** `--confirmations` and `--tx-timeout` (seconds), checked. */
export function parseWaiting(confirmations: string, txTimeout: string): ClientOptions {
  const blocks = parseOption("--confirmations", confirmations, wholeNumber(1n, 10_000n, "blocks"));
  const seconds = parseOption("--tx-timeout", txTimeout, wholeNumber(1n, 86_400n, "seconds"));
  return { confirmations: Number(blocks), txTimeoutMs: Number(seconds) * 1000 };
}

/** A 32-byte ID given as `flag` (`--model`, `--parent`, `--dataset`), naming the flag and the text when it is not. */
export function parseId(text: string, flag: string, kind: "model"): ModelId;
export function parseId(text: string, flag: string, kind: "dataset"): DatasetId;
export function parseId(text: string, flag: string, kind: "model" | "dataset"): ModelId | DatasetId {
  const id = parseOption(
    flag,
    text,
    schemaText(`expected a 32-byte ${kind} ID (0x and 64 hex digits)`, (v) =>
      /^0x[0-9a-fA-F]{64}$/.test(v) ? v : undefined,
    ),
  );
  return kind === "model" ? modelId(id) : datasetId(id);
}

/** An address given as `flag` (`--account`, `--relayer`), checksummed. */
export function parseAddress(text: string, flag: string): string {
  return parseOption(flag, text, address);
}

/** `--deadline`: days from now ("90") or a date ("2027-06-30"), as unix seconds after `now`. */
export function parseDeadline(text: string, now: bigint): bigint {
  if (text === "") return now + 365n * 86_400n;
  if (/^\d+$/.test(text)) {
    const days = BigInt(text);
    if (days < 1n || days > 36_500n) throw new UsageError(`--deadline: ${text} days is not from 1 to 36500`);
    return now + days * 86_400n;
  }
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new UsageError(`--deadline takes days from now ("90") or a date ("2027-06-30"), got "${text}"`);
  const seconds = BigInt(Math.floor(at / 1000));
  if (seconds <= now) throw new UsageError(`--deadline ${text} has passed`);
  return seconds;
}
