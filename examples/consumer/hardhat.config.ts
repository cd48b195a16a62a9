import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import dataDividends from "datadividends/hardhat";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // dataDividends adds the tasks: deploy, dataset hash, dataset register, model register, rewards *, …
  plugins: [hardhatToolboxMochaEthers, dataDividends],
  solidity: {
    version: "0.8.37",
    // The solc npm package (this machine cannot download compilers); drop `path` where Hardhat can.
    path: require.resolve("solc/soljson.js"),
    settings: { evmVersion: "osaka", optimizer: { enabled: true, runs: 10_000 } },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      url: configVariable("LOCALHOST_URL", { default: "http://127.0.0.1:8545" }),
    },
  },
});
