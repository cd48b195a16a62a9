/**
 * The HTTP API: Ponder's GraphQL (`/graphql`) and SQL-over-HTTP (`/sql/*`) endpoints over every table,
 * and the routes the dashboard and the SDK read. Amounts are decimal strings (JSON has no bigint).
 *
 *   GET /accounts/:account            datasets held, models using them, earned/claimed/claimable per token,
 *                                     every payment with the path it came by, earnings over time
 *   GET /accounts/:account/claimable  what the vaults' `claimable` views say, edge by edge (the SDK's report)
 *   GET /datasets/:id/earnings        a dataset's earnings history: credited by each inflow, released by each claim
 *   GET /models/:id/payers            who paid a model, per token
 *   GET /identities/:handle           a handle's slots in crowd datasets: earned, standing, what to do next
 *   GET /datasets/:id/slots/:index/proof   a crowd slot's leaf and proof, from the published tree (DD_TREES)
 *   GET /sync                         following the chain? the indexed block, the node's head, stale or not
 *
 * Every answer says the block it is true at (`asOf`: the last block indexed, never the node's head) and none
 * waits on the node; while the history is being indexed, the account, dataset, model and identity routes answer
 * 503 with how far it has got.
 */
import { Hono } from "hono";
import { client, graphql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";

import accounts from "./accounts";
import { answerCache } from "./answer-cache";
import datasets from "./datasets";
import deployment from "./deployment";
import identities from "./identities";
import models from "./models";
import { untilCaughtUp } from "./shared";
import { sqlGuard } from "./sql-guard";
import sync from "./sync";

// One file per resource; this one mounts them beside Ponder's GraphQL and SQL endpoints.
const app = new Hono();

// Ponder's SQL endpoint behind a guard: one SELECT, within a planner's estimate of rows and cost (sql-guard.ts).
app.use("/sql/*", sqlGuard);
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
// What would be about a past block while the history is indexed waits for it (503 with the progress).
// Then one answer per URL per indexed block (answer-cache.ts): the same question twice between blocks is one computation.
for (const path of ["/accounts/*", "/datasets/*", "/models/*", "/identities/*"]) {
  app.use(path, untilCaughtUp);
  app.use(path, answerCache);
}
app.route("/", deployment);
app.route("/", sync);
app.route("/", accounts);
app.route("/", datasets);
app.route("/", models);
app.route("/", identities);

export default app;
