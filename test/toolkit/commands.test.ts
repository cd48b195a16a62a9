import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { network } from "hardhat";

import { deployCommand } from "../../src/hardhat/commands/deploy.js";
import { formatDuration, hashCommand, progressText } from "../../src/hardhat/commands/hash.js";
import { registerDatasetCommand } from "../../src/hardhat/commands/register-dataset.js";
import { parseAmount, parseContributors, parseCreators, parseUsage } from "../../src/hardhat/parse.js";
import { registerModelCommand } from "../../src/hardhat/commands/register-model.js";
import { flagCommand, resolveDisputeCommand, showDisputeCommand } from "../../src/hardhat/commands/disputes.js";
import { claimCommand, claimableCommand, depositCommand, forwardCommand } from "../../src/hardhat/commands/rewards.js";
import { clientFor, pickSigner, type CommandContext } from "../../src/hardhat/context.js";
import { readDeployment } from "../../src/hardhat/deployment.js";
import { FileJournal } from "../../src/node/journal.js";
import { formatAmount, memoryIo, table } from "../../src/hardhat/io.js";
import { runCommand, UsageError } from "../../src/hardhat/run.js";
import { readCatalogue } from "../../src/hardhat/seeds.js";
import { hashDataset } from "../../src/node/hashing.js";
import { HASH_DEFAULTS, runInProcess } from "../helpers/cli.js";
import { VECTOR_FILES, folderWith } from "../helpers/files.js";
import { hashOf } from "../helpers/fixtures.js";
import { MockERC20__factory, RebasingToken__factory, RewardVault__factory } from "../../typechain-types/index.js";

const connection = await network.create();
const { ethers } = connection;
const signers = await ethers.getSigners();
const [admin, alice, bob, , , , , modelOwner] = signers;

const run = runInProcess;
/** `dispute resolve`'s options for a share-tree ruling, unset. */
const NO_TREE = { tree: "", deadline: "", fallback: "", closed: false };

describe("dataset hash progress", function () {
  it("says files, MiB (of the total where known), both rates and the time left", function () {
    const p = {
      filesDone: 1234,
      filesTotal: 20000,
      bytesDone: 10n * 2n ** 20n,
      elapsedMs: 2000,
      bytesPerSecond: 5 * 2 ** 20,
      filesPerSecond: 617,
    };
    expect(progressText({ ...p, bytesTotal: 40n * 2n ** 20n, etaMs: 125_000 })).to.equal(
      "hashing 1234/20000 files, 10.0 of 40.0 MiB, 5 MiB/s, 617 files/s, about 2 min 5 s left",
    );
    expect(progressText(p)).to.equal("hashing 1234/20000 files, 10.0 MiB, 5 MiB/s, 617 files/s");
    expect([0, 59_400, 60_000, 3_725_000].map(formatDuration)).to.deep.equal(["0 s", "59 s", "1 min 0 s", "1 h 2 min"]);
  });
});

