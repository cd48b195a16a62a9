/**
 * `GET /sync`: whether the indexer is following the chain, for a supervisor or a load balancer (Ponder's own
 * `/health` answers 200 while the process is up, whatever the node does; `/ready` only says the history is in).
 */
import { Hono } from "hono";

import { readIndexedDeployment } from "../../deployment";
import { readSettings } from "../../settings";
import type { SyncBody } from "../../../src/protocol/api.js";

import { indexedHead, reply } from "./shared";

const app = new Hono();

const deployment = readIndexedDeployment();
/** Blocks behind past which the indexer is stale, and the bound on asking the node (settings.ts). */
const { staleBlocks, nodeTimeoutMs: NODE_TIMEOUT_MS } = readSettings();
const STALE_AFTER = BigInt(staleBlocks);

/**
 * The node's newest block, asked directly (not through Ponder's queue, which retries for minutes) and bounded:
 * a node that hangs or refuses gives undefined and why.
 */
async function nodeHead(): Promise<{ number: bigint } | { why: string }> {
  try {
    const response = await fetch(deployment.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
      signal: AbortSignal.timeout(NODE_TIMEOUT_MS),
    });
    const body = (await response.json()) as { result?: unknown };
    if (typeof body.result !== "string" || !/^0x[0-9a-f]+$/i.test(body.result))
      return { why: "the node's answer is not a block number" };
    return { number: BigInt(body.result) };
  } catch (error) {
    const name = (error as Error).name;
    return {
      why:
        name === "TimeoutError"
          ? `the node did not answer within ${NODE_TIMEOUT_MS} ms`
          : "the node refused the connection",
    };
  }
}

app.get("/sync", async (c) => {
  const [{ asOf, ready }, node] = await Promise.all([indexedHead(), nodeHead()]);
  const head = "number" in node ? { number: node.number } : null;
  const behind = head === null ? null : head.number > asOf.number ? head.number - asOf.number : 0n;
  const reason = !ready
    ? `catching up: the history is indexed to block ${asOf.number}`
    : head === null
      ? "why" in node
        ? node.why
        : undefined
      : behind! > STALE_AFTER
        ? `${behind} blocks behind the node's head (more than ${STALE_AFTER})`
        : undefined;
  const body: SyncBody = {
    ready,
    indexed: { number: asOf.number, timestamp: asOf.timestamp },
    head,
    behind,
    staleAfter: STALE_AFTER,
    stale: reason !== undefined,
    ...(reason === undefined ? {} : { reason }),
  };
  return reply<SyncBody>(c, body, reason === undefined ? 200 : 503);
});

export default app;
