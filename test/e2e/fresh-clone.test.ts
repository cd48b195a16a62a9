/**
 * A user's first minutes: a checkout that has never been built (no artifacts, no typechain types), as
 * after `git clone && npm ci`. Every task must work from there, compiling on demand.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { expect } from "chai";

import { copyCheckout } from "../../tools/checkout.js";
import { hardhat } from "../../tools/hardhat-cli.js";

const ROOT = new URL("../..", import.meta.url).pathname;

describe("a fresh checkout (never built)", function () {
  this.timeout(300_000);
  let clone: string;

  before(async function () {
    if (process.env.DD_SKIP_E2E === "1") this.skip();
    // What git would check out, nothing built, the installed dependencies linked as `npm ci` would have made them.
    clone = await copyCheckout(ROOT, "dd-fresh-");
  });

  after(async function () {
    if (clone !== undefined) await rm(clone, { recursive: true, force: true });
  });

  it("runs `deploy` (compiling first) where nothing has been built", async function () {
    // HARDHAT_CONFIG, set by the Hardhat running this test, would point the child at this checkout.
    const run = await hardhat(["datadividends", "deploy", "--network", "hardhat"], {
      cwd: clone,
      env: { HARDHAT_CONFIG: join(clone, "hardhat.config.ts") },
      timeoutMs: 280_000,
    });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.contain("compiling the contracts first (this checkout has not been built yet)");
    expect(run.stdout).to.match(/RewardVault\s+0x[0-9a-fA-F]{40}/);
  });

  it("runs the demo whatever deployment records the checkout holds (here a stale localhost one)", async function () {
    // What `npx hardhat datadividends deploy --network localhost` leaves behind once its node has gone.
    const record = join(clone, "ignition", "deployments", "chain-31337");
    await mkdir(record, { recursive: true });
    await writeFile(
      join(record, "deployed_addresses.json"),
      JSON.stringify({ "RewardVault#RewardVault": "0x000000000000000000000000000000000000dEaD" }),
    );
    const run = await hardhat(["run", "scripts/demo.ts"], {
      cwd: clone,
      env: { HARDHAT_CONFIG: join(clone, "hardhat.config.ts") },
      timeoutMs: 280_000,
    });
    expect(run.code, run.stderr).to.equal(0);
    for (const token of ["DDR", "USDC"]) {
      expect(run.stdout).to.contain(`ok    ${token}: deposited = paid + held`);
      expect(run.stdout).to.contain(`ok    ${token}: the squatter was paid nothing`);
    }
  });
});
