/**
 * scripts/register-folder.ts against a real node: it prints each dataset as it completes, a rerun after
 * a SIGKILL between commit and reveal reveals the paid commitment instead of committing again, and a
 * run whose node goes away says which datasets are left.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, id as topic } from "ethers";

import { hardhat, startHardhat } from "../../tools/hardhat-cli.js";
import { startHardhatNode, type RunningNode } from "../../tools/nodes.js";
import { startRpcProxy, type RpcCall } from "../../tools/rpc-proxy.js";
import { ok } from "../helpers/cli.js";

const NAMES = ["city-air-quality", "product-reviews-sentiment", "wildflower-observations"];

/**
 * Deploys under `id`, writes the addresses file register-folder reads (ADDRESSES), then has the node
 * mine a block a second and nothing in between, so a registration takes seconds.
 */
async function deployed(node: RunningNode, id: string, work: string) {
  const env = { LOCALHOST_URL: node.url };
  ok(await hardhat(["datadividends", "deploy", "--deployment-id", id, "--network", "localhost"], { env }), "deploy");
  const record = JSON.parse(
    await readFile(join("ignition/deployments", id, "deployed_addresses.json"), "utf8"),
  ) as Record<string, string>;
  const addresses = {
    token: record["DataRewardToken#DataRewardToken"],
    datasets: record["DatasetRegistry#DatasetRegistry"],
    models: record["ModelRegistry#ModelRegistry"],
    vault: record["RewardVault#RewardVault"],
  };
  await writeFile(join(work, "addresses.json"), JSON.stringify(addresses));
  const rpc = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
  await rpc.send("evm_setAutomine", [false]);
  await rpc.send("evm_setIntervalMining", [1000]);
  rpc.destroy();
  return {
    registry: addresses.datasets,
    env: {
      ...env,
      ADDRESSES: join(work, "addresses.json"),
      CATALOGUE: "seeds/datasets.json",
      MANIFEST_DIR: join(work, "manifests"),
      DATADIVIDENDS_JOURNAL: join(work, "commitments.json"),
      DATADIVIDENDS_DEV_MINING: "0", // wait for the node's own blocks, as on a real chain
    },
  };
}

// The suite runs after a build (`npm test` compiles first; CI builds once before its two lanes), so the script
// does not compile again: a second build beside the other CI lane's would race on Hardhat's compile cache.
const folder = ["run", "--no-compile", "scripts/register-folder.ts", "--network", "localhost"];

/**
 * A proxy's rule that holds every transaction after the first `passed` (a commit and a reveal each): where the run
 * stops is set by what it sends, not by how soon this process reads its output. (Killed as soon as the second
 * commit was printed, the run used to have one interval-mined block, a second, to reveal before the kill; on a
 * loaded machine it sometimes did, and the test failed.)
 */
function holdSendsAfter(passed: number): (call: RpcCall) => boolean {
  let sends = 0;
  return (call) =>
    (call.method === "eth_sendTransaction" || call.method === "eth_sendRawTransaction") && ++sends > passed;
}

describe("register-folder on a real node", function () {
  before(function () {
    if (process.env.DD_SKIP_E2E === "1") this.skip();
  });
  this.timeout(300_000);
  const ids: string[] = [];
  after(async function () {
    for (const id of ids) await rm(join("ignition/deployments", id), { recursive: true, force: true });
  });

  it("prints each dataset as it completes, and a rerun after a SIGKILL reveals the paid commitment", async function () {
    const id = `e2e-folder-${process.pid}`;
    ids.push(id);
    const node = await startHardhatNode();
    const work = await mkdtemp(join(tmpdir(), "dd-folder-"));
    const rpc = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    const proxy = await startRpcProxy(node.url);
    try {
      const { env, registry } = await deployed(node, id, work);
      // The node takes the first dataset's commit and reveal and the second one's commit, and never its reveal.
      proxy.set("hang", holdSendsAfter(3));
      const run = startHardhat(folder, { ...env, LOCALHOST_URL: proxy.url });
      try {
        // The first dataset done (and printed), the second one committed and waiting for its reveal.
        await run.waitFor("[2/3] product-reviews-sentiment", 90_000);
        await run.waitFor("committed; waiting for", 90_000, 2); // the second dataset's commit
      } finally {
        run.kill("SIGKILL");
      }
      const killed = await run.exited;
      proxy.set("refuse"); // the held reveal is dropped, never sent
      expect(killed.signal).to.equal("SIGKILL");
      expect(killed.stdout).to.match(/^city-air-quality {2}0x[0-9a-f]{64} {2}registered$/m);
      expect(killed.stdout).to.not.contain("product-reviews-sentiment");
      const pending = JSON.parse(await readFile(env.DATADIVIDENDS_JOURNAL, "utf8")) as { pending: unknown[] };
      expect(pending.pending).to.have.length(1); // the paid, unrevealed commitment

      const again = await hardhat(folder, { env });
      const rerun = ok(again, "register-folder (rerun)");
      expect(again.stderr).to.match(/resuming the commitment made at block \d+/);
      expect(
        rerun
          .trim()
          .split("\n")
          .map((l) => l.replace(/0x[0-9a-f]{64}/, "<id>")),
      ).to.deep.equal([
        "city-air-quality  <id>  already-registered",
        "product-reviews-sentiment  <id>  registered",
        "wildflower-observations  <id>  registered",
      ]);
      const commits = await rpc.getLogs({
        address: registry,
        fromBlock: 0,
        topics: [topic("RegistrationCommitted(bytes32)")],
      });
      expect(commits).to.have.length(3); // one commitment per dataset, none paid twice
    } finally {
      rpc.destroy();
      await proxy.stop();
      await node.stop();
      await rm(work, { recursive: true, force: true });
    }
  });

  it("says which datasets are left when its node goes away", async function () {
    const id = `e2e-folder-stop-${process.pid}`;
    ids.push(id);
    const node = await startHardhatNode();
    const work = await mkdtemp(join(tmpdir(), "dd-folder-stop-"));
    const proxy = await startRpcProxy(node.url);
    try {
      const { env } = await deployed(node, id, work);
      // The node takes the first dataset's commit and reveal, and goes away with the second one's commit held.
      proxy.set("hang", holdSendsAfter(2));
      const run = startHardhat(folder, { ...env, LOCALHOST_URL: proxy.url, TX_TIMEOUT: "5" });
      try {
        await run.waitFor("[2/3] product-reviews-sentiment", 90_000);
        proxy.set("refuse");
        await node.stop();
        const ended = await run.exitedWithin(90_000);
        expect(ended, "register-folder was still running 90 s after its node went away").to.not.equal(undefined);
        expect(ended!.code).to.equal(1);
        expect(ended!.stdout).to.match(/^city-air-quality {2}0x[0-9a-f]{64} {2}registered$/m);
        expect(ended!.stderr).to.contain(
          `stopped with 2 dataset(s) left: ${NAMES.slice(1).join(", ")}; rerun to continue`,
        );
      } finally {
        run.kill("SIGKILL");
      }
    } finally {
      await proxy.stop();
      await node.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
