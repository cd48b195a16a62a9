/**
 * A guard in front of Ponder's SQL-over-HTTP endpoint (`/sql/*`, `@ponder/client`): it runs inside the process that
 * indexes, and Ponder sets it no bound (one anonymous cross join froze a PGlite indexer for 34 s; bad input got a
 * 500 with a file path). Before Ponder sees a query, the guard takes one SELECT statement only, asks the planner
 * what it would cost (`EXPLAIN`, which runs nothing), and refuses with a 400 naming the estimate a query that would
 * return more than `MAX_ROWS` rows or cost more than `MAX_COST`; bad input is a 400 naming the parameter.
 */
import type { Context, Next } from "hono";
import { sql } from "ponder";
import { db } from "ponder:api";

import type { ErrorBody } from "../../../src/protocol/api.js";
import { readSettings } from "../../settings";

import { reply } from "./shared";

/**
 * Rows a query may return (`DD_SQL_MAX_ROWS`, default 10,000: page with LIMIT and OFFSET past that) and the
 * planner's cost it may have (`DD_SQL_MAX_COST`, default 100,000: a scan of a few hundred thousand rows).
 */
const { sqlMaxRows: MAX_ROWS, sqlMaxCost: MAX_COST } = readSettings();

const DISABLE_COST = 1e10;

/** The query a client sent: `sql` is superjson's `{ json: { sql, params } }`. */
function sentQuery(c: Context): { text: string; params: unknown[] } | string {
  const raw = c.req.query("sql");
  if (raw === undefined) return 'the "sql" query parameter is missing';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return `sql: not a query as @ponder/client sends it (superjson): ${raw.slice(0, 60)}`;
  }
  const json = (parsed as { json?: { sql?: unknown; params?: unknown } } | null)?.json;
  if (typeof json?.sql !== "string" || (json.params !== undefined && !Array.isArray(json.params))) {
    return "sql: expected { json: { sql: string, params: [] } } (superjson)";
  }
  const text = json.sql.trim();
  if (!/^(select|with)\b/i.test(text)) return "sql: only a SELECT statement is answered here";
  if (text.includes(";") || text.includes("--") || text.includes("/*")) {
    return "sql: one statement, without ';' or comments";
  }
  return { text, params: (json.params as unknown[] | undefined) ?? [] };
}

/** A query as drizzle builds it (ponder re-exports `sql`, not its type). */
type SQL = ReturnType<typeof sql.raw>;

/** `EXPLAIN (FORMAT JSON)` of the query with its parameters bound as it would run. */
function explained(text: string, params: unknown[]): SQL {
  const chunks: SQL[] = [sql.raw("EXPLAIN (FORMAT JSON) ")];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, match.index)), sql`${params[Number(match[1]) - 1] ?? null}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}

export async function sqlGuard(c: Context, next: Next) {
  const query = sentQuery(c);
  if (typeof query === "string") return reply<ErrorBody>(c, { error: query }, 400);
  let plan: { "Plan Rows": number; "Total Cost": number };
  try {
    const result = (await db.execute(explained(query.text, query.params))) as unknown as {
      rows: { "QUERY PLAN": unknown }[];
    };
    const cell = result.rows[0]["QUERY PLAN"];
    plan = (
      typeof cell === "string" ? (JSON.parse(cell) as { Plan: typeof plan }[]) : (cell as { Plan: typeof plan }[])
    )[0].Plan;
  } catch (error) {
    // The database's own words (a relation or column that does not exist, a syntax error), on one line.
    return reply<ErrorBody>(c, { error: `sql: ${(error as Error).message.split("\n")[0]}` }, 400);
  }
  // A plan node the settings disable (PGlite under Ponder plans with some off) adds Postgres' disable_cost, 1e10,
  // to the estimate once per such node: what is left is the work.
  const cost = plan["Total Cost"] % DISABLE_COST;
  if (plan["Plan Rows"] > MAX_ROWS || cost > MAX_COST) {
    return reply<ErrorBody>(
      c,
      {
        error: `sql: the planner estimates ${Math.round(plan["Plan Rows"])} rows at a cost of ${Math.round(cost)}, over this indexer's bound (${MAX_ROWS} rows, cost ${MAX_COST}): filter, or page with LIMIT and OFFSET`,
      },
      400,
    );
  }
  return next();
}
