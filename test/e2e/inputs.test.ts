/**
 * Every input parsed once, by schema (issue 27): each case a user found, through the CLI against a real node,
 * with its exit code, its one `error:` line naming the file or option, the field and the value, and the node's
 * nonce unchanged wherever nothing should have been sent.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { JsonRpcProvider } from "ethers";

import { hardhat } from "../../tools/hardhat-cli.js";
import { startHardhatNode, type RunningNode } from "../../tools/nodes.js";
import { errors, inBatches, ok, refused } from "../helpers/cli.js";

const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"; // development account #0
const CONTRIBUTOR = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"; // #5
const RELAYER = "0x976EA74026E726554dB657fA54763abd0C3a0aa9"; // #6
const RECORDS = "ignition/deployments";

describe("every input parsed once: the cases users found, through the CLI on a real node", function () {
  this.timeout(600_000);
  const id = `inputs-${process.pid}`;
  let node: RunningNode;
  let rpc: JsonRpcProvider;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let manifest: string;
  let dataset: string;
  let claim: Record<string, unknown>;
  let vault: string;

  const onNode = (args: string[]) =>
    hardhat(["datadividends", ...args, "--deployment-id", id, "--network", "localhost"], { env });
  const nonce = (account: string) => rpc.getTransactionCount(account);

  before(async function () {
    if (process.env.DD_SKIP_E2E === "1") this.skip();
    node = await startHardhatNode();
    rpc = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    work = await mkdtemp(join(tmpdir(), "dd-inputs-"));
    env = { LOCALHOST_URL: node.url, DATADIVIDENDS_JOURNAL: join(work, "commitments.json") };
    ok(await onNode(["deploy"]), "deploy");
    vault = (
      JSON.parse(await readFile(join(RECORDS, id, "deployed_addresses.json"), "utf8")) as Record<string, string>
    )["RewardVault#RewardVault"];
    manifest = join(work, "flowers.json");
    const hash = ["seeds/datasets/wildflower-observations", "--manifest", manifest, "--creators"];
    ok(await hardhat(["datadividends", "dataset", "hash", ...hash, `Sara=${CONTRIBUTOR}:1`]), "dataset hash");
    dataset = (JSON.parse(await readFile(manifest, "utf8")) as Record<string, string>)["dd:contentHash"];
    ok(await onNode(["dataset", "register", "--manifest", manifest, "--uri", "ipfs://flowers"]), "register");
    const model = ["model", "register", "--artifact", `0x${"cd".repeat(32)}`, "--uri", "ipfs://m"];
    const modelId = /0x[0-9a-f]{64}/.exec(ok(await onNode([...model, "--usage", `${dataset}:1`]), "model"))![0];
    ok(await onNode(["rewards", "deposit", "--model", modelId, "--amount", "10"]), "deposit");
    const out = join(work, "claim.json");
    ok(await onNode(["rewards", "sign-claim", "--from", "5", "--max-tip", "1", "--out", out]), "sign-claim");
    claim = JSON.parse(await readFile(out, "utf8")) as Record<string, unknown>;
  });

  after(async function () {
    rpc?.destroy();
    await node?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
    for (const entry of existsSync(RECORDS) ? readdirSync(RECORDS) : []) {
      if (entry.startsWith("inputs-") && entry.includes(String(process.pid)))
        await rm(join(RECORDS, entry), { recursive: true, force: true });
    }
  });

  it("a tampered signed claim names the file, the field and the value; a changed one is not called spent", async function () {
    const requests = claim.requests as Record<string, unknown>[];
    const cases: [string, unknown, RegExp | string][] = [
      ["account", { ...claim, account: "0x1234" }, 'account "0x1234": expected an address (0x and 40 hex digits)'],
      [
        "another account",
        { ...claim, account: RELAYER },
        `the signed claim is not signed by ${RELAYER}: a field was changed after signing, or the signature is not the account's`,
      ],
      ["signature", { ...claim, signature: "0x12zz" }, 'signature "0x12zz": expected hex bytes (0x…)'],
      ["maxTip abc", { ...claim, maxTip: "abc" }, /maxTip "abc": expected a whole number from 0 to 2\^256 - 1/],
      ["maxTip -1", { ...claim, maxTip: "-1" }, /maxTip "-1": expected a whole number/],
      [
        "deadline 1.5e9",
        { ...claim, deadline: 1.5e9 },
        /deadline 1500000000: expected a whole number from 1 to 2\^40 - 1, as a decimal string/,
      ],
      [
        "deadline 10^80",
        { ...claim, deadline: `1${"0".repeat(80)}` },
        /deadline "10{75}…: expected a whole number from 1 to 2\^40 - 1/,
      ],
      [
        "index zero",
        { ...claim, requests: [{ ...requests[0], index: "zero" }] },
        /requests\[0\]\.index "zero": expected a whole number from 0 to 4294967295/,
      ],
      [
        "index 2^32",
        { ...claim, requests: [{ ...requests[0], index: 2 ** 32 }] },
        /requests\[0\]\.index 4294967296: expected a whole number from 0 to 4294967295/,
      ],
      [
        "model",
        { ...claim, requests: [{ ...requests[0], model: "0x1234" }] },
        /requests\[0\]\.model "0x1234": expected 32 bytes of hex/,
      ],
      ["null", null, /null: expected a signed claim: a JSON object from datadividends rewards sign-claim/],
      ["an extra field", { ...claim, tip: "5" }, /unknown field "tip"/],
    ];
    const files = await Promise.all(
      cases.map(async ([name, body], i) => {
        const file = join(work, `tampered-${i}.json`);
        await writeFile(file, JSON.stringify(body));
        return { name, file };
      }),
    );
    const before = await nonce(RELAYER);
    const runs = await inBatches(files, ({ file }) => onNode(["rewards", "relay", "--claim", file, "--from", "6"]));
    for (const [i, [name, , line]] of cases.entries()) {
      const file = files[i].file;
      refused(
        runs[i],
        typeof line === "string" ? `error: ${line.startsWith("the signed") ? "" : `${file}: `}${line}` : line,
        name,
      );
      if (typeof line !== "string" || !line.startsWith("the signed")) expect(errors(runs[i])[0], name).to.contain(file);
    }
    refused(
      await onNode(["rewards", "relay", "--claim", join(work, "missing.json"), "--from", "6"]),
      `error: cannot read the signed claim ${join(work, "missing.json")}: no such file`,
      "a missing file",
    );
    expect(await nonce(RELAYER), "transactions sent").to.equal(before);
  });

  it("refuses value sent where it can never be used: bonds to the zero address, a slot to the deployment's own vault", async function () {
    const before = await nonce(CONTRIBUTOR);
    refused(
      await onNode(["dispute", "withdraw-bond", "--to", `0x${"0".repeat(40)}`, "--from", "5"]),
      "error: the bonds' recipient cannot be the zero address: what it receives would be burnt",
      "withdraw-bond --to 0x0",
    );
    refused(
      await onNode(["dataset", "move-share", "--dataset", dataset, "--index", "0", "--to", vault, "--from", "5"]),
      `error: the new holder cannot be ${vault}, one of this deployment's own contracts: what it receives would be stranded there`,
      "move-share --to the vault",
    );
    expect(await nonce(CONTRIBUTOR), "transactions sent").to.equal(before);
  });

  it("sign-claim refuses a validity past a year, writing nothing", async function () {
    const out = join(work, "forever.json");
    refused(
      await onNode(["rewards", "sign-claim", "--from", "5", "--valid-for", `1${"0".repeat(20)}`, "--out", out]),
      /^error: --valid-for "10{20}": expected a whole number of seconds \(a year at most\) from 60 to 31622400$/,
      "a validity of 10^20 s",
    );
    expect(existsSync(out), "a claim was written").to.equal(false);
  });

  it("a registration run again with other contributors names the difference; --creators needs a name", async function () {
    const other = join(work, "other.json");
    const again = await onNode([
      "dataset",
      "register",
      "--manifest",
      manifest,
      "--uri",
      "ipfs://flowers",
      "--contributors",
      `${CONTRIBUTOR}:2`,
    ]);
    refused(
      again,
      new RegExp(
        `^error: dataset ${dataset} is already registered by ${DEPLOYER} with the contributors ${CONTRIBUTOR}:1: a registration is permanent`,
      ),
      "register with other contributors",
    );
    refused(
      await hardhat([
        "datadividends",
        "dataset",
        "hash",
        "seeds/datasets/wildflower-observations",
        "--manifest",
        other,
        "--creators",
        `${CONTRIBUTOR}:1`,
      ]),
      `error: creator "${CONTRIBUTOR}:1" has no name: write "Name=0xaccount:shares"`,
      "--creators without a name",
    );
  });

  it("deploy: a parameters file with a typo, --salt without --deterministic, and a record made plainly are refused", async function () {
    const typo = join(work, "typo.json");
    await writeFile(typo, JSON.stringify({ DatasetRegistry: { comitDelay: 1 } }));
    refused(
      await onNode(["deploy", "--parameters", typo]),
      `error: ${typo}: unknown field "comitDelay" in DatasetRegistry (a typo, or a file of another kind?)`,
      "a parameter no module reads",
    );
    const section = join(work, "section.json");
    await writeFile(section, JSON.stringify({ Registry: { commitDelay: 1 } }));
    refused(
      await onNode(["deploy", "--parameters", section]),
      /^error: \S+section\.json: Registry \{"commitDelay":1\}: no module reads a section "Registry" \(they are \$global, DataRewardToken, DatasetRegistry, ModelRegistry, RewardVault, Timelock, Governance and TokenVault_<token>\)$/,
      "a section no module reads",
    );
    refused(
      await onNode(["deploy", "--salt", "mine"]),
      "error: --salt is the CREATE2 salt of --deterministic: give both, or neither",
      "--salt alone",
    );
    refused(
      await onNode(["deploy", "--deterministic"]),
      new RegExp(
        `^error: the deployment record ${RECORDS}/${id} was made plainly \\(no --deterministic\\), and this run would deploy through CREATE2 with salt 0x[0-9a-f]{64}, at other addresses: deploy under another --deployment-id, or move the record aside with --reset$`,
      ),
      "--deterministic on a plain record",
    );
  });

  it("names an unknown model for forward, and advises a token's address (not its symbol) for a new vault", async function () {
    const unknown = `0x${"ee".repeat(32)}`;
    refused(
      await onNode(["rewards", "forward", "--model", unknown]),
      `error: model ${unknown} is not registered`,
      "forward",
    );
    refused(
      await onNode(["rewards", "deposit", "--model", unknown, "--amount", "1", "--token", "USDC"]),
      /add a vault for it with `npx hardhat datadividends deploy --token <its address>`$/,
      "deposit --token USDC",
    );
  });

  it("refuses a SEPOLIA_RPC_URL that reaches a development chain, before reading or sending anything", async function () {
    const run = await hardhat(["datadividends", "rewards", "claimable", "--network", "sepolia"], {
      env: {
        ...env,
        SEPOLIA_RPC_URL: node.url,
        SEPOLIA_PRIVATE_KEY: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      },
    });
    refused(
      run,
      `error: network "sepolia" is set to chain 11155111, but ${node.url} (SEPOLIA_RPC_URL) is chain 31337: point it at a node of chain 11155111, or use the network of chain 31337`,
      "a development node behind SEPOLIA_RPC_URL",
    );
    const malformed = await hardhat(["datadividends", "rewards", "claimable", "--network", "sepolia"], {
      env: {
        ...env,
        SEPOLIA_RPC_URL: "localhost:8545",
        SEPOLIA_PRIVATE_KEY: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      },
    });
    refused(malformed, 'error: SEPOLIA_RPC_URL: "localhost:8545": expected an http(s) URL', "a URL without its scheme");
  });

  it("names a file name that is not UTF-8, and a journal a link leads into /proc, instead of 'no such file' or a hang", async function () {
    // What Node hands a command for a name with a byte that is not UTF-8 (Latin-1 "café"): U+FFFD.
    refused(
      await onNode(["dataset", "register", "--manifest", join(work, "caf\uFFFD.json")]),
      /^error: --manifest ".*caf\uFFFD\.json" has bytes that are not UTF-8, which the command line cannot pass on: rename the file/,
      "a manifest name that is not UTF-8",
    );
    const link = join(work, "into-proc");
    await symlink("/proc/self", link);
    const run = await hardhat(
      ["datadividends", "dataset", "register", "--manifest", manifest, "--deployment-id", id, "--network", "localhost"],
      { env: { ...env, DATADIVIDENDS_JOURNAL: join(link, "journal.json") }, timeoutMs: 60_000 },
    );
    refused(
      run,
      /^error: the commitment journal \S+into-proc\/journal\.json is under \/proc \(a link leads to \/proc\/\d+\), not a folder for files; set DATADIVIDENDS_JOURNAL to a file in your project$/,
      "a journal through a link into /proc",
    );
  });
});