describe("task commands (in-process network)", function () {
  let work: string;
  let ctxOf: (io: ReturnType<typeof memoryIo>, signer?: (typeof signers)[number]) => CommandContext;
  let manifestPath: string;
  let datasetId: string;
  let modelId: string;

  before(async function () {
    work = await mkdtemp(join(tmpdir(), "dd-commands-"));
    process.env.DATADIVIDENDS_JOURNAL = join(work, "commitments.json");
    const { lines } = await run(async (io) => {
      const addresses = await deployCommand({ parameters: "ignition/parameters/hardhat.json" }, connection, io);
      ctxOf = (i, signer = admin) => ({
        ethers,
        networkName: connection.networkName,
        chainId: 31337n,
        signer,
        io: i,
        addresses,
      });
    });
    expect(lines.join("\n")).to.match(/RewardVault\s+0x[0-9a-fA-F]{40}/);
    expect(lines.at(-1)).to.match(/in-process network: nothing was recorded/);
  });

  it("dataset hash prints the content hash and writes a manifest; --verify checks it", async function () {
    const dir = await folderWith(VECTOR_FILES);
    manifestPath = join(work, "sample.json");
    const hashed = await run((io) =>
      hashCommand(
        {
          ...HASH_DEFAULTS,
          path: dir,
          manifest: manifestPath,
          name: "sample",
          license: "CC0-1.0",
          creators: `Alice=${alice.address}:3,Bob=${bob.address}:1`,
        },
        io,
      ),
    );
    expect(hashed.result.success).to.equal(true);
    expect(hashed.lines[2]).to.match(/^\S+\s+3\s+29\s+0x2c307c6b/);
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { creator: { name: string }[] };
    expect(manifest.creator.map((c) => c.name)).to.deep.equal(["Alice", "Bob"]);

    const ok = await run((io) => hashCommand({ ...HASH_DEFAULTS, path: dir, verify: manifestPath }, io));
    expect(ok.lines[0]).to.match(/matches .*sample\.json: 3 files, content hash 0x2c307c6b/);
    await writeFile(join(dir, "README.md"), "changed");
    const bad = await run((io) => hashCommand({ ...HASH_DEFAULTS, path: dir, verify: manifestPath }, io));
    expect(bad.result.success).to.equal(false);
    expect(bad.lines.join("\n")).to.match(/README\.md\s+changed/);
    const changedRoot = (await hashDataset(dir)).root;
    expect(bad.errors).to.deep.equal([
      `error: 1 file(s) differ from ${manifestPath} (content hash ${changedRoot}, manifest says 0x2c307c6ba2bd738888b6aa061801c926c209dbf4b12ed1d2eb33a8a6f6d069b7)`,
    ]);
  });

  it("dataset register registers from the manifest's creators, then reports it done", async function () {
    const first = await run(async (io) => {
      datasetId = await registerDatasetCommand(
        {
          manifest: manifestPath,
          uri: "ipfs://sample",
          contributors: "",
          salt: "",
          tree: "",
          deadline: "",
          fallback: "",
          closed: false,
        },
        ctxOf(io, alice),
      );
    });
    expect(first.result.success, first.errors.join()).to.equal(true);
    expect(first.lines[2]).to.match(new RegExp(`^sample\\s+${datasetId}\\s+${alice.address}\\s+registered$`));
    // The salt is shown (and journaled) before the commit is paid for; the journal is empty once revealed.
    expect(first.errors.join("\n")).to.match(/committing \(salt 0x[0-9a-f]{64}\)/);
    expect(await new FileJournal().entries()).to.deep.equal([]);
    const again = await run((io) =>
      registerDatasetCommand(
        {
          manifest: manifestPath,
          uri: "ipfs://sample",
          contributors: "",
          salt: "",
          tree: "",
          deadline: "",
          fallback: "",
          closed: false,
        },
        ctxOf(io, alice),
      ),
    );
    expect(again.lines[2]).to.match(/already-registered$/);
    const other = await run((io) =>
      registerDatasetCommand(
        {
          manifest: manifestPath,
          uri: "ipfs://sample",
          contributors: "",
          salt: "",
          tree: "",
          deadline: "",
          fallback: "",
          closed: false,
        },
        ctxOf(io, bob),
      ),
    );
    expect(other.errors).to.deep.equal([`error: dataset ${datasetId} is already registered by ${alice.address}`]);
    const none = await run((io) =>
      registerDatasetCommand(
        { manifest: "", uri: "", contributors: "", salt: "", tree: "", deadline: "", fallback: "", closed: false },
        ctxOf(io),
      ),
    );
    expect(none.errors[0]).to.match(/^error: --manifest is required/);
  });

  it("model register declares usage from a model card and manifests, or from a list", async function () {
    const card = join(work, "card.md");
    await writeFile(card, "---\ndatasets:\n  - someone/sample\n---\n# card\n");
    const fromCard = await run(async (io) => {
      modelId = await registerModelCommand(
        {
          artifact: ethers.id("weights"),
          uri: "hf://m",
          card,
          manifests: manifestPath,
          usage: "",
          parent: "",
          parentWeight: "",
          royalty: "",
        },
        ctxOf(io, modelOwner),
      );
    });
    expect(fromCard.result.success, fromCard.errors.join()).to.equal(true);
    expect(fromCard.lines[0]).to.equal(`model ${modelId} (registered)`);
    expect(fromCard.lines[3]).to.match(new RegExp(`^${datasetId}\\s+1\\s+100\\.00%$`));
    const fromList = await run((io) =>
      registerModelCommand(
        {
          artifact: manifestPath,
          uri: "hf://m2",
          card: "",
          manifests: "",
          usage: `${datasetId}:7`,
          parent: modelId,
          parentWeight: "3",
          royalty: "1000",
        },
        ctxOf(io, modelOwner),
      ),
    );
    expect(fromList.result.success, fromList.errors.join()).to.equal(true);
    // The fine-tune's table lists its parent edge beside its dataset: 7 + 3.
    expect(fromList.lines.at(-1)).to.match(new RegExp(`^parent ${modelId}\\s+3\\s+30\\.00%$`));
    const missing = await run((io) =>
      registerModelCommand(
        {
          artifact: ethers.id("w"),
          uri: "hf://x",
          card: "",
          manifests: "",
          usage: "",
          parent: "",
          parentWeight: "",
          royalty: "",
        },
        ctxOf(io),
      ),
    );
    expect(missing.errors[0]).to.match(/^error: say which datasets the model used/);
    const badUsage = await run((io) =>
      registerModelCommand(
        {
          artifact: ethers.id("w"),
          uri: "hf://x",
          card: "",
          manifests: "",
          usage: "0x12:1",
          parent: "",
          parentWeight: "",
          royalty: "",
        },
        ctxOf(io),
      ),
    );
    expect(badUsage.errors[0]).to.equal('error: dataset "0x12:1" does not start with a 32-byte dataset ID');
  });

  it("rewards deposit, rewards claimable and rewards claim move and report the money", async function () {
    const dd = await clientFor(ctxOf(memoryIo()));
    await dd.token.transfer(modelOwner.address, 1000n * 10n ** 18n);
    const dep = await run((io) =>
      depositCommand({ model: modelId, amount: "12.5", permit: false }, ctxOf(io, modelOwner)),
    );
    expect(dep.lines).to.deep.equal([
      `deposited 12.5 DDR into model ${modelId} (pool total 12.5 DDR; 2 transaction(s))`,
    ]);
    const withPermit = await run((io) =>
      depositCommand({ model: modelId, amount: "7.5", permit: true }, ctxOf(io, modelOwner)),
    );
    expect(withPermit.lines[0]).to.match(/pool total 20 DDR; 1 transaction/);

    const owed = await run((io) => claimableCommand({ account: alice.address }, ctxOf(io)));
    expect(owed.lines.at(-1)).to.equal(`total claimable by ${alice.address}: 15 DDR`);
    const paid = await run((io) => claimCommand({ account: alice.address }, ctxOf(io, bob)));
    expect(paid.lines).to.deep.equal([
      // The fine-tune below this model owes nothing yet, so no forward is sent.
      `paid 15 DDR to ${alice.address} for 1 edge(s) in 1 transaction(s)`,
    ]);
    const nothing = await run((io) => claimCommand({ account: alice.address }, ctxOf(io)));
    expect(nothing.lines).to.deep.equal([`nothing to claim for ${alice.address}`]);
    const stranger = signers[12];
    const empty = await run((io) => claimableCommand({ account: "" }, ctxOf(io, stranger)));
    expect(empty.lines).to.deep.equal([`${stranger.address} holds no share of any dataset a model declared`]);
  });

  it("rewards forward moves a fine-tune's royalty; dataset flag, dispute show and dispute resolve contest a dataset", async function () {
    let tune = "";
    const registered = await run(async (io) => {
      tune = await registerModelCommand(
        {
          artifact: ethers.id("tune"),
          uri: "hf://tune",
          card: "",
          manifests: "",
          usage: `${datasetId}:3`,
          parent: modelId,
          parentWeight: "1",
          royalty: "",
        },
        ctxOf(io, modelOwner),
      );
    });
    expect(registered.result.success, registered.errors.join()).to.equal(true);
    await run((io) => depositCommand({ model: tune, amount: "8", permit: false }, ctxOf(io, modelOwner)));
    const forwarded = await run((io) => forwardCommand({ model: tune }, ctxOf(io, bob)));
    expect(forwarded.lines).to.deep.equal([`forwarded 2 DDR from ${tune} to its parent ${modelId}`]);
    const again = await run((io) => forwardCommand({ model: tune }, ctxOf(io, bob)));
    expect(again.lines).to.deep.equal([`nothing to forward from ${tune} to its parent ${modelId}`]);
    const orphan = await run((io) => forwardCommand({ model: modelId }, ctxOf(io)));
    expect(orphan.errors).to.deep.equal([`error: model ${modelId} has no parent`]);

    // Its registrant may not flag it; an outsider may.
    const byParty = await run((io) =>
      flagCommand({ dataset: datasetId, reason: "junkdata", evidence: "ipfs://evidence" }, ctxOf(io, alice)),
    );
    expect(byParty.errors[0]).to.match(/is the registrant of dataset 0x[0-9a-f]{64} and cannot flag it/);
    const challenger = signers[13];
    const flagged = await run((io) =>
      flagCommand({ dataset: datasetId, reason: "junkdata", evidence: "ipfs://evidence" }, ctxOf(io, challenger)),
    );
    expect(flagged.result.success, flagged.errors.join()).to.equal(true);
    expect(flagged.lines[0]).to.match(
      /^flagged 0x[0-9a-f]{64} \(JunkData\) with a bond of 0\.1 ETH \(forfeited to no one unless a ruling upholds it\); frozen until /,
    );
    const shown = await run((io) => showDisputeCommand({ dataset: datasetId }, ctxOf(io)));
    expect(shown.lines.join("\n"))
      .to.match(/status\s+frozen/)
      .and.to.match(new RegExp(`challenger\\s+${challenger.address}`));
    const twice = await run((io) =>
      flagCommand({ dataset: datasetId, reason: "Other", evidence: "ipfs://e" }, ctxOf(io, challenger)),
    );
    expect(twice.errors[0]).to.match(/already posted a bond on dispute 1 of /);

    const resolve = (ruling: string, signer = admin, holders = "") =>
      run((io) =>
        resolveDisputeCommand(
          { ...NO_TREE, dataset: datasetId, ruling, holders, registrant: "", dispute: "", evidence: "" },
          ctxOf(io, signer),
        ),
      );
    expect((await resolve("uphold")).errors).to.deep.equal([
      "error: --holders is required to uphold: the rightful holder of each share slot, comma-separated (a share-tree dataset: --tree and --registrant)",
    ]);
    expect((await resolve("maybe")).errors).to.deep.equal([
      'error: --ruling must be dismiss, uphold, appeal, execute or expire, got "maybe"',
    ]);
    expect((await resolve("dismiss", bob)).errors[0]).to.match(/does not hold the arbiter role/);
    expect((await resolve("expire")).errors[0]).to.match(/can be ended by anyone from /);
    expect((await resolve("uphold", admin, `${bob.address},${alice.address},${bob.address}`)).errors[0]).to.match(
      /has 2 share slot\(s\); name a holder for each, got 3/,
    );
    const dismissed = await resolve("dismiss");
    expect(dismissed.lines).to.deep.equal([
      `dismissed the flag on ${datasetId}: unfrozen, the bonds forfeited; its next flag costs twice the bond`,
    ]);
    const after = await run((io) => showDisputeCommand({ dataset: datasetId }, ctxOf(io)));
    expect(after.lines.join("\n"))
      .to.match(/status\s+active/)
      .and.to.match(/dispute\s+1 \(dismissed\)/);
    expect((await resolve("dismiss")).errors).to.deep.equal([
      `error: dismissFlag: dispute 1 on ${datasetId} is dismissed: this step does not apply to a dispute in that state (DisputeNotOpen)`,
    ]);
    const badReason = await run((io) => flagCommand({ dataset: datasetId, reason: "spite", evidence: "x" }, ctxOf(io)));
    expect(badReason.errors[0]).to.match(/^error: --reason must be one of Other, NotTheOwner/);
  });

  it("turns bad input and contract refusals into one line and a failed result", async function () {
    const cases: [Promise<unknown> | (() => Promise<unknown>), string][] = [
      [
        () => depositCommand({ model: "0x1", amount: "1", permit: false }, ctxOf(memoryIo())),
        'error: --model "0x1": expected a 32-byte model ID (0x and 64 hex digits)',
      ],
      [
        () => depositCommand({ model: ethers.id("m"), amount: "1.5x", permit: false }, ctxOf(memoryIo())),
        'error: amount "1.5x" is not a positive decimal number',
      ],
      [
        () => depositCommand({ model: ethers.id("m"), amount: "0", permit: false }, ctxOf(memoryIo())),
        "error: the amount must be more than zero",
      ],
      [
        () => depositCommand({ model: ethers.id("m"), amount: "1", permit: false }, ctxOf(memoryIo())),
        `error: model ${ethers.id("m")} is not registered`,
      ],
      [
        () => claimableCommand({ account: "bob" }, ctxOf(memoryIo())),
        'error: --account "bob": expected an address (0x and 40 hex digits)',
      ],
    ];
    for (const [fn, expected] of cases) {
      const io = memoryIo();
      const result = await runCommand(io, async () => {
        await (fn as () => Promise<unknown>)();
      });
      expect(result).to.deep.equal({ success: false, error: expected.slice("error: ".length) });
      expect(io.errors).to.deep.equal([expected]);
    }
  });

  it("parses the command-line lists and amounts, naming what is wrong", function () {
    expect(parseContributors(`${alice.address}:3, ${bob.address}`)).to.deep.equal([
      { account: alice.address, shares: 3n },
      { account: bob.address, shares: 1n },
    ]);
    expect(() => parseContributors("alice:1")).to.throw(
      UsageError,
      'contributor "alice:1" does not start with an address',
    );
    expect(() => parseContributors(`${alice.address}:0`)).to.throw(
      UsageError,
      "must be a whole number from 1 to 4294967295",
    );
    expect(parseUsage(`${hashOf("a")}:70,${hashOf("b")}`)).to.deep.equal([
      { dataset: hashOf("a"), weight: 70n },
      { dataset: hashOf("b"), weight: 1n },
    ]);
    expect(() => parseUsage("0x12:1")).to.throw(
      UsageError,
      'dataset "0x12:1" does not start with a 32-byte dataset ID',
    );
    expect(() => parseUsage(`${hashOf("a")}:4294967296`)).to.throw(UsageError, "weight of");
    expect(parseCreators("")).to.deep.equal([]);
    expect(parseCreators(`Ada Lovelace=${alice.address}:2, Plain`)).to.deep.equal([
      { name: "Ada Lovelace", account: alice.address, shares: 2 },
      { name: "Plain" },
    ]);
    expect(() => parseCreators("=x")).to.throw(UsageError, 'creator "=x" is not "Name" or "Name=0xaccount:shares"');
    expect(parseAmount("12.5", 6)).to.equal(12_500_000n);
    expect(() => parseAmount("0.0000001", 6)).to.throw("has more than 6 decimals");
    expect(formatAmount(15n * 10n ** 18n, 18)).to.equal("15");
    expect(
      table(
        ["a", "n"],
        [
          ["x", 5n],
          ["yy", 10],
        ],
      ),
    ).to.equal("a    n\n--  --\nx    5\nyy  10");
  });

  it("picks signers by index or address, and reads deployment records or says what to do", async function () {
    expect((await pickSigner(ethers, "")).address).to.equal(admin.address);
    expect((await pickSigner(ethers, "1")).address).to.equal(alice.address);
    expect((await pickSigner(ethers, bob.address.toLowerCase())).address).to.equal(bob.address);
    await expectUsage(pickSigner(ethers, "99"), "--from 99: this network has only 20 accounts");
    await expectUsage(
      pickSigner(ethers, "0x0000000000000000000000000000000000000001"),
      "is not one of this network's accounts",
    );

    await expectUsage(
      readDeployment({ chainId: 999n, root: work }),
      `no DataDividends deployment for chain 999 in ${work}/chain-999`,
    );
    const dir = join(work, "chain-5");
    await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
    await writeFile(
      join(dir, "deployed_addresses.json"),
      JSON.stringify({ "DataRewardToken#DataRewardToken": alice.address }),
    );
    await expectUsage(
      readDeployment({ chainId: 5n, root: work }),
      "is incomplete (missing DatasetRegistry#DatasetRegistry",
    );
    const file = join(work, "addresses.json");
    await writeFile(file, JSON.stringify({ token: alice.address, datasets: alice.address, models: alice.address }));
    await expectUsage(readDeployment({ chainId: 5n, file }), `${file}: vault is missing: expected an address`);
    await expectUsage(readDeployment({ chainId: 5n, file: join(work, "none.json") }), "cannot read the addresses file");
    // An addresses file that points at nothing is named, with the chain it was read on.
    await writeFile(
      file,
      JSON.stringify({ token: alice.address, datasets: alice.address, models: alice.address, vault: bob.address }),
    );
    const ctx = { ...ctxOf(memoryIo()), addresses: undefined, addressesFile: file };
    await expectUsage(clientFor(ctx), `no contract at the vault ${bob.address} of ${file} on chain`);
  });

  it("reads the seed catalogue, resolving folders against it", async function () {
    const entries = await readCatalogue("seeds/datasets.json");
    expect(entries.map((e) => e.directory)).to.deep.equal([
      "seeds/datasets/city-air-quality",
      "seeds/datasets/product-reviews-sentiment",
      "seeds/datasets/wildflower-observations",
    ]);
    await expectUsage(readCatalogue(join(work, "none.json")), "cannot read the dataset catalogue");
  });
});

