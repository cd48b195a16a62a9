/**
 * The API's whole-number settings from the environment, parsed by the schema layer: `scripts/indexer.ts` reads them
 * before it starts Ponder (a bad value is one line naming the variable and the value, exit 1), and the routes read
 * the same values.
 */
import { parseInput, text } from "../src/protocol/schema.js";

/** A whole number from 0 to `max` (a safe integer), written in decimal. */
export const whole = (max: number) =>
  text(`expected a whole number from 0 to ${max}`, (v) =>
    /^\d{1,15}$/.test(v) && Number(v) <= max ? Number(v) : undefined,
  );

/** `name` from `env` (0 to `max`), `fallback` where it is unset or empty. */
function setting(env: NodeJS.ProcessEnv, name: string, max: number, fallback: number): number {
  const value = env[name];
  return value === undefined || value === "" ? fallback : parseInput(whole(max), value, name);
}

export interface IndexerSettings {
  /** Blocks behind the node's head past which `/sync` says stale (`DD_STALE_BLOCKS`, default 10). */
  staleBlocks: number;
  /** The bound on `/sync` asking the node for its head (`DD_NODE_TIMEOUT_MS`, default 2,000). */
  nodeTimeoutMs: number;
  /** Rows a SQL query may return, by the planner's estimate (`DD_SQL_MAX_ROWS`, default 10,000). */
  sqlMaxRows: number;
  /** The planner's cost a SQL query may have (`DD_SQL_MAX_COST`, default 100,000). */
  sqlMaxCost: number;
  /** Megabytes of answers kept for the block they are true at (`DD_ANSWER_CACHE_MB`, default 64; 0 keeps none). */
  answerCacheMb: number;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): IndexerSettings {
  return {
    staleBlocks: setting(env, "DD_STALE_BLOCKS", 999_999_999, 10),
    nodeTimeoutMs: setting(env, "DD_NODE_TIMEOUT_MS", 999_999, 2_000),
    sqlMaxRows: setting(env, "DD_SQL_MAX_ROWS", 999_999_999, 10_000),
    sqlMaxCost: setting(env, "DD_SQL_MAX_COST", 999_999_999_999, 100_000),
    answerCacheMb: setting(env, "DD_ANSWER_CACHE_MB", 65_536, 64),
  };
}
