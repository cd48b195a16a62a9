/**
 * The toolkit never tells a user something false and never destroys their record (issue 21): each case
 * through the CLI as a user runs it (a `hardhat` process against a real node), with its exit code, its
 * one line, and the node's nonce unchanged wherever nothing should have been sent.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, toQuantity } from "ethers";

import { BlacklistToken__factory, DatasetRegistry__factory } from "../../typechain-types/index.js";
import { hardhat } from "../../tools/hardhat-cli.js";
import { startHardhatNode, startProxy, type RunningNode } from "../../tools/nodes.js";
import { ok, refused } from "../helpers/cli.js";

const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"; // development account #0
const CONTRIBUTOR = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"; // #5
const NEW_KEY = "0x976EA74026E726554dB657fA54763abd0C3a0aa9"; // #6
const RECORDS = "ignition/deployments";

describe("the toolkit tells the truth, through the CLI on a real node", function () {
  this.timeout(600_000);
  const id = `truth-${process.pid}`;
  let node: RunningNode;
  let rpc: JsonRpcProvider;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let manifest: string;
  let dataset: string;
  let registry: string;
  let base: string;

  /** `hardhat <args> --deployment-id <id> --network localhost` against the node. */
  const onNode = (args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) =>
    hardhat([...args, "--deployment-id", id, "--network", "localhost"], {
      env: { ...env, ...options.env },
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
  const nonce = (account = DEPLOYER) => rpc.getTransactionCount(account);

  before(async function () {
    // Separate processes against a node: nothing for the coverage run to measure.
    if (process.env.DD_SKIP_E2E === "1") this.skip();
    node = await startHardhatNode();
    rpc = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    work = await mkdtemp(join(tmpdir(), "dd-truth-"));
    env = { LOCALHOST_URL: node.url, DATADIVIDENDS_JOURNAL: join(work, "commitments.json") };
    ok(await onNode(["datadividends", "deploy"]), "deploy");
    registry = (
      JSON.parse(await readFile(join(RECORDS, id, "deployed_addresses.json"), "utf8")) as Record<string, string>
    )["DatasetRegistry#DatasetRegistry"];
    manifest = join(work, "wildflowers.json");
    const args = ["seeds/datasets/wildflower-observations", "--manifest", manifest, "--creators"];
    ok(await hardhat(["datadividends", "dataset", "hash", ...args, `Sara Lindqvist=${CONTRIBUTOR}:1`]), "dataset hash");
    dataset = (JSON.parse(await readFile(manifest, "utf8")) as Record<string, string>)["dd:contentHash"];
  });

  after(async function () {
    rpc?.destroy();
    await node?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
    for (const entry of existsSync(RECORDS) ? readdirSync(RECORDS) : []) {
      if (entry.startsWith(`truth-`) && entry.includes(String(process.pid)))
        await rm(join(RECORDS, entry), { recursive: true, force: true });
    }
  });

  it("refuses a URI the reveal would refuse before the commit, and tells a second registration at once instead of charging it", async function () {
    const before = await nonce();
    refused(
      await onNode([
        "datadividends",
        "dataset",
        "register",
        "--manifest",
        manifest,
        "--uri",
        `ipfs://${"a".repeat(2100)}`,
      ]),
      /^error: .*metadata URI.* 2,?\d{3} bytes|^error: .*longer than/i,
      "a 2,107-byte URI",
    );
    // Another process (this test's, alive) holds the registration's lock: nothing is sent, and it says who.
    const locks = `${env.DATADIVIDENDS_JOURNAL!}.locks`;
    await mkdir(locks, { recursive: true });
    const lock = join(locks, `31337-${registry}-${dataset}-${DEPLOYER}.lock`.toLowerCase());
    await writeFile(lock, `${process.pid}\n`);
    refused(
      await onNode(["datadividends", "dataset", "register", "--manifest", manifest, "--uri", "ipfs://wildflowers"]),
      new RegExp(`^error: process ${process.pid} is registering dataset ${dataset} from ${DEPLOYER} now`),
      "a registration under way",
    );
    await rm(lock);
    expect(await nonce(), "transactions sent").to.equal(before);
  });

  it("refuses a file:// metadata URI on a public network, and warns on a development node", async function () {
    const proxy = await startProxy(node.url, { publicClient: true });
    try {
      const before = await nonce();
      refused(
        await onNode(["datadividends", "dataset", "register", "--manifest", manifest], {
          env: { LOCALHOST_URL: proxy.url },
        }),
        /^error: the metadata URI file:\/\/\S+ names something only this machine can read, and a registration keeps it for good: publish it \(e\.g\. `ipfs add`, then --uri ipfs:\/\/<cid>, or a public https:\/\/ URL\) on network "localhost"$/,
        "a file:// URI on a public-looking node",
      );
      expect(await nonce(), "transactions sent").to.equal(before);
    } finally {
      await proxy.stop();
    }
    // On a public network `deploy` also names the command that verifies the record on all three explorers.
    const publicProxy = await startProxy(node.url, { publicClient: true });
    try {
      const id2 = `truth-public-${process.pid}`;
      const deployed = await hardhat(["datadividends", "deploy", "--deployment-id", id2, "--network", "localhost"], {
        env: { ...env, LOCALHOST_URL: publicProxy.url },
      });
      expect(ok(deployed, "deploy on a public-looking network")).to.contain(
        `verify on Etherscan, Blockscout and Sourcify: npx hardhat ignition verify ${id2} --network localhost`,
      );
      const help = ok(await hardhat(["ignition", "verify", "--help"]), "the verify command it names");
      expect(help).to.match(/deploymentId/i);
    } finally {
      await publicProxy.stop();
    }
    const run = await onNode(["datadividends", "dataset", "register", "--manifest", manifest]);
    expect(ok(run, "dataset register on a development node")).to.match(new RegExp(`${dataset}\\s+\\S+\\s+registered`));
    expect(run.stderr).to.match(/^warning: the metadata URI file:\/\/\S+ names something only this machine can read/m);
  });

  it("model register re-run with other weights prints what the chain holds and refuses the difference", async function () {
    const args = ["datadividends", "model", "register", "--artifact", `0x${"ab".repeat(32)}`, "--uri", "ipfs://card"];
    base = ok(await onNode([...args, "--usage", `${dataset}:1`]), "model register").match(
      /^model (0x[0-9a-f]{64}) \(registered\)$/m,
    )![1];
    const before = await nonce();
    const again = await onNode([...args, "--usage", `${dataset}:3`]);
    refused(
      again,
      new RegExp(
        `^error: model ${base} is already registered with dataset ${dataset} at weight 1 \\(asked: 3\\) \\(above: what the chain holds\\); a registration is permanent`,
      ),
      "other weights",
    );
    expect(again.stdout).to.match(new RegExp(`^${dataset}\\s+1\\s+100\\.00%$`, "m"));
    expect(await nonce(), "transactions sent").to.equal(before);
    expect(ok(await onNode([...args, "--usage", `${dataset}:1`]), "the same again")).to.contain(
      `model ${base} (already-registered)`,
    );
  });

  it("rewards claimable shows what rewards claim pays, forwards included, and which part comes from forwarding", async function () {
    const tune = ok(
      await onNode([
        "datadividends",
        "model",
        "register",
        "--artifact",
        `0x${"cd".repeat(32)}`,
        "--uri",
        "ipfs://tune",
        "--parent",
        base,
      ]),
      "a fine-tune",
    ).match(/^model (0x[0-9a-f]{64}) \(registered\)$/m)![1];
    ok(
      await onNode(["datadividends", "rewards", "deposit", "--model", base, "--amount", "5"]),
      "deposit into the base",
    );
    ok(
      await onNode(["datadividends", "rewards", "deposit", "--model", tune, "--amount", "2.5"]),
      "deposit into the fine-tune",
    );
    const shown = ok(
      await onNode(["datadividends", "rewards", "claimable", "--account", CONTRIBUTOR]),
      "rewards claimable",
    );
    expect(shown).to.contain(
      `total claimable by ${CONTRIBUTOR}: 7.5 DDR (2.5 DDR of it from fine-tunes' royalties the claim forwards first)`,
    );
    const paid = ok(await onNode(["datadividends", "rewards", "claim", "--account", CONTRIBUTOR]), "rewards claim");
    expect(paid).to.contain(
      `paid 7.5 DDR to ${CONTRIBUTOR} for 1 edge(s) in 1 transaction(s), after forwarding 1 lineage hop(s)`,
    );
  });

  it("moves a share, retires a dataset and withdraws bonds through tasks, refusing what the registry would", async function () {
    ok(
      await onNode([
        "datadividends",
        "dataset",
        "move-share",
        "--dataset",
        dataset,
        "--index",
        "0",
        "--to",
        NEW_KEY,
        "--from",
        "5",
      ]),
      "dataset move-share",
    );
    const datasets = DatasetRegistry__factory.connect(registry, rpc);
    expect((await datasets.contributor(dataset, 0)).account).to.equal(NEW_KEY);
    const before = await nonce(CONTRIBUTOR);
    refused(
      await onNode([
        "datadividends",
        "dataset",
        "move-share",
        "--dataset",
        dataset,
        "--index",
        "0",
        "--to",
        DEPLOYER,
        "--from",
        "5",
      ]),
      new RegExp(
        `^error: moveShare: ${CONTRIBUTOR} does not hold share slot 0 of dataset ${dataset} \\(NotShareHolder\\)$`,
      ),
      "a slot moved away",
    );
    refused(
      await onNode(["datadividends", "dataset", "retire", "--dataset", dataset, "--from", "5"]),
      new RegExp(
        `^error: retire: only the registrant of dataset ${dataset} may do this, not ${CONTRIBUTOR} \\(NotRegistrant\\)$`,
      ),
      "not the registrant",
    );
    refused(
      await onNode(["datadividends", "dispute", "withdraw-bond", "--from", "5"]),
      new RegExp(`^error: withdrawBond: ${CONTRIBUTOR} has no bond credited to withdraw \\(NoBondCredit\\)$`),
      "no bond",
    );
    expect(await nonce(CONTRIBUTOR), "transactions sent").to.equal(before);
    ok(await onNode(["datadividends", "dataset", "retire", "--dataset", dataset]), "dataset retire");
    expect(await datasets.statusOf(dataset)).to.equal(4n); // Retired
  });

  it("a contributor with no ETH signs a claim that another account sends for a tip (sign-claim, keeper, relay)", async function () {
    // NEW_KEY (#6) holds the slot moved to it above; the model is paid 4 DDR more, all of it owed to that slot.
    ok(await onNode(["datadividends", "rewards", "deposit", "--model", base, "--amount", "4"]), "a deposit");
    await rpc.send("hardhat_setBalance", [NEW_KEY, "0x0"]);
    const claims = join(work, "claims");
    await mkdir(claims, { recursive: true });
    const file = join(claims, "new-key.json");
    const relayer = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955"; // #7
    const signed = ok(
      await onNode([
        "datadividends",
        "rewards",
        "sign-claim",
        "--max-tip",
        "0.5",
        "--max-tip-share",
        "10",
        "--relayer",
        relayer,
        "--out",
        file,
        "--from",
        "6",
      ]),
      "rewards sign-claim",
    );
    expect(signed).to.match(
      new RegExp(
        `^signed a claim of 1 edge\\(s\\) for ${NEW_KEY} in DDR, for ${relayer} alone to send, a tip of at most 0\\.5 DDR and 10% of what it pays`,
        "m",
      ),
    );
    expect(await rpc.getTransactionCount(NEW_KEY), "the signer sent nothing").to.equal(0);
    // Another account's keeper may not send it: the claim names #7.
    const other = ok(
      await onNode(["datadividends", "rewards", "keeper", "--claims", claims, "--min-tip", "0.1", "--dry-run"]),
      "keeper --dry-run as #0",
    );
    expect(other).to.match(/new-key\.json.*skipped: the signed claim of 0x\w+ may be sent only by 0x\w+/);
    const dry = ok(
      await onNode([
        "datadividends",
        "rewards",
        "keeper",
        "--claims",
        claims,
        "--min-tip",
        "0.1",
        "--dry-run",
        "--from",
        "7",
      ]),
      "keeper --dry-run",
    );
    // 10% of the 4 DDR claim: 0.4, under the 0.5 cap.
    expect(dry).to.match(/new-key\.json\s+4 DDR\s+0\.4 DDR\s+\d+\s+would send/);
    expect(dry).to.contain("1 would be sent (dry run: nothing was sent or moved)");
    const relayed = ok(
      await onNode(["datadividends", "rewards", "relay", "--claim", file, "--tip", "0.25", "--from", "7"]),
      "rewards relay",
    );
    expect(relayed).to.contain(`paid 3.75 DDR to ${NEW_KEY} and a tip of 0.25 DDR to ${relayer}`);
    expect(await rpc.getBalance(NEW_KEY), "the contributor still holds no ETH").to.equal(0n);
    // Spent: the keeper sends nothing and moves the file aside.
    const before = await nonce(relayer);
    const again = ok(
      await onNode(["datadividends", "rewards", "keeper", "--claims", claims, "--from", "7"]),
      "keeper after the relay",
    );
    expect(again).to.match(/new-key\.json.*spent: moved to .*spent\/new-key\.json/);
    expect(await nonce(relayer)).to.equal(before);
    expect(existsSync(join(claims, "spent", "new-key.json"))).to.equal(true);
  });

  it("works the same from any folder of the project: records, parameters and the journal come from its root", async function () {
    const sub = join(process.cwd(), "seeds", "datasets");
    const redeployed = ok(await onNode(["datadividends", "deploy"], { cwd: sub }), "deploy from a subfolder");
    expect(redeployed).to.contain(`deployment record: ../../ignition/deployments/${id}`);
    ok(
      await onNode(["datadividends", "dispute", "show", "--dataset", dataset], { cwd: sub }),
      "dispute show from a subfolder",
    );
    // The journal's default is the project root's .datadividends/, whatever the folder.
    const run = await hardhat(
      [
        "datadividends",
        "dataset",
        "register",
        "--manifest",
        manifest,
        "--salt",
        `0x${"11".repeat(32)}`,
        "--deployment-id",
        id,
        "--network",
        "localhost",
      ],
      {
        env: { LOCALHOST_URL: node.url, DATADIVIDENDS_JOURNAL: undefined },
        cwd: sub,
      },
    );
    expect(ok(run, "dataset register from a subfolder")).to.match(/already-registered$/m);
    expect(existsSync(join(sub, ".datadividends"))).to.equal(false);
  });

  it("names the wrong thing in one line: a short --salt, a journal under /proc, a token without permit, a full disk", async function () {
    const before = await nonce();
    refused(
      await onNode([
        "datadividends",
        "dataset",
        "register",
        "--manifest",
        manifest,
        "--uri",
        "ipfs://x",
        "--salt",
        "0x1234",
      ]),
      /^error: --salt must be the 32-byte salt a registration printed \(0x \+ 64 hex digits\), got "0x1234"$/,
      "--salt 0x1234",
    );
    refused(
      await onNode(["datadividends", "dataset", "register", "--manifest", manifest, "--uri", "ipfs://x"], {
        env: { DATADIVIDENDS_JOURNAL: "/proc/dd/commitments.json" },
      }),
      /^error: the commitment journal \/proc\/dd\/commitments\.json is under \/proc, not a folder for files; set DATADIVIDENDS_JOURNAL/,
      "a journal under /proc",
    );
    refused(
      await hardhat([
        "datadividends",
        "dataset",
        "hash",
        "seeds/datasets/wildflower-observations",
        "--manifest",
        "/dev/full",
      ]),
      /^error: cannot write the manifest \/dev\/full: the disk is full$/,
      "a full disk",
    );
    const signer = await rpc.getSigner(0);
    const plain = await new BlacklistToken__factory(signer).deploy();
    await (await plain.mint(DEPLOYER, 10n ** 18n)).wait();
    const token = await plain.getAddress();
    ok(await onNode(["datadividends", "deploy", "--token", token]), "a vault for a token without permit");
    const sent = await nonce();
    refused(
      await onNode([
        "datadividends",
        "rewards",
        "deposit",
        "--model",
        base,
        "--amount",
        "1",
        "--token",
        token,
        "--permit",
      ]),
      new RegExp(
        `^error: the token ${token} does not take EIP-2612 permits \\(no nonces or DOMAIN_SEPARATOR\\); deposit without a permit`,
      ),
      "--permit on a token without permits",
    );
    expect(await nonce()).to.equal(sent);
    expect(sent).to.be.greaterThan(before);
  });

  it("a deploy the record cannot take names the record and the command, and --reset moves the record aside", async function () {
    const other = `truth-reset-${process.pid}`;
    const deployAs = (...args: string[]) =>
      hardhat(["datadividends", "deploy", "--deployment-id", other, ...args, "--network", "localhost"], { env });
    // A first deploy the deployer cannot pay for to the end: one line naming the account; funded, the rerun goes on.
    const funded = await rpc.getBalance(DEPLOYER);
    await rpc.send("hardhat_setBalance", [DEPLOYER, toQuantity(10n ** 16n)]);
    try {
      refused(
        await deployAs("--parameters", "ignition/parameters/localhost.json"),
        new RegExp(
          `^error: the deployer ${DEPLOYER} cannot pay for the next contract on network "localhost" \\(.*\\); fund it and run deploy again: the record in ignition/deployments/${other} keeps what was deployed`,
        ),
        "an underfunded first deploy",
      );
    } finally {
      await rpc.send("hardhat_setBalance", [DEPLOYER, toQuantity(funded)]);
    }
    // Hardhat's node refuses the send itself: Ignition's record then holds a transaction it cannot place.
    const wipe = refused(
      await deployAs("--parameters", "ignition/parameters/localhost.json"),
      new RegExp(
        `^error: the record of ${other} holds a transaction for (\\S+) that was never sent \\(the chain has no nonce \\d+ from ${DEPLOYER}\\): clear it with \`npx hardhat ignition wipe ${other} \\1\` and deploy again`,
      ),
      "the rerun of a deploy whose send failed",
    );
    ok(
      await hardhat(/`(npx hardhat ignition wipe [^`]+)`/.exec(wipe)![1].split(" ").slice(2)),
      "ignition wipe, as named",
    );
    ok(await deployAs("--parameters", "ignition/parameters/localhost.json"), "the first deploy, funded");
    refused(
      await deployAs("--parameters", "ignition/parameters/hardhat.json"),
      new RegExp(
        `^error: the deployment record in ignition/deployments/${other} does not match what this deploy would do .*; keep it and deploy afresh with \`npx hardhat datadividends deploy --reset --network localhost\``,
      ),
      "other parameters",
    );
    const reset = await deployAs("--parameters", "ignition/parameters/hardhat.json", "--reset");
    ok(reset, "deploy --reset");
    const moved = /moved the old deployment record \S+ to (\S+)/.exec(reset.stderr);
    expect(moved, reset.stderr).to.not.equal(null);
    expect(existsSync(join(moved![1], "deployed_addresses.json")), "the backup").to.equal(true);
    await rm(moved![1], { recursive: true, force: true });
  });

  it("without --network, the in-process chain neither claims a node's record nor moves it", async function () {
    refused(
      await hardhat(["datadividends", "rewards", "claimable", "--deployment-id", id]),
      new RegExp(
        `^error: the deployment record in ignition/deployments/${id} was written on another chain \\(its block \\d+ is not this chain's\\): it belongs to a node, and this is the in-process network "default"; did you forget --network`,
      ),
      "a task without --network",
    );
    const reset = ok(
      await hardhat(["datadividends", "deploy", "--deployment-id", id, "--reset"]),
      "deploy --reset without --network",
    );
    expect(reset).to.contain("in-process network: nothing was recorded");
    expect(existsSync(join(RECORDS, id, "deployed_addresses.json")), "the node's record").to.equal(true);
    expect(readdirSync(RECORDS).filter((e) => e.startsWith(`${id}.backup`))).to.deep.equal([]);
  });
});
