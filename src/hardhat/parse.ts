/**
 * Parsing of command-line values: the "0xhex:uint32" lists of `--contributors` and `--usage`, the
 * "Name=0xaccount:shares" creators of `datadividends dataset hash`, and token amounts. Every failure is a
 * UsageError naming the flag and the offending text.
 */
import { isAddress, isHexString, parseUnits } from "ethers";

import type { ContributorShare } from "../protocol/contributors.js";
import type { DatasetUsage } from "../sdk/actions/register-model.js";
import { datasetId, modelId, type DatasetId, type ModelId } from "../protocol/ids.js";
import type { ClientOptions } from "../sdk/types.js";
import type { Creator } from "../node/manifest.js";
import { UsageError } from "./run.js";

const MAX_UINT32 = 0xffffffffn;

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
  if (!/^\d+$/.test(text) || BigInt(text) === 0n || BigInt(text) > MAX_UINT32) {
    throw new UsageError(`${flag} must be a whole number from 1 to ${MAX_UINT32}, got "${text}"`);
  }
  return BigInt(text);
}

/** `--royalty`: basis points from 0 to 10000 (10000 = everything). */
export function parseBps(text: string): bigint {
  if (!/^\d+$/.test(text) || BigInt(text) > 10_000n) {
    throw new UsageError(`--royalty must be basis points from 0 to 10000 (1500 = 15%), got "${text}"`);
  }
  return BigInt(text);
}

/** `--confirmations` and `--tx-timeout` (seconds), checked. */
export function parseWaiting(confirmations: string, txTimeout: string): ClientOptions {
  if (!/^\d+$/.test(confirmations) || Number(confirmations) < 1) {
    throw new UsageError(`--confirmations must be a whole number of blocks, at least 1, got "${confirmations}"`);
  }
  if (!/^\d+$/.test(txTimeout) || Number(txTimeout) < 1) {
    throw new UsageError(`--tx-timeout must be a whole number of seconds, at least 1, got "${txTimeout}"`);
  }
  return { confirmations: Number(confirmations), txTimeoutMs: Number(txTimeout) * 1000 };
}

/** A 32-byte ID given as `flag` (`--model`, `--parent`, `--dataset`), naming the flag and the text when it is not. */
export function parseId(text: string, flag: string, kind: "model"): ModelId;
export function parseId(text: string, flag: string, kind: "dataset"): DatasetId;
export function parseId(text: string, flag: string, kind: "model" | "dataset"): ModelId | DatasetId {
  if (!isHexString(text, 32)) throw new UsageError(`${flag} must be a 32-byte ${kind} ID, got "${text}"`);
  return kind === "model" ? modelId(text) : datasetId(text);
}