async function expectUsage(promise: Promise<unknown>, fragment: string) {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(UsageError);
    expect((error as Error).message).to.contain(fragment);
    return;
  }
  expect.fail(`expected a UsageError containing "${fragment}"`);
}

describe("deploy --token (in-process network)", function () {
  it("refuses a token whose balances change by themselves, before sending anything", async function () {
    const fresh = await network.create();
    const [deployer] = await fresh.ethers.getSigners();
    const rebasing = await new RebasingToken__factory(deployer).deploy();
    const nonce = await fresh.ethers.provider.getTransactionCount(deployer.address);
    const io = memoryIo();
    const token = await rebasing.getAddress();
    const result = await runCommand(io, async () => {
      await deployCommand({ parameters: "ignition/parameters/hardhat.json", token }, fresh, io);
    });
    expect(result.success).to.equal(false);
    expect(io.errors).to.have.length(1);
    expect(io.errors[0]).to.match(
      /^error: --token REB \(0x[0-9a-fA-F]{40}\) answers sharesOf\(address\), the mark of a token whose balances change by themselves/,
    );
    expect(await fresh.ethers.provider.getTransactionCount(deployer.address), "nothing was sent").to.equal(nonce);
  });

  it("gives a new token's vault the registries' admin, not the deployer", async function () {
    const fresh = await network.create();
    const [, , , , , , multisig] = await fresh.ethers.getSigners();
    const usdc = await new MockERC20__factory((await fresh.ethers.getSigners())[0]).deploy("USDC", 6);
    const dir = await mkdtemp(join(tmpdir(), "dd-vault-admin-"));
    const parameters = join(dir, "parameters.json");
    await writeFile(
      parameters,
      JSON.stringify({
        $global: { adminDelay: 0 },
        DatasetRegistry: { commitDelay: 0, admin: multisig.address },
        DataRewardToken: { initialMint: "1000n" },
      }),
    );
    const io = memoryIo();
    let addresses: Awaited<ReturnType<typeof deployCommand>> | undefined;
    const result = await runCommand(io, async () => {
      addresses = await deployCommand({ parameters, token: await usdc.getAddress() }, fresh, io);
    });
    expect(result.success, io.errors.join()).to.equal(true);
    const vault = RewardVault__factory.connect(addresses!.vaults![0].vault, fresh.ethers.provider);
    expect(await vault.defaultAdmin()).to.equal(multisig.address);
  });
});
