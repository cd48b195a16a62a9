/**
 * End to end over JSON-RPC, against real node processes: the commands a user types, in order, on
 * `hardhat node` and on anvil. Commit-reveal runs with the localhost parameters' 2-block delay (the
 * tasks mine through it on development nodes). Each node is stopped by its test, pass or fail.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { Contract, JsonRpcProvider, formatUnits } from "ethers";

import { DatasetRegistry__factory, MockERC20__factory } from "../../typechain-types/index.js";
import { hardhat, startHardhat } from "../../tools/hardhat-cli.js";
import { anvilBinary, startAnvil, startHardhatNode, startProxy, type RunningNode } from "../../tools/nodes.js";
import { ok } from "../helpers/cli.js";

const CONTRIBUTOR = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"; // Hardhat/anvil development account #5
const ERC20 = ["function balanceOf(address) view returns (uint256)", "function decimals() view returns (uint8)"];

/** A deployment on `node` (record `id`), a journal in `work`, and the wildflower dataset's manifest. */
async function deployedWithManifest(node: RunningNode, id: string, work: string) {
  const env = { LOCALHOST_URL: node.url, DATADIVIDENDS_JOURNAL: join(work, "commitments.json") };
  ok(await hardhat(["datadividends", "deploy", "--deployment-id", id, "--network", "localhost"], { env }), "deploy");
  const manifest = join(work, "wildflowers.json");
  const args = [
    "seeds/datasets/wildflower-observations",
    "--manifest",
    manifest,
    "--creators",
    `Sara=${CONTRIBUTOR}:1`,
  ];
  ok(await hardhat(["datadividends", "dataset", "hash", ...args]), "dataset hash");
  return { env, manifest };
}

async function userFlow(node: RunningNode, deploymentId: string): Promise<void> {
  const env = { LOCALHOST_URL: node.url };
  const onNode = (...args: string[]) => hardhat([...args, "--network", "localhost"], { env });
  const work = await mkdtemp(join(tmpdir(), "dd-e2e-"));
  const manifest = join(work, "wildflowers.json");

  const deployed = ok(await onNode("datadividends", "deploy", "--deployment-id", deploymentId), "deploy");
  expect(deployed).to.contain(`deployment record: ignition/deployments/${deploymentId}`);
  // Redeploying to the same chain is a no-op: Ignition's journal knows it is done.
  const again = ok(await onNode("datadividends", "deploy", "--deployment-id", deploymentId), "redeploy");
  expect(again.match(/RewardVault\s+(0x\w+)/)?.[1]).to.equal(deployed.match(/RewardVault\s+(0x\w+)/)?.[1]);

  ok(
    await hardhat([
      "datadividends",
      "dataset",
      "hash",
      "seeds/datasets/wildflower-observations",
      "--manifest",
      manifest,
      "--license",
      "CC0-1.0",
      "--creators",
      `Sara Lindqvist=${CONTRIBUTOR}:1`,
    ]),
    "dataset hash",
  );
  const datasetId = (JSON.parse(await readFile(manifest, "utf8")) as Record<string, string>)["dd:contentHash"];

  const registered = await onNode(
    "datadividends",
    "dataset",
    "register",
    "--manifest",
    manifest,
    "--uri",
    "ipfs://e2e/wildflowers.json",
    "--deployment-id",
    deploymentId,
  );
  expect(ok(registered, "dataset register")).to.match(new RegExp(`${datasetId}\\s+\\S+\\s+registered`));
  expect(registered.stderr).to.contain("committed; waiting for"); // the 2-block delay was mined through

  const model = ok(
    await onNode(
      "datadividends",
      "model",
      "register",
      "--artifact",
      `0x${"ab".repeat(32)}`,
      "--uri",
      "hf://e2e/model",
      "--usage",
      `${datasetId}:1`,
      "--deployment-id",
      deploymentId,
    ),
    "model register",
  ).match(/model (0x[0-9a-f]{64})/)![1];

  ok(
    await onNode(
      "datadividends",
      "rewards",
      "deposit",
      "--model",
      model,
      "--amount",
      "25",
      "--deployment-id",
      deploymentId,
    ),
    "rewards deposit",
  );
  const permitted = ok(
    await onNode(
      "datadividends",
      "rewards",
      "deposit",
      "--model",
      model,
      "--amount",
      "0.5",
      "--permit",
      "--deployment-id",
      deploymentId,
    ),
    "rewards deposit --permit",
  );
  expect(permitted).to.contain("pool total 25.5 DDR; 1 transaction(s)");

  // A second reward token the user already has (a 6-decimal stablecoin): a vault for it, then a deposit.
  const rpc = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
  const usdc = await new MockERC20__factory(await rpc.getSigner(0)).deploy("USDC", 6);
  await (await usdc.mint(await (await rpc.getSigner(0)).getAddress(), 100_000_000n)).wait();
  const usdcAddress = await usdc.getAddress();
  rpc.destroy();
  const withVault = ok(
    await onNode("datadividends", "deploy", "--token", usdcAddress, "--deployment-id", deploymentId),
    "deploy --token",
  );
  expect(withVault).to.match(/RewardVault \(USDC\)\s+0x[0-9a-fA-F]{40}/);
  const unknownToken = await onNode(
    "datadividends",
    "rewards",
    "deposit",
    "--model",
    model,
    "--amount",
    "1",
    "--token",
    "EURC",
    "--deployment-id",
    deploymentId,
  );
  expect(unknownToken.code).to.equal(1);
  expect(unknownToken.stderr).to.contain("error: --token EURC is not a reward token of this deployment (it has DDR 0x");
  const inUsdc = ok(
    await onNode(
      "datadividends",
      "rewards",
      "deposit",
      "--model",
      model,
      "--amount",
      "12.5",
      "--token",
      "USDC",
      "--deployment-id",
      deploymentId,
    ),
    "rewards deposit --token USDC",
  );
  expect(inUsdc).to.contain("deposited 12.5 USDC into model");

  const claimable = ok(
    await onNode("datadividends", "rewards", "claimable", "--account", CONTRIBUTOR, "--deployment-id", deploymentId),
    "rewards claimable",
  );
  expect(claimable).to.contain(`total claimable by ${CONTRIBUTOR}: 25.5 DDR, 12.5 USDC`);
  // Anyone may send the claim; only the contributor is paid, in every token.
  const claimed = ok(
    await onNode(
      "datadividends",
      "rewards",
      "claim",
      "--account",
      CONTRIBUTOR,
      "--from",
      "2",
      "--deployment-id",
      deploymentId,
    ),
    "rewards claim",
  );
  expect(claimed).to.contain(`paid 25.5 DDR to ${CONTRIBUTOR}`);
  expect(claimed).to.contain(`paid 12.5 USDC to ${CONTRIBUTOR}`);

  // Check the money with a plain ethers provider, outside Hardhat altogether.
  const record = JSON.parse(
    await readFile(`ignition/deployments/${deploymentId}/deployed_addresses.json`, "utf8"),
  ) as Record<string, string>;
  const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
  try {
    const token = new Contract(record["DataRewardToken#DataRewardToken"], ERC20, provider);
    const balance = (await token.balanceOf(CONTRIBUTOR)) as bigint;
    expect(formatUnits(balance, (await token.decimals()) as bigint)).to.equal("25.5");
    const stable = new Contract(usdcAddress, ERC20, provider);
    expect(formatUnits((await stable.balanceOf(CONTRIBUTOR)) as bigint, 6)).to.equal("12.5");
    expect(record[`TokenVault_${usdcAddress.slice(2)}#RewardVault`]).to.match(/^0x[0-9a-fA-F]{40}$/);
  } finally {
    provider.destroy();
    await rm(work, { recursive: true, force: true });
  }
}

