/**
 * The DataDividends Hardhat 3 plugin: adds every task of this project (deploy, dataset:hash,
 * dataset:register, model:register, rewards:*, dataset:flag, dispute:*) to the project that lists it,
 * and brings the ethers and Ignition plugins those tasks use.
 *
 * @example
 * // hardhat.config.ts
 * import dataDividends from "datadividends/plugin";
 * export default defineConfig({ plugins: [hardhatToolboxMochaEthers, dataDividends], … });
 */
import type { HardhatPlugin } from "hardhat/types/plugins";

// Types only: a project without these packages then gets Hardhat's one-line "missing peer dependency"
// error naming the package (from `dependencies` below) instead of a module-not-found stack trace.
import type {} from "@nomicfoundation/hardhat-ethers";
import type {} from "@nomicfoundation/hardhat-ignition-ethers";

import { dataDividendsTasks } from "../tasks/index.js";

const dataDividends: HardhatPlugin = {
  id: "datadividends",
  npmPackage: "datadividends",
  dependencies: () => [import("@nomicfoundation/hardhat-ethers"), import("@nomicfoundation/hardhat-ignition-ethers")],
  tasks: dataDividendsTasks,
};

export default dataDividends;
