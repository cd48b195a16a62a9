/**
 * The package's shape, held by tests: each layer imports only what its allow-list names (a deliberate
 * upward import is refused), and each package entry exports exactly its deliberate list of names.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { expect } from "chai";

import { exportedNames } from "../tools/exports.js";
import { sourceFiles } from "../tools/import-graph.js";
import { layerViolations } from "../tools/layers.js";

describe("the layers", function () {
  let root: string;

  before(async function () {
    root = await mkdtemp(join(tmpdir(), "dd-layers-"));
  });

  after(async function () {
    await rm(root, { recursive: true, force: true });
  });

  /** Writes a small tree of files (path → text) under the temporary root and returns what the check says. */
  async function check(files: Record<string, string>): Promise<string[]> {
    await rm(join(root, "src"), { recursive: true, force: true });
    await rm(join(root, "scripts"), { recursive: true, force: true });
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    return layerViolations(root, sourceFiles(root, ["src", "scripts"]));
  }

  it("passes imports that go down", async function () {
    const found = await check({
      "src/protocol/ids.ts": 'import { id } from "ethers";\nexport const x = id;\n',
      "src/sdk/client.ts": 'import { x } from "../protocol/ids.js";\nexport const y = x;\n',
      "src/hardhat/tasks.ts": 'import { task } from "hardhat/config";\nimport { y } from "../sdk/client.js";\n',
      "scripts/demo.ts": 'import { task } from "../src/hardhat/tasks.js";\n',
    });
    expect(found).to.deep.equal([]);
  });

  it("refuses a deliberate import up a layer, out of the package, or of a package the layer may not use", async function () {
    const found = await check({
      "src/sdk/client.ts": 'import { runOnNetwork } from "../hardhat/network.js";\n',
      "src/hardhat/network.ts": "export const runOnNetwork = 1;\n",
      "src/node/hashing.ts": 'import { demo } from "../../scripts/demo.js";\n',
      "src/protocol/uri.ts": 'import { readFileSync } from "node:fs";\n',
      "src/index.ts": 'import { task } from "hardhat/config";\n',
      "scripts/demo.ts": "export const demo = 1;\n",
    });
    expect(found).to.have.length(4);
    expect(found[0]).to.match(/^src\/hardhat\/network.ts|^src\//);
    const text = found.join("\n");
    expect(text).to.contain("src/sdk/client.ts: imports src/hardhat/network.ts, which the library may not");
    expect(text).to.contain("src/node/hashing.ts: imports scripts/demo.ts, which the Node-only layer may not");
    expect(text).to.contain("src/protocol/uri.ts: imports the package node:fs, which the rulebook may not");
    expect(text).to.contain("src/index.ts: imports the package hardhat/config, which the library may not");
  });
});

describe("the package entries", function () {
  this.timeout(60_000);

  // What each entry exports, on purpose. A name added to or dropped from an entry fails here until this
  // list (and the CHANGELOG) says so.
  const ENTRIES: Record<string, string[]> = {
    "src/index.ts": [
      "AccountView",
      "BPS",
      "BindingMessage",
      "BondWithdrawal",
      "ClaimMessage",
      "ClaimPayment",
      "ClaimResult",
      "ClaimableEdge",
      "ClaimableEdgeJson",
      "ClaimableReport",
      "ClaimableResponse",
      "ClientOptions",
      "CommitmentJournal",
      "ContributorShare",
      "DEFAULT_CLAIM_VALIDITY",
      "DEFAULT_TX_TIMEOUT_MS",
      "DataDividends",
      "DataDividendsAddresses",
      "DataDividendsError",
      "DataDividendsErrorCode",
      "DatasetEarnings",
      "DatasetId",
      "DatasetStatus",
      "DatasetUsage",
      "DecodedRevert",
      "DeploymentInfo",
      "DepositOptions",
      "DepositResult",
      "DisputeReport",
      "DisputeState",
      "EarningsLine",
      "FlagReason",
      "FlagResult",
      "ForwardResult",
      "Holder",
      "IDENTITY_NAMESPACES",
      "IdentitySlotEarnings",
      "IdentityView",
      "MAX_CONTRIBUTORS",
      "MAX_SHARES",
      "MAX_URI_BYTES",
      "ModelCardUsage",
      "ModelId",
      "ModelPayers",
      "Payout",
      "PendingCommitment",
      "RegisterDatasetOptions",
      "RegisterDatasetParameters",
      "RegisterDatasetResult",
      "RegisterModelParameters",
      "RegisterModelResult",
      "RegisterShareTreeParameters",
      "RegisteredDataset",
      "RegisteredModel",
      "RelayResult",
      "RewardToken",
      "Ruling",
      "ShareTreeSource",
      "ShareTreeTerms",
      "SignedAttestation",
      "SignedClaim",
      "SlotLeaf",
      "SlotProofJson",
      "SlotProofPath",
      "SlotStanding",
      "TokenAmount",
      "TokenInfo",
      "TokenVault",
      "TreeClaimResult",
      "VaultHandle",
      "WaitOptions",
      "commitmentOf",
      "datasetId",
      "datasetStatusName",
      "decodeRevert",
      "disputeStateName",
      "identityCommitment",
      "indexerTreeSource",
      "minimumParentWeight",
      "modelId",
      "modelIdOf",
      "parseHolder",
      "parseModelCard",
      "rewardToken",
      "shareTreesAddress",
      "signBinding",
      "signClaim",
      "signPermit",
      "signRegistration",
      "usageFromModelCard",
    ],
    "src/node/index.ts": [
      "Creator",
      "DEFAULT_JOURNAL",
      "DatasetDescription",
      "DatasetHash",
      "DatasetManifest",
      "FileEntry",
      "FileJournal",
      "FileProof",
      "HUB_ENDPOINT",
      "HashDatasetOptions",
      "HashListingsOptions",
      "HashProgress",
      "HubListing",
      "HubListingOptions",
      "ListedHash",
      "ListingSource",
      "ShareTreeFile",
      "ShareTreeHeader",
      "ShareTreeSummary",
      "TreeSlot",
      "Verification",
      "buildManifest",
      "buildShareTree",
      "hashDataset",
      "hashListings",
      "hubListing",
      "listDatasetFiles",
      "manifestContributors",
      "manifestFiles",
      "proveFile",
      "readListings",
      "readManifest",
      "treeOf",
      "verifyManifest",
      "writeContributorsCsv",
      "writeDatasetManifest",
      "writeListing",
      "writeManifest",
    ],
    "src/hardhat/index.ts": ["default"],
  };

  it("export exactly their deliberate names, and no storage bit or wire constant", function () {
    const found = exportedNames(Object.keys(ENTRIES));
    for (const [entry, names] of Object.entries(ENTRIES)) expect(found.get(entry), entry).to.deep.equal(names);
    const all = [...found.values()].flat();
    for (const internal of ["RECORD_KEYS", "FLAG_FROZEN", "FLAG_RETIRED", "REORG_DEPTH", "ONE_BY_ONE_LIMIT"]) {
      expect(all, internal).to.not.include(internal);
    }
  });
});