describe("end to end on real nodes (JSON-RPC)", function () {
  // The coverage run instruments the contracts past the size limit real nodes enforce (scripts/coverage.ts).
  before(function () {
    if (process.env.DD_SKIP_E2E === "1") this.skip();
  });
  this.timeout(300_000);
  const deploymentIds: string[] = [];
  const proxies: RunningNode[] = [];

  after(async function () {
    for (const proxy of proxies) await proxy.stop();
    for (const id of deploymentIds) await rm(join("ignition/deployments", id), { recursive: true, force: true });
  });

  it("deploys and pays a contributor through the tasks on `hardhat node`, and spots a stale record after a restart", async function () {
    const id = `e2e-hardhat-node-${process.pid}`;
    deploymentIds.push(id);
    let node = await startHardhatNode();
    try {
      await userFlow(node, id);
      // Restart the node on the same port: a fresh chain under the same chain ID.
      const port = Number(new URL(node.url).port);
      await node.stop();
      node = await startHardhatNode(port);
      const env = { LOCALHOST_URL: node.url };
      // The record's first block is not this chain's: the command it names has --network in it.
      const line = `error: the deployment record in ignition/deployments/${id} was written on another chain (its block 1 is not this chain's) (a restarted node?); deploy afresh with \`npx hardhat datadividends deploy --reset --network localhost\` (the old record is kept as a backup)`;
      const stale = await hardhat(
        ["datadividends", "rewards", "claimable", "--deployment-id", id, "--network", "localhost"],
        { env },
      );
      expect(stale.code).to.equal(1);
      expect(stale.stderr.trim().split("\n")).to.include(line);
      const refused = await hardhat(["datadividends", "deploy", "--deployment-id", id, "--network", "localhost"], {
        env,
      });
      expect(refused.code).to.equal(1);
      expect(refused.stderr.trim().split("\n")).to.include(line);
      const reset = await hardhat(
        ["datadividends", "deploy", "--deployment-id", id, "--reset", "--network", "localhost"],
        { env },
      );
      ok(reset, "deploy --reset");
      const backup = /moved the old deployment record \S+ to (\S+)/.exec(reset.stderr)?.[1];
      expect(backup, reset.stderr).to.match(new RegExp(`^ignition/deployments/${id}\\.backup-`));
      deploymentIds.push(backup!.slice("ignition/deployments/".length));
      expect(existsSync(join(backup!, "journal.jsonl")), "the old record, kept").to.equal(true);
    } finally {
      await node.stop();
    }
  });

  it("does the same on anvil, a node nobody here wrote", async function () {
    const binary = anvilBinary();
    if (binary === undefined) {
      console.log("      (anvil's npm package has no binary for this platform; skipping)");
      this.skip();
    }
    const id = `e2e-anvil-${process.pid}`;
    deploymentIds.push(id);
    const node = await startAnvil(binary);
    try {
      await userFlow(node, id);
    } finally {
      await node.stop();
    }
  });

  it("deploys to the same addresses on two chains with one command (--deterministic), each with its own record", async function () {
    const binary = anvilBinary();
    if (binary === undefined) this.skip();
    const chains = [31_401, 31_402];
    const nodes = await Promise.all(chains.map((chainId) => startAnvil(binary, undefined, chainId)));
    deploymentIds.push(...chains.map((c) => `chain-${c}`));
    try {
      const tables: string[][] = [];
      for (const node of nodes) {
        const env = { LOCALHOST_URL: node.url };
        const run = await hardhat(["datadividends", "deploy", "--deterministic", "--network", "localhost"], { env });
        ok(run, `deploy --deterministic at ${node.url}`);
        // anvil has no CreateX: it is deployed first from its keyless pre-signed transaction.
        expect(run.stderr).to.contain("deployed the CreateX factory at 0xba5Ed099633D3B313e4D5F7bdc1305d3c28ba5Ed");
        tables.push(run.stdout.split("\n").filter((l) => /^\w+\s+0x[0-9a-fA-F]{40}$/.test(l)));
        // The tasks read each chain's own record.
        const read = await hardhat(["datadividends", "rewards", "claimable", "--network", "localhost"], { env });
        expect(ok(read, "rewards claimable on the deterministic record")).to.match(/holds no share of any dataset/);
      }
      expect(tables[0]).to.have.length(4);
      expect(tables[1], "the same addresses on both chains").to.deep.equal(tables[0]);
      for (const c of chains)
        expect(existsSync(join("ignition/deployments", `chain-${c}`, "deployed_addresses.json"))).to.equal(true);
    } finally {
      for (const node of nodes) await node.stop();
    }
  });

  it("never hangs: a transaction the node does not mine is reported by its hash after --tx-timeout", async function () {
    const id = `e2e-stalled-${process.pid}`;
    deploymentIds.push(id);
    const node = await startHardhatNode();
    try {
      const work = await mkdtemp(join(tmpdir(), "dd-stalled-"));
      const { env, manifest } = await deployedWithManifest(node, id, work);
      // From now on the node accepts transactions and mines none (a stalled chain, a fee spike).
      await new JsonRpcProvider(node.url).send("evm_setAutomine", [false]);
      const started = Date.now();
      const stalled = await hardhat(
        [
          "datadividends",
          "dataset",
          "register",
          "--manifest",
          manifest,
          "--tx-timeout",
          "3",
          "--deployment-id",
          id,
          "--network",
          "localhost",
        ],
        { env, timeoutMs: 60_000 },
      );
      expect(stalled.code).to.equal(1);
      expect(stalled.stderr).to.match(
        /^error: transaction 0x[0-9a-f]{64} was not mined within 3 s; it may still be: look it up before sending it again$/m,
      );
      expect(Date.now() - started).to.be.lessThan(45_000);
      const badTimeout = await hardhat(
        [
          "datadividends",
          "rewards",
          "claimable",
          "--tx-timeout",
          "soon",
          "--deployment-id",
          id,
          "--network",
          "localhost",
        ],
        { env },
      );
      expect(badTimeout.stderr).to.contain(
        'error: --tx-timeout "soon": expected a whole number of seconds from 1 to 86400',
      );
      await rm(work, { recursive: true, force: true });
    } finally {
      await node.stop();
    }
  });

  it("never hangs: a node that stops answering while a transaction waits is named by its URL within seconds, not at --tx-timeout", async function () {
    const id = `e2e-node-death-${process.pid}`;
    deploymentIds.push(id);
    const node = await startHardhatNode();
    const work = await mkdtemp(join(tmpdir(), "dd-death-"));
    try {
      const { env, manifest } = await deployedWithManifest(node, id, work);
      const rpc = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
      await rpc.send("evm_setAutomine", [false]); // the commit waits for a block
      rpc.destroy();
      // Through a proxy that can stop answering: requests then hang, as on a stalled node or a dropped link.
      const proxy = await startProxy(node.url);
      proxies.push(proxy);
      const run = startHardhat(
        [
          "datadividends",
          "dataset",
          "register",
          "--manifest",
          manifest,
          "--uri",
          "ipfs://e2e/wildflowers.json",
          "--deployment-id",
          id,
          "--network",
          "localhost",
        ],
        { ...env, LOCALHOST_URL: proxy.url },
      );
      const started = Date.now();
      try {
        // The node took the commit and the task waits for it to be mined: now the node stops answering.
        await run.waitFor("commit sent: 0x", 60_000);
        const died = Date.now();
        proxy.hang();
        // The default --tx-timeout is 300 s: the wait notices the node within seconds by asking it.
        const ended = await run.exitedWithin(30_000);
        expect(ended, "the task was still running 30 s after its node stopped answering").to.not.equal(undefined);
        console.log(`      (named the silent node ${((Date.now() - died) / 1000).toFixed(1)} s after it went quiet)`);
        expect(ended!.code).to.equal(1);
        expect(ended!.stderr).to.match(
          new RegExp(
            `^error: network "localhost" at ${proxy.url.replace(/\./g, "\\.")}: the node stopped answering while transaction 0x[0-9a-f]{64} was pending; once it is back, look the transaction up before sending it again$`,
            "m",
          ),
        );
        expect(Date.now() - started).to.be.lessThan(60_000);
      } finally {
        run.kill("SIGKILL");
      }
    } finally {
      await node.stop();
      await rm(work, { recursive: true, force: true });
    }
  });

  it("loses no paid commitment: killed (SIGKILL) between commit and reveal, the rerun reveals it without committing again", async function () {
    const id = `e2e-killed-${process.pid}`;
    deploymentIds.push(id);
    const node = await startHardhatNode();
    const work = await mkdtemp(join(tmpdir(), "dd-kill-"));
    try {
      const { env, manifest } = await deployedWithManifest(node, id, work);
      // The node now makes a block every 1.5 s, and the task waits for them (no mining through): the
      // commit-reveal takes seconds, and the process is killed while it waits for the reveal.
      const rpc = new JsonRpcProvider(node.url);
      await rpc.send("evm_setAutomine", [false]);
      await rpc.send("evm_setIntervalMining", [1500]);
      const run = startHardhat(
        [
          "datadividends",
          "dataset",
          "register",
          "--manifest",
          manifest,
          "--deployment-id",
          id,
          "--network",
          "localhost",
        ],
        { ...env, DATADIVIDENDS_DEV_MINING: "0" },
      );
      try {
        await run.waitFor("committed; waiting for", 60_000);
      } finally {
        process.kill(run.pid, "SIGKILL"); // by PID, as the issue asks
      }
      const killed = await run.exited;
      expect(killed.signal).to.equal("SIGKILL");
      const stderr = killed.stderr;
      const journal = JSON.parse(await readFile(env.DATADIVIDENDS_JOURNAL, "utf8")) as { pending: { salt: string }[] };
      expect(journal.pending).to.have.length(1);
      expect(stderr).to.contain(`committing (salt ${journal.pending[0].salt})`);

      const rerun = await hardhat(
        [
          "datadividends",
          "dataset",
          "register",
          "--manifest",
          manifest,
          "--deployment-id",
          id,
          "--network",
          "localhost",
        ],
        { env },
      );
      ok(rerun, "dataset register (rerun)");
      expect(rerun.stderr).to.match(/resuming the commitment made at block \d+/);
      expect(rerun.stderr).to.not.contain("committing (salt");
      const record = JSON.parse(
        await readFile(join("ignition/deployments", id, "deployed_addresses.json"), "utf8"),
      ) as Record<string, string>;
      const registry = record["DatasetRegistry#DatasetRegistry"];
      // Topics from the ABI itself, so a changed event cannot leave this count at a silent zero.
      const events = DatasetRegistry__factory.createInterface();
      const topic = (name: "RegistrationCommitted" | "DatasetRegistered") => events.getEvent(name).topicHash;
      const commits = await rpc.getLogs({ address: registry, fromBlock: 0, topics: [topic("RegistrationCommitted")] });
      const registrations = await rpc.getLogs({
        address: registry,
        fromBlock: 0,
        topics: [topic("DatasetRegistered")],
      });
      expect(commits).to.have.length(1); // one commitment paid for, in all
      expect(registrations).to.have.length(1);
      expect(
        (JSON.parse(await readFile(env.DATADIVIDENDS_JOURNAL, "utf8")) as { pending: unknown[] }).pending,
      ).to.deep.equal([]);
    } finally {
      await node.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
