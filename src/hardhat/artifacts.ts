/**
 * The compiled artifacts (ABI, bytecode, link references) of the contracts DataDividends deploys, read
 * from the package's `artifacts/` folder. The Ignition modules deploy from these, not by contract
 * name, so they deploy the same bytecode from a project that installed the package (whose own build
 * has no DataDividends contracts) as from this repository.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Artifact } from "@nomicfoundation/ignition-core";

/** Each deployable contract and the source file that defines it. */
export const SOURCES = {
  DataRewardToken: "contracts/token/DataRewardToken.sol",
  DatasetRegistry: "contracts/DatasetRegistry.sol",
  ModelRegistry: "contracts/ModelRegistry.sol",
  RewardVault: "contracts/RewardVault.sol",
  // Created by DatasetRegistry's constructor, not by a module: listed so its size is held to the same limit.
  ShareTrees: "contracts/ShareTrees.sol",
  DataDividendsGovernor: "contracts/governance/DataDividendsGovernor.sol",
  TimelockController: "@openzeppelin/contracts/governance/TimelockController.sol",
} as const;

export type ContractName = keyof typeof SOURCES;

/** The folder of this package's package.json: this repository, or the installed package. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "datadividends"
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no datadividends package.json above ${from}`);
  }
}

const cache = new Map<ContractName, Artifact>();

/** The artifact of one of the contracts DataDividends deploys. */
export function artifact(name: ContractName): Artifact {
  let found = cache.get(name);
  if (found === undefined) {
    const file = join(packageRoot(), "artifacts", SOURCES[name], `${name}.json`);
    if (!existsSync(file)) {
      throw new Error(`the ${name} artifact is missing (${file}): compile the contracts first (npx hardhat build)`);
    }
    found = JSON.parse(readFileSync(file, "utf8")) as Artifact;
    cache.set(name, found);
  }
  return found;
}
