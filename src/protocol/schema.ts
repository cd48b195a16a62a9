/**
 * The one parsing layer every external input goes through (files, task arguments, environment values, the
 * indexer's queries and answers, what an SDK caller passes): zod schemas built from the primitives below, and
 * `parseInput`, whose refusal is one line naming where the input came from (a file, an argument, a variable),
 * the field, the value and what was expected. Browser-safe.
 *
 * Zod, because Hardhat, Ponder (abitype) and viem already install it (one copy, `zod/v4`'s API): an
 * integrator's tree gains nothing, and each issue carries the path of the field it is about.
 */
import { getAddress, isAddress } from "ethers";
import { z } from "zod/v4";

import { DataDividendsError } from "./errors.js";
import { MAX_URI_BYTES } from "./uri.js";

export { z };

/**
 * A text turned into a value by `convert`, which returns undefined where it cannot: the refusal is then
 * `expected`. (A zod transform also runs after a failed check, so each conversion checks its own input.)
 */
export function text<T>(expected: string, convert: (value: string) => T | undefined) {
  return z.string({ error: expected }).transform((value, ctx) => {
    const out = convert(value);
    if (out === undefined) {
      ctx.issues.push({ code: "custom", message: expected, input: value });
      return z.NEVER;
    }
    return out;
  });
}

/** An account or contract address (any case; a mixed-case one must carry a valid checksum), checksummed. */
export const address = text("expected an address (0x and 40 hex digits)", (value) =>
  /^0x[0-9a-fA-F]{40}$/.test(value) && isAddress(value) ? getAddress(value) : undefined,
);

/** A 32-byte value (a dataset or model ID, a hash), lower-cased. */
export const bytes32 = text("expected 32 bytes of hex (0x and 64 hex digits)", (value) =>
  /^0x[0-9a-fA-F]{64}$/.test(value) ? value.toLowerCase() : undefined,
);

/** Hex bytes: `length` of them, or any whole number of bytes. */
export const hexBytes = (length?: number) =>
  text(
    length === undefined
      ? "expected hex bytes (0x…)"
      : `expected ${length} bytes of hex (0x and ${length * 2} hex digits)`,
    (value) =>
      (length === undefined ? /^0x([0-9a-fA-F]{2})*$/ : new RegExp(`^0x[0-9a-fA-F]{${length * 2}}$`)).test(value)
        ? value
        : undefined,
  );

/** A whole number below 2^bits (and at least `min`), given as a decimal string (how JSON carries a bigint), as a bigint. */
export const uintString = (bits: number, min = 0n) =>
  text(`expected a whole number from ${min} to 2^${bits} - 1, as a decimal string`, (value) => {
    if (!/^\d+$/.test(value)) return undefined;
    const n = BigInt(value);
    return n >= min && n < 1n << BigInt(bits) ? n : undefined;
  });

/** A whole number from `min` to `max` (a JSON number). */
export const int = (min: number, max: number) =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int(`expected a whole number from ${min} to ${max}`)
    .min(min, `expected a whole number from ${min} to ${max}`)
    .max(max, `expected a whole number from ${min} to ${max}`);

/** A metadata or evidence URI as the registries take it: not empty, at most MAX_URI_BYTES bytes of UTF-8. */
export const uri = text(`expected a URI of 1 to ${MAX_URI_BYTES} bytes`, (value) =>
  value !== "" && new TextEncoder().encode(value).length <= MAX_URI_BYTES ? value : undefined,
);

/** A node's URL: http or https, with a host. */
export const rpcUrl = text("expected an http(s) URL", (value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" ? value : undefined;
  } catch {
    return undefined;
  }
});

/** A private key: 32 bytes of hex, 0x optional. Its value never appears in a message (`parseInput`'s `secret`). */
export const privateKey = text("expected a private key: 64 hex digits, 0x optional", (value) =>
  /^(0x)?[0-9a-fA-F]{64}$/.test(value.trim()) ? value.trim() : undefined,
);

/** Where an input came from, for the one line a refusal prints: a file, an argument, a variable. */
export type Source = string;

/** How a value is shown in a refusal: short, quoted when text, never a secret. */
function shown(value: unknown, secret: boolean): string {
  if (secret) return "(hidden)";
  if (value === undefined) return "nothing";
  if (typeof value === "bigint") return value.toString();
  // JSON for what JSON can say; a function or a symbol (never from a file) by its type.
  const text = JSON.stringify(value) ?? `a ${typeof value}`;
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** "requests[0].index", "maxTip", or "" for the input as a whole. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("");
}

/**
 * Parses `value` with `schema`, or throws `INVALID_INPUT` in one line: `<source>: <field> <value>: <what was
 * expected>` (the first problem found). `secret` hides the value (keys).
 *
 * @example
 * parseInput(signedClaimSchema, JSON.parse(text), "claims/alice.json");
 * // INVALID_INPUT: claims/alice.json: requests[0].index "zero": expected a whole number from 0 to 4294967295
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: Source,
  options: { secret?: boolean } = {},
): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new DataDividendsError(
    "INVALID_INPUT",
    describeIssue(result.error.issues[0], value, source, options.secret === true),
  );
}

/** The one line for a zod issue. */
export function describeIssue(issue: z.core.$ZodIssue, whole: unknown, source: Source, secret = false): string {
  const field = fieldOf(issue.path);
  // An unknown key names itself; other issues carry the value they are about.
  if (issue.code === "unrecognized_keys") {
    const where = field === "" ? "" : ` in ${field}`;
    return `${source}: unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}${where} (a typo, or a file of another kind?)`;
  }
  const input = "input" in issue ? issue.input : field === "" ? whole : undefined;
  const missing = input === undefined && field !== "";
  const what = missing ? `${field} is missing` : `${field === "" ? "" : `${field} `}${shown(input, secret)}`;
  return `${source}: ${what}: ${issue.message}`;
}
