/** The tasks as a user runs them: a real `hardhat` process, its output and its exit code. */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { hardhat } from "../../tools/hardhat-cli.js";
import { VECTOR_FILES, folderWith } from "../helpers/files.js";
import { inBatches } from "../helpers/cli.js";

/** `run` over `items`, three processes at a time (each is mostly a Node start-up), results in order. */
describe("hardhat tasks from the command line", function () {
  this.timeout(120_000);

  it("dataset hash prints a table and exits 0", async function () {
    const dir = await folderWith(VECTOR_FILES);
    const run = await hardhat(["datadividends", "dataset", "hash", dir]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/files\s+bytes\s+content hash/);
    expect(run.stdout).to.contain("0x2c307c6ba2bd738888b6aa061801c926c209dbf4b12ed1d2eb33a8a6f6d069b7");
  });

  it("fails with one readable line and exit code 1", async function () {
    const run = await hardhat(["datadividends", "dataset", "hash", "/nonexistent/dataset"]);
    expect(run.code).to.equal(1);
    expect(
      run.stderr
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("error:")),
    ).to.deep.equal(["error: cannot read /nonexistent/dataset: it does not exist or is not readable"]);
    expect(run.stderr).to.not.match(/\n\s+at /); // no stack trace
  });

  it("names the thing that is wrong, in one line with exit 1, for each message case a user hits", async function () {
    const empty = await mkdtemp(join(tmpdir(), "dd-empty-"));
    await writeFile(join(empty, ".hidden"), "x");
    const badJson = join(await mkdtemp(join(tmpdir(), "dd-addresses-")), "addresses.json");
    await writeFile(badJson, "{ not json");
    const cases: [string[], string][] = [
      [
        ["datadividends", "dataset", "register", "--manifest", "/nonexistent/m.json", "--network", "hardhat"],
        "error: cannot read manifest /nonexistent/m.json: no such file, or not readable",
      ],
      [
        ["datadividends", "dataset", "hash", empty],
        `error: ${empty} has no files to hash (hidden files are skipped; pass --include-hidden to count them)`,
      ],
      [
        ["datadividends", "dataset", "hash", empty, "--include-hidden", "--creators", "=x"],
        'error: creator "=x" is not "Name" or "Name=0xaccount:shares"',
      ],
      // The registry's rule, when the manifest is written (two creators with one account were once merged).
      [
        [
          "datadividends",
          "dataset",
          "hash",
          empty,
          "--include-hidden",
          "--creators",
          "A=0x70997970C51812dc3A010C7d01b50e0d17dc79C8:1,B=0x70997970c51812dc3a010c7d01b50e0d17dc79c8:2",
        ],
        "error: creators: contributor 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is listed twice",
      ],
      [
        ["datadividends", "dataset", "hash", empty, "--include-hidden", "--creators", `Z=0x${"00".repeat(20)}:1`],
        "error: creators: the zero address cannot be a contributor",
      ],
      [
        ["datadividends", "rewards", "claimable", "--addresses", badJson, "--network", "hardhat"],
        `error: the addresses file ${badJson} is not readable JSON`,
      ],
    ];
    const unreachable: [string[], string] = [
      ["datadividends", "rewards", "claimable", "--network", "localhost"],
      'error: cannot reach network "localhost" at http://127.0.0.1:9: is the node running? (its URL is set by LOCALHOST_URL)',
    ];
    cases.push(
      unreachable,
      [
        ["datadividends", "rewards", "claimable", "--network", "sepolia"],
        "error: SEPOLIA_PRIVATE_KEY: (hidden): expected a private key: 64 hex digits, 0x optional (it has 6 characters)",
      ],
      [
        ["datadividends", "deploy", "--token", "usdc", "--network", "hardhat"],
        'error: --token must be the address of an ERC-20, got "usdc"',
      ],
      [
        ["datadividends", "deploy", "--token", `0x${"00".repeat(19)}01`, "--network", "hardhat"],
        "error: --token 0x0000000000000000000000000000000000000001: there is no contract at that address on chain 31337",
      ],
    );
    const env = {
      LOCALHOST_URL: "http://127.0.0.1:9",
      SEPOLIA_RPC_URL: "http://127.0.0.1:9",
      SEPOLIA_PRIVATE_KEY: "0x1234",
    };
    const runs = await inBatches(cases, ([args]) => hardhat(args, { env }));
    for (const [i, [args, line]] of cases.entries()) {
      const run = runs[i];
      expect(run.code, args.join(" ")).to.equal(1);
      expect(
        run.stderr
          .trim()
          .split("\n")
          .filter((l) => l.startsWith("error:")),
      ).to.deep.equal([line]);
    }
  });

  it("deploys to the in-process network and says nothing was recorded", async function () {
    const run = await hardhat(["datadividends", "deploy", "--network", "hardhat"]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/RewardVault\s+0x[0-9a-fA-F]{40}/);
    expect(run.stdout).to.contain("in-process network: nothing was recorded");
  });

  it("documents every task's options in --help", async function () {
    const tasks: Record<string, string[]> = {
      "dataset register": [
        "--manifest",
        "--uri",
        "--contributors",
        "--tree",
        "--deadline",
        "--fallback",
        "--closed",
        "--salt",
        "--from",
        "--addresses",
      ],
      "model register": ["--artifact", "--card", "--manifests", "--usage", "--parent"],
      "rewards deposit": ["--model", "--amount", "--permit", "--token"],
      "dataset hash": [
        "--manifest",
        "--verify",
        "--name",
        "--creators",
        "--include-hidden",
        "--listing",
        "--write-listing",
        "--prefix",
      ],
      "dataset tree": ["--contributors", "--out", "--identity-salt"],
      "identity earnings": ["--handle", "--tree"],
      "identity attest": ["--handle", "--tree", "--account", "--out", "--valid-days"],
      "identity bind": ["--attestation", "--tree"],
      "rewards claim-tree": ["--tree", "--token"],
      "dataset sweep": ["--tree", "--index"],
      "rewards claimable": ["--account"],
      "rewards claim": ["--account"],
      "dataset move-share": ["--dataset", "--index", "--to"],
      "dataset retire": ["--dataset"],
      "dispute withdraw-bond": ["--to", "--reclaim"],
      "rewards sign-claim": ["--max-tip", "--token", "--valid-for", "--out"],
      "rewards relay": ["--claim", "--tip"],
      "rewards keeper": ["--claims", "--min-tip", "--max", "--dry-run"],
      deploy: ["--parameters", "--token", "--reset", "--deterministic", "--salt"],
    };
    const runs = await inBatches(Object.keys(tasks), (task) =>
      hardhat(["datadividends", ...task.split(" "), "--help"]),
    );
    for (const [i, [task, options]] of Object.entries(tasks).entries()) {
      const run = runs[i];
      expect(run.code, `${task}: ${run.stderr}`).to.equal(0);
      for (const option of options) expect(run.stdout, `${task} ${option}`).to.contain(option);
      // An option left out says what it means in words, never as an empty "(default: )".
      expect(run.stdout, task).to.not.contain("(default: )");
      expect(run.stdout.match(/\(default: [^)]*\) \(default:/), task).to.equal(null);
    }
  });
});
