import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import "dotenv/config";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/**
 * The compiler comes from the exact-pinned `solc` npm package: this machine cannot download
 * compilers. Hardhat trusts the label, so `test/toolchain.test.ts` fails if the label and the
 * installed package ever disagree.
 */
export const SOLC_VERSION = "0.8.37";
export const EVM_VERSION = "osaka";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: 10_000 },
    },
  },
  paths: {
    // Explicit, so that handlers and helpers under test/solidity/ (not only *.t.sol) are build roots
    // and the invariant runner can match the handler to its artifact.
    tests: { solidity: "./test/solidity" },
  },
  test: {
    solidity: {
      profiles: {
        // Light enough for the edit-test loop.
        default: {
          fuzz: { runs: 256, seed: "0x5eed" },
          invariant: { runs: 32, depth: 40, failOnRevert: false },
        },
        // Heavier, still seeded so that a CI failure reproduces locally with
        // `HARDHAT_TEST_PROFILE=ci npx hardhat test solidity`.
        ci: {
          fuzz: { runs: 4096, seed: "0xc1c1" },
          invariant: { runs: 256, depth: 100, failOnRevert: false },
        },
      },
    },
  },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
});
