import { createConfig } from "ponder";

import { DataDividendsGovernorAbi, DatasetRegistryAbi, ModelRegistryAbi, RewardVaultAbi, ShareTreesAbi } from "./abis";
import { readIndexedDeployment } from "./deployment";

const deployment = readIndexedDeployment();
const startBlock = deployment.record.fromBlock;
// A local chain (Hardhat, anvil) restarts from genesis under the same chain ID: caching its blocks would
// serve one run's history to the next.
const local = deployment.chainId === 31337;

export default createConfig({
  database:
    process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== ""
      ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
      : { kind: "pglite", directory: process.env.DD_PGLITE_DIR ?? ".ponder/pglite" },
  chains: {
    chain: {
      id: deployment.chainId,
      rpc: deployment.rpcUrl,
      disableCache: local,
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
