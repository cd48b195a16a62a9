import { createConfig } from "ponder";

import { DataDividendsGovernorAbi, DatasetRegistryAbi, ModelRegistryAbi, RewardVaultAbi, ShareTreesAbi } from "./abis";
import { readIndexedDeployment } from "./deployment";

const deployment = readIndexedDeployment();
const startBlock = deployment.record.fromBlock;
// A local chain (Hardhat, anvil) restarts from genesis under the same chain ID, and Ponder keys its store of
// fetched blocks and logs by chain ID: kept in one place, one run's history would be served to the next.
// scripts/indexer.ts gives each local history its own PGlite folder and says so (DD_SYNC_STORE=per-history);
// only then is that store kept, so that a restart resumes from it instead of fetching the history again.
const { local } = deployment;
const cacheable = !local || process.env.DD_SYNC_STORE === "per-history";
// A node on this machine. Ponder's limiter starts each RPC URL at 20 requests a second and raises the limit
// by 5% at a time; a node here answers about a thousand block requests a second, and Ponder asks for one
// block per block that holds an event. Listed LOOPBACK_LANES times, the one URL starts at LOOPBACK_LANES × 20.
// Its eth_getLogs has no range limit, so two calls cover a history Ponder would otherwise fetch in hundreds.
const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(new URL(deployment.rpcUrl).hostname);
const LOOPBACK_LANES = 50;

export default createConfig({
  database:
    process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== ""
      ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
      : { kind: "pglite", directory: process.env.DD_PGLITE_DIR ?? ".ponder/pglite" },
  chains: {
    chain: {
      id: deployment.chainId,
      rpc: loopback ? Array.from({ length: LOOPBACK_LANES }, () => deployment.rpcUrl) : deployment.rpcUrl,
      ...(loopback ? { ethGetLogsBlockRange: 10_000 } : {}),
      disableCache: !cacheable,
      pollingInterval: local ? 250 : 1_000,
    },
  },
  contracts: {
    DatasetRegistry: { chain: "chain", abi: DatasetRegistryAbi, address: deployment.datasets, startBlock },
    ModelRegistry: { chain: "chain", abi: ModelRegistryAbi, address: deployment.models, startBlock },
    RewardVault: {
      chain: "chain",
      abi: RewardVaultAbi,
      address: deployment.allVaults.map((v) => v.vault),
      startBlock,
    },
    // The registry's share-tree module: its first creation, so its address follows from the registry's.
    ShareTrees: { chain: "chain", abi: ShareTreesAbi, address: deployment.shareTrees, startBlock },
    // Without a governed deployment there is no governor; its address then matches nothing.
    DataDividendsGovernor: {
      chain: "chain",
      abi: DataDividendsGovernorAbi,
      address: deployment.governor ?? "0x0000000000000000000000000000000000000000",
      startBlock,
    },
  },
});
