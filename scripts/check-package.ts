/**
 * The package as a project that installs it gets it. `npm run package:check`:
 *
 * 1. packs it (`npm pack`, which builds it: `prepack`), and refuses a tarball holding a test, cache,
 *    secret or deployment file, or missing a file its `exports` map names;
 * 2. copies examples/consumer to a folder outside this repository (so that nothing resolves from this
 *    checkout's node_modules) and installs the tarball there with the example's own dependencies;
 * 3. there: builds and type-checks the example (a type error at the package boundary fails), runs its
 *    mocha tests, and against a `hardhat node` of its own runs the plugin's `deploy` (no parameters file,
 *    no configuration: the development defaults), its register script, the plugin's `model register` and
 *    `rewards deposit --permit`, its deploy script for the gateway, and the plugin's read tasks, all on one
 *    record.
 *
 * Each step prints its time; any failure prints the step's output and exits 1.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, resolve } from "node:path";

import { startHardhatNode } from "../tools/nodes.js";
import { hardhatCli, run } from "../tools/hardhat-cli.js";

const ROOT = resolve(import.meta.dirname, "..");
const EXAMPLE = join(ROOT, "examples", "consumer");

/** Paths a published package must never hold. */
const FORBIDDEN: [RegExp, string][] = [
  [/(^|\/)(test|tests|__tests__)\//, "a test folder"],
  [/\.t\.sol$|\.test\.[cm]?[jt]s$/, "a test file"],
  [/(^|\/)(cache|coverage|node_modules|build-info)\//, "a cache or build folder"],
  [/(^|\/)\.env($|\.)|\.(pem|key)$|(^|\/)\.npmrc$/, "a secret"],
  [/(^|\/)(deployments|\.datadividends)\//, "a deployment record or commitment journal"],
  [/\.(tgz|log)$/, "an archive or log"],
];

/** A step: its name and time printed; a non-zero exit fails the check with the step's output. */
async function step(name: string, command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv) {
  const t0 = Date.now();
  const result = await run(command, args, { cwd, ...(env ? { env } : {}), timeoutMs: 600_000 });
  if (result.code !== 0) {
    throw new Error(`${name} failed (exit ${result.code}):\n${`${result.stdout}${result.stderr}`.trim()}`);
  }
  console.log(`package: ${name} ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return result;
}

/** The first match of `pattern` in `text`, or an error naming what was expected. */
function expectIn(text: string, pattern: RegExp, what: string): RegExpExecArray {
  const match = pattern.exec(text);
  if (match === null) throw new Error(`expected ${what}, got:\n${text.trim()}`);
  return match;
}

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

/** Every `exports` target that is a file (not a wildcard) is in the tarball. */
function checkExports(paths: Set<string>): void {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    exports: Record<string, string | Record<string, string>>;
  };
  for (const [entry, target] of Object.entries(manifest.exports)) {
    for (const file of typeof target === "string" ? [target] : Object.values(target)) {
      if (!file.includes("*") && !paths.has(file.replace(/^\.\//, ""))) {
        throw new Error(`exports["${entry}"] names ${file}, which the tarball does not hold`);
      }
    }
  }
}

/** Files the compiled code loads by URL (`new URL("./hash-worker.mjs", import.meta.url)`) are in the tarball. */
function checkUrlImports(paths: Set<string>): void {
  for (const path of paths) {
    if (!path.endsWith(".js")) continue;
    const code = readFileSync(join(ROOT, path), "utf8");
    for (const [, target] of code.matchAll(/new URL\("(\.{1,2}\/[^"]+)", import\.meta\.url\)/g)) {
      const wanted = posix.normalize(posix.join(posix.dirname(path), target));
      if (!paths.has(wanted)) throw new Error(`${path} loads ${target} (${wanted}), which the tarball does not hold`);
    }
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "datadividends-package-"));
  try {
    // 1. Build and pack (the build apart, so that stdout is only the pack's JSON).
    await step("build", "npm", ["run", "build:package"], ROOT);
    const pack = await step(
      "npm pack",
      "npm",
      ["pack", "--json", "--ignore-scripts", "--pack-destination", work],
      ROOT,
    );
    const packed = (JSON.parse(pack.stdout) as Packed[])[0];
    const paths = new Set(packed.files.map((f) => f.path));
    for (const path of paths) {
      for (const [pattern, what] of FORBIDDEN) {
        if (pattern.test(path)) throw new Error(`the tarball holds ${what}: ${path}`);
      }
    }
    checkExports(paths);
    checkUrlImports(paths);
    console.log(
      `package: ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024 / 1024).toFixed(2)} MB unpacked`,
    );

    // 2. Install into a copy of the example, outside this repository.
    const project = join(work, "consumer");
    cpSync(EXAMPLE, project, {
      recursive: true,
      filter: (src) => !/\/(node_modules|artifacts|cache|types|deployments|\.datadividends)(\/|$)/.test(src),
    });
    const manifestPath = join(project, "package.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { dependencies: Record<string, string> };
    manifest.dependencies.datadividends = `file:${join(work, packed.filename)}`;
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    await step(
      "install into examples/consumer",
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline"],
      project,
    );

    // 3. The example's own gates and tests, then its scripts and the plugin's tasks on a node.
    const hardhat = hardhatCli(project);
    const hh = async (name: string, args: string[], env?: NodeJS.ProcessEnv) =>
      (await step(name, process.execPath, [hardhat, ...args], project, env)).stdout;
    await hh("example: build", ["build", "--quiet"]);
    await step(
      "example: typecheck",
      process.execPath,
      [join(project, "node_modules", "typescript", "bin", "tsc"), "--noEmit"],
      project,
    );
    const tests = await hh("example: tests", ["test"]);
    expectIn(tests, /(\d+) passing/, "the example's tests to pass");

    const node = await startHardhatNode(undefined, project);
    try {
      const env = { LOCALHOST_URL: node.url };
      const local = ["--network", "localhost"];
      // The plugin's own deploy, with no parameters file and no configuration: the development defaults.
      const deployed = await hh("plugin: deploy", ["datadividends", "deploy", ...local], env);
      expectIn(deployed, /^RewardVault\s+0x[0-9a-fA-F]{40}$/m, "the vault's address");
      const registered = await hh("example: register script", ["run", ...local, "scripts/register-dataset.ts"], env);
      const dataset = expectIn(
        registered,
        /^dataset (0x[0-9a-f]{64}) \(2 files\): registered$/m,
        "a registered dataset",
      )[1];
      const model = await hh(
        "plugin: model register",
        [
          "datadividends",
          "model",
          "register",
          ...local,
          "--artifact",
          `0x${"ab".repeat(32)}`,
          "--uri",
          "ipfs://bafy-example-model/card.md",
          "--usage",
          `${dataset}:1`,
        ],
        env,
      );
      const modelId = expectIn(model, /^model (0x[0-9a-f]{64}) \(registered\)$/m, "a registered model")[1];
      // A permit's deadline comes from the chain's clock, and the deployer holds minted tokens.
      const paid = await hh(
        "plugin: rewards deposit --permit",
        ["datadividends", "rewards", "deposit", ...local, "--model", modelId, "--amount", "3", "--permit"],
        env,
      );
      expectIn(
        paid,
        /^deposited 3 DDR into model 0x[0-9a-f]{64} \(pool total 3 DDR; 1 transaction\(s\)\)$/m,
        "a deposit by permit",
      );
      const gateway = await hh("example: deploy script with MODEL", ["run", ...local, "scripts/deploy.ts"], {
        ...env,
        MODEL: modelId,
      });
      expectIn(gateway, /^gateway\s+0x[0-9a-fA-F]{40}$/m, "the gateway's address");
      const shown = await hh(
        "plugin: dispute show",
        ["datadividends", "dispute", "show", ...local, "--dataset", dataset],
        env,
      );
      expectIn(shown, /status\s+\|?\s*active/, "the dataset active, read through the record the scripts wrote");
      const claimable = await hh("plugin: rewards claimable", ["datadividends", "rewards", "claimable", ...local], env);
      expectIn(
        claimable,
        /^total claimable by 0x[0-9a-fA-F]{40}: 2\.25 DDR$/m,
        "the signer's share of the deposit (3 of 4 shares)",
      );
    } finally {
      await node.stop();
    }

    // 4. A project that lists only the plugin and lacks one of its peer packages gets one line naming it.
    writeFileSync(
      join(project, "hardhat.plugin-only.config.ts"),
      'import dataDividends from "datadividends/hardhat";\nimport { defineConfig } from "hardhat/config";\n\nexport default defineConfig({ plugins: [dataDividends] });\n',
    );
    rmSync(join(project, "node_modules", "@nomicfoundation", "hardhat-ethers"), { recursive: true, force: true });
    const missing = await run(
      process.execPath,
      [hardhat, "--config", "hardhat.plugin-only.config.ts", "datadividends", "deploy", "--help"],
      {
        cwd: project,
        // Hardhat prints stack traces in CI (any CI variable set); a user's terminal has none.
        env: { CI: undefined, GITHUB_ACTIONS: undefined, BUILD_NUMBER: undefined, CONTINUOUS_INTEGRATION: undefined },
      },
    );
    const said = `${missing.stdout}${missing.stderr}`;
    if (missing.code === 0 || !said.includes("@nomicfoundation/hardhat-ethers") || /\n\s+at /.test(said)) {
      throw new Error(
        `a project without @nomicfoundation/hardhat-ethers was not told in one line (exit ${missing.code}):\n${said}`,
      );
    }
    console.log(`package: without a peer package: ${said.trim().split("\n")[0]}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const started = Date.now();
main().then(
  () => console.log(`package: ok (${((Date.now() - started) / 1000).toFixed(1)} s)`),
  (error: unknown) => {
    console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
