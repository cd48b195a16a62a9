/** `GET /deployment`: the chain, the addresses and each reward token, for a client to act on. */
import { Hono } from "hono";
import { publicClients } from "ponder:api";
import { erc20Abi } from "viem";

import { readIndexedDeployment } from "../../deployment";
import type { DeploymentBody, ErrorBody } from "../../../src/protocol/api.js";

import { reply, type Hex } from "./shared";

const app = new Hono();

const deployment = readIndexedDeployment();
let tokens: Promise<{ address: Hex; symbol: string; decimals: number }[]> | undefined;

/**
 * What a client needs to act on the deployment this indexer follows: its chain, its addresses (as the
 * SDK's `DataDividendsAddresses`), and each reward token's symbol and decimals (read once).
 */
app.get("/deployment", async (c) => {
  // The tokens' symbols and decimals are read from the node once; until it answers, the route says so (503).
  tokens ??= Promise.all(
    deployment.allVaults.map(async ({ token }) => {
      // Bounded: Ponder's client retries a node that hangs for minutes, and a request must not wait on that.
      const read = <F extends "symbol" | "decimals">(functionName: F) =>
        Promise.race([
          publicClients.chain.readContract({ abi: erc20Abi, address: token, functionName }),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error("the node did not answer within 5 s")), 5_000).unref(),
          ),
        ]);
      const [symbol, decimals] = await Promise.all([read("symbol"), read("decimals")]);
      return { address: token, symbol, decimals };
    }),
  ).catch((error: unknown) => {
    tokens = undefined;
    throw error;
  });
  let info: Awaited<typeof tokens>;
  try {
    info = await tokens;
  } catch (error) {
    return reply<ErrorBody>(c, { error: `the reward tokens' symbols and decimals: ${(error as Error).message}` }, 503);
  }
  const [main, ...others] = deployment.allVaults;
  return reply<DeploymentBody>(c, {
    chainId: deployment.chainId,
    addresses: {
      token: main.token,
      datasets: deployment.datasets,
      models: deployment.models,
      vault: main.vault,
      vaults: others,
      ...(deployment.governor === undefined ? {} : { governor: deployment.governor }),
      fromBlock: deployment.record.fromBlock,
    },
    tokens: info,
  });
});

export default app;
