import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import "dotenv/config";
import { configVariable, defineConfig } from "hardhat/config";

import dataDividends from "./src/hardhat/index.js";

const require = createRequire(import.meta.url);

/**
 * The compiler comes from the exact-pinned `solc` npm package: this machine cannot download
 * compilers. Hardhat trusts the label, so `test/toolchain.test.ts` fails if the label and the
 * installed package ever disagree.
 */
export const SOLC_VERSION = "0.8.37";
export const EVM_VERSION = "osaka";

/**
 * Fuzz strength: light for the edit-test loop, heavier in CI (where `CI` is set), both seeded so a
 * failure reproduces: `FUZZ_PROFILE=ci npm test` runs exactly what CI runs.
 */
const FUZZ_PROFILES = {
  local: {
    fuzz: { runs: 256, seed: "0x5eed" },
    invariant: { runs: 32, depth: 50, failOnRevert: true },
  },
  ci: {
    fuzz: { runs: 5000, seed: "0xc1c1" },
    invariant: { runs: 500, depth: 60, failOnRevert: true },
  },
} as const;
const requested = process.env.FUZZ_PROFILE ?? (process.env.CI ? "ci" : "local");
if (!(requested in FUZZ_PROFILES)) {
  throw new Error(`FUZZ_PROFILE must be one of ${Object.keys(FUZZ_PROFILES).join(", ")}, got "${requested}"`);
}
export const FUZZ_PROFILE = requested as keyof typeof FUZZ_PROFILES;

/** Optimizer runs of DatasetRegistry (see `overrides`); every other contract uses 10,000. */
export const REGISTRY_RUNS = 800;

function solcSettings(runs: number) {
  return {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs },
    // NatSpec in the build output, so scripts/check-natspec.ts reads the docs exactly as solc resolves them.
    outputSelection: { "*": { "*": ["devdoc", "userdoc"] } },
  };
}

export default defineConfig({
  // This project uses its own plugin, exactly as an installing project does (src/hardhat/index.ts).
  plugins: [hardhatToolboxMochaEthers, dataDividends],
  solidity: {
    compilers: [{ version: SOLC_VERSION, path: require.resolve("solc/soljson.js"), settings: solcSettings(10_000) }],
    // DatasetRegistry is the one contract near EIP-170's 24,576-byte limit at 10,000 runs; 800 runs keep it
    // deployable with room to grow. Its hot paths (commit, reveal) are priced at these settings in bench/REPORT.md,
    // and the claim path's one call into it (`payoutOf`) is measured there too. The Solidity tests' roots compile it
    // again inside their own jobs at 10,000 runs, where solc warns that it passes EIP-170 (tests may); giving those
    // roots the registry's runs would silence it only by compiling every other contract a second time.
    overrides: {
      "contracts/DatasetRegistry.sol": {
        version: SOLC_VERSION,
        path: require.resolve("solc/soljson.js"),
        settings: solcSettings(REGISTRY_RUNS),
      },
    },
    // Deployed by the Governance Ignition module, so it needs an artifact of its own.
    npmFilesToBuild: ["@openzeppelin/contracts/governance/TimelockController.sol"],
  },
  // The folder name Hardhat users know from Hardhat 2 (this plugin's default is types/ethers-contracts).
  typechain: { outDir: "typechain-types" },
  paths: {
    // Explicit, so that handlers and helpers under test/solidity/ (not only *.t.sol) are build roots
    // and the invariant runner can match the handler to its artifact.
    tests: { solidity: "./test/solidity" },
  },
  test: {
    // Hardhat 3.17 runs only a `default` test profile, so the strength is chosen here.
    solidity: FUZZ_PROFILES[FUZZ_PROFILE],
  },
  networks: {
    // The in-process network by the name Hardhat 2 users type (Hardhat 3 calls its built-in one "default").
    hardhat: { type: "edr-simulated", chainType: "l1" },
    // A node on this machine: `npx hardhat node`, or anvil. LOCALHOST_URL points elsewhere (another port).
    localhost: {
      type: "http",
      chainType: "l1",
      url: configVariable("LOCALHOST_URL", { default: "http://127.0.0.1:8545" }),
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      // The tasks refuse a SEPOLIA_RPC_URL that reaches another chain (a development node taken for Sepolia).
      chainId: 11155111,
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
  // `npx hardhat ignition verify <deployment id> --network sepolia` (what `deploy` prints on a public network)
  // verifies every contract of a record on all three: Etherscan (its API key read only then), Blockscout and
  // Sourcify, which need no key.
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    blockscout: { enabled: true },
    sourcify: { enabled: true },
  },
});
