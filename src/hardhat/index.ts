/**
 * The DataDividends Hardhat 3 plugin: adds the `datadividends` task group (deploy, dataset, model,
 * dispute, rewards: `npx hardhat datadividends --help`) to the project that lists it, and brings the
 * ethers and Ignition plugins those tasks use. Every task lives under the plugin's own name, so none can
 * collide with a project's task or another plugin's.
 *
 * @example
 * // hardhat.config.ts
 * import dataDividends from "datadividends/hardhat";
 * export default defineConfig({ plugins: [hardhatToolboxMochaEthers, dataDividends], … });
 */
import { definePlugin } from "hardhat/plugins";

// Types only: a project without these packages then gets Hardhat's one-line "missing peer dependency"
// error naming the package (from `dependencies` below) instead of a module-not-found stack trace.
import type {} from "@nomicfoundation/hardhat-ethers";
import type {} from "@nomicfoundation/hardhat-ignition-ethers";

import { dataDividendsTasks } from "./tasks.js";

export default definePlugin({
  id: "datadividends",
  npmPackage: "datadividends",
  dependencies: () => [import("@nomicfoundation/hardhat-ethers"), import("@nomicfoundation/hardhat-ignition-ethers")],
  tasks: dataDividendsTasks,
});
