/**
 * The crowd tasks, run as the tasks run them (in-process network): `dataset tree`, `dataset register --tree`,
 * `identity earnings|attest|bind|complete|veto`, `rewards claim-tree` and `dataset sweep`, each failure one line.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { Wallet, ZeroHash, id as keccakLabel } from "ethers";
import { network } from "hardhat";

import {
  attestCommand,
  bindCommand,
  claimTreeCommand,
  completeCommand,
  earningsCommand,
  sweepCommand,
  treeCommand,
  vetoCommand,
} from "../../src/hardhat/commands/crowd.js";
import { deployCommand } from "../../src/hardhat/commands/deploy.js";
import { hashCommand } from "../../src/hardhat/commands/hash.js";
import { registerDatasetCommand } from "../../src/hardhat/commands/register-dataset.js";
import { registerModelCommand } from "../../src/hardhat/commands/register-model.js";
import { flagCommand, resolveDisputeCommand } from "../../src/hardhat/commands/disputes.js";
import { depositCommand } from "../../src/hardhat/commands/rewards.js";
import type { CommandContext } from "../../src/hardhat/context.js";
import { type memoryIo } from "../../src/hardhat/io.js";
import { writeContributorsCsv } from "../../src/node/share-tree-file.js";
import { DatasetRegistry__factory, ShareTrees__factory } from "../../typechain-types/index.js";
import { HASH_DEFAULTS, runInProcess } from "../helpers/cli.js";
import { VECTOR_FILES, folderWith } from "../helpers/files.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const [admin, alice, bob, carol, stranger, , , modelOwner] = await ethers.getSigners();

const run = runInProcess;

describe("crowd tasks (in-process network)", function () {
  let work: string;
  let ctxOf: (io: ReturnType<typeof memoryIo>, signer?: typeof admin) => CommandContext;
  let treePath: string;
  let dataset: string;
  let paidModel: string;
  let shareTreesAt: string;

  before(async function () {
    work = await mkdtemp(join(tmpdir(), "dd-crowd-cmd-"));
    process.env.DATADIVIDENDS_JOURNAL = join(work, "commitments.json");
    await run(async (io) => {
      const addresses = await deployCommand({ parameters: "ignition/parameters/hardhat.json" }, connection, io);
      ctxOf = (i, signer = admin) => ({
        ethers,
        networkName: connection.networkName,
        chainId: 31337n,
        signer,
        io: i,
        addresses,
      });
      const registry = DatasetRegistry__factory.connect(addresses.datasets, admin);
      await registry.grantRole(keccakLabel("ATTESTER_ROLE"), carol.address);
      shareTreesAt = await registry.shareTrees();
    });
  });
  after(async function () {
    delete process.env.DATADIVIDENDS_JOURNAL;
    await rm(work, { recursive: true, force: true });
  });

  it("dataset tree writes <root>.sharetree and says how to register it; a bad row is one line", async function () {
    const csv = join(work, "contributors.csv");
    await writeContributorsCsv(csv, [
      { holder: bob.address, shares: 2 },
      { holder: "hf:carol-h", shares: 3 },
      { holder: "github:dan", shares: 5 },
    ]);
    const built = await run((io) => treeCommand({ contributors: csv, out: "", identitySalt: "" }, io));
    expect(built.result.success, built.errors.join()).to.equal(true);
    expect(built.lines[2]).to.match(/^0x[0-9a-f]{64}\s+3\s+1\s+2\s+10\s+\S+\.sharetree$/);
    treePath = built.lines[2].split(/\s+/).at(-1)!;
    expect(built.errors.join()).to.match(/publish the tree file beside the manifest/);

    const bad = join(work, "bad.csv");
    await writeFile(bad, "holder,shares\nhf:a,1\nalice,2\n");
    const refused = await run((io) => treeCommand({ contributors: bad, out: "", identitySalt: "" }, io));
    expect(refused.result.success).to.equal(false);
    expect(refused.errors).to.deep.equal([
      `error: ${bad}: row 2: holder "alice": has no namespace: write it as hf:…, github:…, orcid:…, email:…`,
    ]);
    expect((await readdir(work)).filter((f) => f.endsWith(".sharetree"))).to.have.length(1);
  });

  it("registers the dataset with its tree, and a model pays it", async function () {
    const dir = await folderWith(VECTOR_FILES);
    const manifest = join(work, "crowd.json");
    await run((io) => hashCommand({ ...HASH_DEFAULTS, path: dir, manifest, name: "crowd", license: "CC0-1.0" }, io));
    const registered = await run(async (io) => {
      dataset = await registerDatasetCommand(
        {
          manifest,
          uri: "ipfs://crowd",
          contributors: "",
          salt: "",
          tree: treePath,
          deadline: "30",
          fallback: stranger.address,
          closed: false,
        },
        ctxOf(io, alice),
      );
    });
    expect(registered.result.success, registered.errors.join()).to.equal(true);
    const both = await run((io) =>
      registerDatasetCommand(
        {
          manifest,
          uri: "ipfs://crowd",
          contributors: `${bob.address}:1`,
          salt: "",
          tree: treePath,
          deadline: "",
          fallback: "",
          closed: false,
        },
        ctxOf(io, alice),
      ),
    );
    expect(both.errors).to.deep.equal([
      "error: give --tree (a share tree's slots) or --contributors (a list), not both",
    ]);
    await networkHelpers.mine(100);
    const model = await run((io) =>
      registerModelCommand(
        {
          artifact: keccakLabel("crowd-model"),
          uri: "ipfs://card",
          card: "",
          manifests: "",
          usage: `${dataset}:1`,
          parent: "",
          parentWeight: "",
          royalty: "",
        },
        ctxOf(io, modelOwner),
      ),
    );
    expect(model.result.success, model.errors.join()).to.equal(true);
    const modelId = /0x[0-9a-f]{64}/.exec(model.lines.join("\n"))![0];
    paidModel = modelId;
    const paid = await run((io) => depositCommand({ model: modelId, amount: "100", permit: false }, ctxOf(io, admin)));
    expect(paid.result.success, paid.errors.join()).to.equal(true);
  });

  it("identity earnings shows what a handle earned before it has a wallet", async function () {
    const shown = await run((io) => earningsCommand({ handle: "GitHub:Dan", tree: treePath }, ctxOf(io)));
    expect(shown.result.success, shown.errors.join()).to.equal(true);
    expect(shown.lines.join("\n")).to.match(/\s2\s+5 of 10\s+50(\.0+)? DDR\s+unbound/);
    expect(shown.lines.join("\n")).to.match(/ask an attester to bind your handle to a wallet/);
    const address = await run((io) => earningsCommand({ handle: bob.address, tree: treePath }, ctxOf(io)));
    expect(address.errors[0]).to.match(/--handle: .* is an address/);
  });

  it("identity attest, bind, veto and complete bind a handle, and its wallet is paid all it earned", async function () {
    const wallet = Wallet.createRandom().address;
    const out = join(work, "dan.json");
    const signed = await run((io) =>
      attestCommand({ handle: "github:dan", tree: treePath, account: wallet, out, validDays: "7" }, ctxOf(io, carol)),
    );
    expect(signed.result.success, signed.errors.join()).to.equal(true);
    expect(JSON.parse(await readFile(out, "utf8"))).to.have.length(1);
    const bound = await run((io) => bindCommand({ attestation: out, tree: treePath }, ctxOf(io, stranger)));
    expect(bound.result.success, bound.errors.join()).to.equal(true);
    expect(bound.lines[0]).to.match(/slot 2 of 0x[0-9a-f]{64}: binding to 0x[0-9a-fA-F]{40} takes effect at/);
    const vetoed = await run((io) => vetoCommand({ dataset, index: "2" }, ctxOf(io, alice)));
    expect(vetoed.result.success, vetoed.errors.join()).to.equal(true);
    const replay = await run((io) => bindCommand({ attestation: out, tree: treePath }, ctxOf(io, stranger)));
    expect(replay.errors[0]).to.match(
      /attempt 0 .* which is at attempt 1 \(used or vetoed\): ask the attester for a new one \(AttestationReplayed\)/,
    );

    await run((io) =>
      attestCommand({ handle: "github:dan", tree: treePath, account: wallet, out, validDays: "7" }, ctxOf(io, carol)),
    );
    await run((io) => bindCommand({ attestation: out, tree: treePath }, ctxOf(io, stranger)));
    const early = await run((io) => completeCommand({ dataset, index: "2" }, ctxOf(io, stranger)));
    expect(early.errors[0]).to.match(/can be completed at .*, not before \(BindingNotReady\)/);
    await networkHelpers.time.increase(13n * 86_400n);
    const done = await run((io) => completeCommand({ dataset, index: "2" }, ctxOf(io, stranger)));
    expect(done.result.success, done.errors.join()).to.equal(true);
    const after = await run((io) => earningsCommand({ handle: "github:dan", tree: treePath }, ctxOf(io)));
    expect(after.lines.join("\n")).to.match(/bound/);
  });

  it("rewards claim-tree proves and claims the signer's address slot in one transaction", async function () {
    const claimed = await run((io) => claimTreeCommand({ tree: treePath, token: "" }, ctxOf(io, bob)));
    expect(claimed.result.success, claimed.errors.join()).to.equal(true);
    expect(claimed.lines[0]).to.match(
      /claimed 20(\.0+)? DDR for slot\(s\) 0 of 0x[0-9a-f]{64} \(proved 0 in the same transaction\)/,
    );
    const stray = await run((io) => claimTreeCommand({ tree: treePath, token: "" }, ctxOf(io, stranger)));
    expect(stray.errors[0]).to.match(/holds no slot in dataset/);
  });

  it("dataset sweep hands an unbound slot to the fallback after the deadline, refused before", async function () {
    const early = await run((io) => sweepCommand({ tree: treePath, index: "1" }, ctxOf(io, stranger)));
    expect(early.errors[0]).to.match(/can be swept after .* \(SweepTooEarly\)/);
    await networkHelpers.time.increase(31n * 86_400n);
    const swept = await run((io) => sweepCommand({ tree: treePath, index: "1" }, ctxOf(io, stranger)));
    expect(swept.result.success, swept.errors.join()).to.equal(true);
    const bad = await run((io) => sweepCommand({ tree: treePath, index: "one" }, ctxOf(io, stranger)));
    expect(bad.errors).to.deep.equal(['error: --index takes slot numbers "3,17,…", got "one"']);
  });

  it("dispute resolve --tree replaces a squatted crowd dataset's tree; claim-tree then pays the rightful holder", async function () {
    // The rightful tree: slot 0 is Alice's, not Bob's; the written slots (0 proven, 1 swept) keep their shares.
    const folder = await mkdtemp(join(work, "rightful-"));
    const tree = async (name: string, rows: { holder: string; shares: number }[]) => {
      const csv = join(folder, `${name}.csv`);
      await writeContributorsCsv(csv, rows);
      const built = await run((io) => treeCommand({ contributors: csv, out: "", identitySalt: "" }, io));
      expect(built.result.success, built.errors.join()).to.equal(true);
      return built.lines[2].split(/\s+/).at(-1)!;
    };
    const rightful = await tree("rightful", [
      { holder: alice.address, shares: 2 },
      { holder: "hf:carol-h", shares: 3 },
      { holder: "github:dan", shares: 5 },
    ]);
    const reshared = await tree("reshared", [
      { holder: alice.address, shares: 3 },
      { holder: "hf:carol-h", shares: 3 },
      { holder: "github:dan", shares: 4 },
    ]);
    const flagged = await run((io) =>
      flagCommand({ dataset, reason: "NotTheOwner", evidence: "ipfs://evidence" }, ctxOf(io, stranger)),
    );
    expect(flagged.result.success, flagged.errors.join()).to.equal(true);
    const resolve = (ruling: string, over: Record<string, string> = {}) =>
      run((io) =>
        resolveDisputeCommand(
          {
            dataset,
            ruling,
            holders: "",
            registrant: alice.address,
            dispute: "",
            evidence: "",
            tree: "",
            deadline: "",
            fallback: "",
            closed: false,
            ...over,
          },
          ctxOf(io, admin),
        ),
      );
    const changed = await resolve("uphold", { tree: reshared });
    expect(changed.errors).to.have.length(1);
    expect(changed.errors[0]).to.match(
      /^error: slot 0 of 0x[0-9a-f]{64} was written with 2 share\(s\), and the replacement tree gives it 3: a written slot keeps its shares$/,
    );
    const trees = ShareTrees__factory.connect(shareTreesAt, admin);
    expect(await trees.replacementOf(dataset, 1n)).to.equal(ZeroHash); // nothing sent
    const both = await resolve("uphold", { tree: rightful, holders: bob.address });
    expect(both.errors).to.deep.equal([
      "error: --holders and --tree exclude each other: a share-tree dataset lists none",
    ]);
    const upheld = await resolve("uphold", { tree: rightful });
    expect(upheld.result.success, upheld.errors.join()).to.equal(true);
    expect(upheld.lines[0]).to.match(/^upheld the flag on 0x[0-9a-f]{64} with tree 0x[0-9a-f]{64} \(3 slots\)/);
    await networkHelpers.time.increase(12n * 86_400n);
    const executed = await resolve("execute");
    expect(executed.result.success, executed.errors.join()).to.equal(true);
    const paid = await run((io) => depositCommand({ model: paidModel, amount: "50", permit: false }, ctxOf(io, admin)));
    expect(paid.result.success, paid.errors.join()).to.equal(true);
    // Bob's tree is no longer the dataset's; Alice proves slot 0 under the rightful one and is paid what it earned
    // since Bob's claim (2/10 of the 50 paid in after it).
    const stale = await run((io) => claimTreeCommand({ tree: treePath, token: "" }, ctxOf(io, bob)));
    expect(stale.errors[0]).to.match(/: no dataset of this deployment is registered with the tree 0x[0-9a-f]{64}$/);
    const claimed = await run((io) => claimTreeCommand({ tree: rightful, token: "" }, ctxOf(io, alice)));
    expect(claimed.result.success, claimed.errors.join()).to.equal(true);
    expect(claimed.lines[0]).to.match(
      /claimed 10(\.0+)? DDR for slot\(s\) 0 of 0x[0-9a-f]{64} \(proved 0 in the same transaction\)/,
    );
  });
});
