/**
 * The tasks' arguments, parsed by schema (src/protocol/schema.ts): each command declares the schema of its
 * options and parses them once, at its start; a refusal is one line naming the option as typed
 * (`--valid-for`), its value and what was expected. An option left out arrives as "" (tasks.ts).
 */
import { z, type Source } from "../protocol/schema.js";
import { UsageError } from "./run.js";

/** `--valid-for` for the field `validFor`. */
export function flagOf(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** An option that may be left out (""): undefined then, else parsed by `schema`. */
export function omittable<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
}

/** An option that must be given: "" is refused with `why` (what the option is for). */
export function required<S extends z.ZodType>(schema: S, why: string) {
  return z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .unknown()
      .superRefine((value, ctx) => {
        if (value === undefined) ctx.addIssue({ code: "custom", message: `is required: ${why}`, input: "" });
      })
      .pipe(schema),
  );
}

/** A whole number (of `unit`) from `min` to `max`, typed as decimal digits. */
export function wholeNumber(min: bigint, max: bigint, unit?: string) {
  const expected = `expected a whole number${unit === undefined ? "" : ` of ${unit}`} from ${min} to ${max}`;
  return z.string({ error: expected }).transform((value, ctx) => {
    const n = /^\d+$/.test(value) ? BigInt(value) : undefined;
    if (n === undefined || n < min || n > max) {
      ctx.issues.push({ code: "custom", message: expected, input: value });
      return z.NEVER;
    }
    return n;
  });
}

/**
 * Parses a command's options with `schema`, or throws a UsageError in one line: `--option "value": what was
 * expected` (`--option is required: …` for one left out). `source` names the options' owner in other messages.
 */
export function parseArguments<S extends z.ZodType>(
  schema: S,
  given: unknown,
  source: Source = "the task",
): z.output<S> {
  const result = schema.safeParse(given, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [field, ...rest] = issue.path;
  const flag = typeof field === "string" ? flagOf(field) : source;
  const within = rest.length > 0 ? ` (${rest.map(String).join(".")})` : "";
  if (issue.message.startsWith("is required")) throw new UsageError(`${flag} ${issue.message}`);
  const input = "input" in issue ? issue.input : undefined;
  const shown = typeof input === "string" ? `"${input}"` : JSON.stringify(input);
  throw new UsageError(`${flag}${within} ${shown}: ${issue.message}`);
}

/**
 * Parses one option's text with `schema`, or throws a UsageError in one line: `--option "text": what was
 * expected`. The commands' own parsers (parse.ts) are built on it.
 */
export function parseOption<S extends z.ZodType>(flag: string, value: string, schema: S): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new UsageError(`${flag} "${value}": ${result.error.issues[0].message}`);
}
