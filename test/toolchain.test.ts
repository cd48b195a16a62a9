/**
 * Hardhat trusts the compiler label in the config; the bytes come from the npm `solc` package.
 * These tests fail if the two ever disagree, or if `solc` stops being pinned exactly.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import hre from "hardhat";

import { EVM_VERSION, REGISTRY_RUNS, SOLC_VERSION } from "../hardhat.config.js";
import { solidityFiles } from "../scripts/solidity-files.js";
import { sourceFiles } from "../tools/import-graph.js";
import { COVERED_SOLIDITY } from "../tools/suites.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const require = createRequire(import.meta.url);

interface SolcModule {
  version(): string;
}

describe("toolchain", function () {
  const compilers = hre.config.solidity.profiles.default.compilers;

  it("compiles with the solc package it names, at the version it names", function () {
    expect(compilers).to.have.length(1);
    expect(compilers[0].version).to.equal(SOLC_VERSION);
    expect(compilers[0].path).to.equal(require.resolve("solc/soljson.js"));
    const installed = (require("solc/package.json") as { version: string }).version;
    expect(installed, "installed solc package").to.equal(SOLC_VERSION);
    // The wasm inside reports its own version ("0.8.37+commit.…"); check it too, not just package.json.
    const solc = require("solc") as SolcModule;
    expect(solc.version().split("+")[0]).to.equal(SOLC_VERSION);
  });

  it("compiles DatasetRegistry's override with the same solc package and version, at its own runs", function () {
    const overrides = hre.config.solidity.profiles.default.overrides;
    expect(Object.keys(overrides)).to.deep.equal(["contracts/DatasetRegistry.sol"]);
    const registry = overrides["contracts/DatasetRegistry.sol"];
    expect(registry.version).to.equal(SOLC_VERSION);
    expect(registry.path).to.equal(require.resolve("solc/soljson.js"));
    const settings = registry.settings as { evmVersion?: string; optimizer?: { runs?: number } };
    expect(settings.evmVersion).to.equal(EVM_VERSION);
    expect(settings.optimizer?.runs).to.equal(REGISTRY_RUNS);
  });

  it("runs in test:e2e exactly the suites the coverage run skips, so CI runs every suite once", function () {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    };
    const listed = pkg.scripts["test:e2e"].split(" ").filter((w) => w.endsWith(".test.ts"));
    // The guard every end-to-end suite's `before` holds (assembled here, so this file does not match itself).
    const guard = ["process.env.DD_SKIP_E2E", '=== "1"'].join(" ");
    const skipped = sourceFiles(ROOT, ["test"])
      .filter((f) => readFileSync(f, "utf8").includes(guard))
      .map((f) => relative(ROOT, f));
    expect([...listed].sort()).to.deep.equal(skipped.sort());
  });

  it("runs every Solidity suite once: instrumented by coverage or plain in test:fuzz", function () {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    };
    const fuzz = pkg.scripts["test:fuzz"].split(" ").filter((w) => w.endsWith(".t.sol"));
    const all = solidityFiles("test/solidity").filter((f) => f.endsWith(".t.sol"));
    expect([...fuzz, ...COVERED_SOLIDITY].sort()).to.deep.equal(all.sort());
  });

  it("pins solc and OpenZeppelin exactly in package.json", function () {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      devDependencies: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(pkg.devDependencies.solc).to.equal(SOLC_VERSION);
    expect(pkg.dependencies["@openzeppelin/contracts"]).to.match(/^\d+\.\d+\.\d+$/);
  });

  it("holds back Hardhat and rollup as the README says: Hardhat pinned exactly, rollup through overrides", function () {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
      devDependencies: Record<string, string>;
      overrides: Record<string, string>;
    };
    const readme = readFileSync("README.md", "utf8").replace(/\s+/g, " ");
    const said =
      /Hardhat at (\S+) \(its EDR [^)]*\), pinned exactly in `devDependencies`, and rollup \(Ponder's bundler\) at (\S+), through `overrides`/.exec(
        readme,
      );
    expect(said, "the README's sentence on held-back dependencies").to.not.equal(null);
    expect(pkg.devDependencies.hardhat).to.equal(said![1]);
    expect(pkg.overrides.rollup).to.equal(said![2]);
  });

  it("configures verification on Etherscan (its key a configuration variable), Blockscout and Sourcify", function () {
    const verify = (
      hre.config as unknown as {
        verify: {
          etherscan: { apiKey: { name?: string }; enabled: boolean };
          blockscout: { enabled: boolean };
          sourcify: { enabled: boolean };
        };
      }
    ).verify;
    expect(verify.etherscan.enabled).to.equal(true);
    expect(verify.etherscan.apiKey.name).to.equal("ETHERSCAN_API_KEY");
    expect(verify.blockscout.enabled).to.equal(true);
    expect(verify.sourcify.enabled).to.equal(true);
  });

  it("states the EVM version and enables the optimizer", function () {
    const settings = compilers[0].settings as { evmVersion?: string; optimizer?: { enabled?: boolean } };
    expect(settings.evmVersion).to.equal(EVM_VERSION);
    expect(settings.optimizer?.enabled).to.equal(true);
  });

  it("has a lockfile that names an entry for every optional dependency its packages declare", function () {
    // `npm install` leaves out an optional platform build the registry lacks (rollup 4.68's, EDR 0.22's)
    // and writes the lockfile anyway; `npm ci` then refuses that lockfile as out of sync, on every machine.
    // Such a package is pinned (package.json `overrides`) to a release whose builds are all published.
    const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8")) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const resolves = (from: string, name: string): boolean => {
      for (let dir = from; ;) {
        if (lock.packages[`${dir === "" ? "" : `${dir}/`}node_modules/${name}`] !== undefined) return true;
        if (dir === "") return false;
        const up = dir.lastIndexOf("/node_modules/");
        dir = up < 0 ? "" : dir.slice(0, up);
      }
    };
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !resolves(path, name))
        .map((name) => `${path === "" ? "(root)" : path} -> ${name}`),
    );
    expect(missing, "optional dependencies without a lockfile entry").to.deep.equal([]);
  });

  it("keeps every deployable contract's pragma pinned to the compiler version", function () {
    for (const file of ["DatasetRegistry", "ModelRegistry", "RewardVault", "token/DataRewardToken"]) {
      const source = readFileSync(new URL(`../contracts/${file}.sol`, import.meta.url), "utf8");
      expect(source, file).to.contain(`pragma solidity ${SOLC_VERSION};`);
    }
  });
});
