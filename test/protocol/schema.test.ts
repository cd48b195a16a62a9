/**
 * Every schema fed a table of bad values (wrong type, empty, huge, negative, wrong length, unknown field): each
 * refusal is one line naming the source, the field and the value, and is INVALID_INPUT.
 */
import { expect } from "chai";

import { DataDividendsError } from "../../src/protocol/errors.js";
import { addressesFileSchema } from "../../src/protocol/record.js";
import {
  address,
  bytes32,
  hexBytes,
  int,
  parseInput,
  privateKey,
  rpcUrl,
  uintString,
  uri,
  z,
} from "../../src/protocol/schema.js";
import { signedClaimSchema } from "../../src/sdk/actions/relay.js";
import { journalSchema, whyNotWritten } from "../../src/node/journal.js";
import { manifestSchema } from "../../src/node/manifest.js";
import { parseArguments, omittable, required, wholeNumber } from "../../src/hardhat/arguments.js";
import { UsageError } from "../../src/hardhat/run.js";
import { ignitionError } from "../../src/hardhat/commands/deploy.js";
import { catalogueSchema } from "../../src/hardhat/seeds.js";

const A = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const ID = `0x${"ab".repeat(32)}`;

/** The line `parseInput` refuses `value` with (failing the test where it accepts it). */
function refusal(schema: z.ZodType, value: unknown, source = "input.json", secret = false): string {
  try {
    parseInput(schema, value, source, { secret });
  } catch (error) {
    expect(error).to.be.instanceOf(DataDividendsError);
    expect((error as DataDividendsError).code).to.equal("INVALID_INPUT");
    const message = (error as Error).message;
    expect(message.split("\n")).to.have.length(1);
    return message;
  }
  return expect.fail(`accepted ${JSON.stringify(value)}`);
}

describe("the schema layer", function () {
  it("refuses each primitive's bad values in one line naming the value and what was expected", function () {
    const table: [z.ZodType, unknown, string][] = [
      [address, 42, "input.json: 42: expected an address (0x and 40 hex digits)"],
      [address, "", 'input.json: "": expected an address (0x and 40 hex digits)'],
      [address, "0x1234", 'input.json: "0x1234": expected an address (0x and 40 hex digits)'],
      [address, `${A}00`, `input.json: "${A}00": expected an address (0x and 40 hex digits)`],
      [
        address,
        A.replace("a", "A"),
        `input.json: "${A.replace("a", "A")}": expected an address (0x and 40 hex digits)`,
      ],
      [
        bytes32,
        `0x${"ab".repeat(31)}`,
        `input.json: "0x${"ab".repeat(31)}": expected 32 bytes of hex (0x and 64 hex digits)`,
      ],
      [bytes32, null, "input.json: null: expected 32 bytes of hex (0x and 64 hex digits)"],
      [hexBytes(65), "0x12", 'input.json: "0x12": expected 65 bytes of hex (0x and 130 hex digits)'],
      [hexBytes(), "0x123", 'input.json: "0x123": expected hex bytes (0x…)'],
      [uintString(8), "256", 'input.json: "256": expected a whole number from 0 to 2^8 - 1, as a decimal string'],
      [uintString(8), "-1", 'input.json: "-1": expected a whole number from 0 to 2^8 - 1, as a decimal string'],
      [uintString(8), "1.5", 'input.json: "1.5": expected a whole number from 0 to 2^8 - 1, as a decimal string'],
      [uintString(8, 1n), "0", 'input.json: "0": expected a whole number from 1 to 2^8 - 1, as a decimal string'],
      [uintString(8), 7, "input.json: 7: expected a whole number from 0 to 2^8 - 1, as a decimal string"],
      [int(0, 10), 11, "input.json: 11: expected a whole number from 0 to 10"],
      [int(0, 10), -1, "input.json: -1: expected a whole number from 0 to 10"],
      [int(0, 10), 1.5, "input.json: 1.5: expected a whole number from 0 to 10"],
      [int(0, 10), "3", 'input.json: "3": expected a whole number from 0 to 10'],
      [uri, "", 'input.json: "": expected a URI of 1 to 2048 bytes'],
      [rpcUrl, "ftp://x", 'input.json: "ftp://x": expected an http(s) URL'],
      [rpcUrl, "localhost:8545", 'input.json: "localhost:8545": expected an http(s) URL'],
    ];
    for (const [schema, value, line] of table) expect(refusal(schema, value)).to.equal(line);
    // Huge: a long value is cut short in the line.
    expect(refusal(uri, "x".repeat(5000))).to.match(/^input\.json: "x{76}…: expected a URI of 1 to 2048 bytes$/);
  });

  it("never shows a private key, right or wrong", function () {
    const line = refusal(privateKey, "0x1234", "SEPOLIA_PRIVATE_KEY", true);
    expect(line).to.equal("SEPOLIA_PRIVATE_KEY: (hidden): expected a private key: 64 hex digits, 0x optional");
  });

  describe("signed claims", function () {
    const claim = {
      vault: A,
      chainId: "31337",
      account: A,
      requests: [{ model: ID, dataset: ID, index: 0 }],
      relayer: `0x${"0".repeat(40)}`,
      maxTip: "1",
      maxTipBps: 1000,
      nonce: "0",
      deadline: "1800000000",
      signature: `0x${"11".repeat(65)}`,
    };

    it("accepts one as sign-claim writes it", function () {
      expect(parseInput(signedClaimSchema, claim, "c.json").maxTip).to.equal(1n);
    });

    it("names the field of each bad value: wrong type, empty, huge, negative, wrong length, unknown, missing", function () {
      const table: [unknown, RegExp][] = [
        [{ ...claim, chainId: 31337 }, /^c\.json: chainId 31337: expected a whole number from 1 to 2\^64 - 1/],
        [{ ...claim, requests: [] }, /^c\.json: requests \[\]: expected at least one edge$/],
        [
          { ...claim, maxTip: "1".repeat(90) },
          /^c\.json: maxTip "1{76}…: expected a whole number from 0 to 2\^256 - 1/,
        ],
        [{ ...claim, maxTipBps: -1 }, /^c\.json: maxTipBps -1: expected a whole number from 0 to 10000$/],
        [
          { ...claim, requests: [{ ...claim.requests[0], dataset: "0x12" }] },
          /^c\.json: requests\[0\]\.dataset "0x12": expected 32 bytes/,
        ],
        [{ ...claim, relayerr: A }, /^c\.json: unknown field "relayerr" \(a typo, or a file of another kind\?\)$/],
        [{ ...claim, signature: undefined }, /^c\.json: signature is missing: expected hex bytes \(0x…\)$/],
        [
          "a claim",
          /^c\.json: "a claim": expected a signed claim: a JSON object from datadividends rewards sign-claim$/,
        ],
      ];
      for (const [value, line] of table) expect(refusal(signedClaimSchema, value, "c.json")).to.match(line);
    });
  });

  it("names the field of an addresses file's bad values", function () {
    const file = { token: A, datasets: A, models: A, vault: A };
    const table: [unknown, string][] = [
      [{ ...file, vault: "" }, 'a.json: vault "": expected an address (0x and 40 hex digits)'],
      [
        { ...file, fromBlock: -5 },
        `a.json: fromBlock -5: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
      ],
      [
        { ...file, vaults: [{ token: A }] },
        "a.json: vaults[0].vault is missing: expected an address (0x and 40 hex digits)",
      ],
      [{ ...file, vaults: {} }, "a.json: vaults {}: expected a list of { token, vault }"],
      [{ ...file, valut: A }, 'a.json: unknown field "valut" (a typo, or a file of another kind?)'],
    ];
    for (const [value, line] of table) expect(refusal(addressesFileSchema, value, "a.json")).to.equal(line);
  });

  it("names a task's option as typed, with its value, or says it is required", function () {
    const schema = z.object({
      out: required(z.string(), "the file to write to"),
      validFor: wholeNumber(60n, 3600n, "seconds"),
      relayer: omittable(address),
    });
    const refuse = (given: Record<string, string>) => {
      try {
        parseArguments(schema, given);
      } catch (error) {
        expect(error).to.be.instanceOf(UsageError);
        return (error as Error).message;
      }
      return expect.fail("accepted");
    };
    expect(refuse({ out: "", validFor: "60", relayer: "" })).to.equal("--out is required: the file to write to");
    expect(refuse({ out: "x", validFor: "59", relayer: "" })).to.equal(
      '--valid-for "59": expected a whole number of seconds from 60 to 3600',
    );
    expect(refuse({ out: "x", validFor: "1e3", relayer: "" })).to.equal(
      '--valid-for "1e3": expected a whole number of seconds from 60 to 3600',
    );
    expect(refuse({ out: "x", validFor: "60", relayer: "bob" })).to.equal(
      '--relayer "bob": expected an address (0x and 40 hex digits)',
    );
    expect(parseArguments(schema, { out: "x", validFor: "61", relayer: "" })).to.deep.equal({
      out: "x",
      validFor: 61n,
      relayer: undefined,
    });
  });

  it("names the field of a manifest's and a journal's bad values", function () {
    const manifest = {
      "@type": "sc:Dataset",
      name: "air",
      creator: [{ "@type": "sc:Person", name: "Sara", identifier: A, "dd:shares": 1 }],
      distribution: [{ contentUrl: "a.csv", contentSize: "12 B", sha256: "ab".repeat(32) }],
      "dd:contentHash": ID,
    };
    expect(parseInput(manifestSchema, manifest, "m.json").name).to.equal("air");
    const table: [unknown, string][] = [
      [
        { ...manifest, "@type": "sc:Model" },
        'm.json: @type "sc:Model": expected "sc:Dataset": a DataDividends dataset manifest',
      ],
      [
        { ...manifest, distribution: [{ ...manifest.distribution[0], sha256: "xyz" }] },
        'm.json: distribution[0].sha256 "xyz": expected the file\'s SHA-256 (64 hex digits)',
      ],
      [
        { ...manifest, distribution: [{ ...manifest.distribution[0], contentSize: 12 }] },
        'm.json: distribution[0].contentSize 12: expected the file\'s size in bytes, as "123 B"',
      ],
      [
        { ...manifest, creator: [{ name: "Sara", "dd:shares": 0 }] },
        "m.json: creator[0].dd:shares 0: expected a whole number from 1 to 4294967295",
      ],
      [
        { ...manifest, "dd:contentHash": "0x12" },
        'm.json: dd:contentHash "0x12": expected 32 bytes of hex (0x and 64 hex digits)',
      ],
    ];
    for (const [value, line] of table) expect(refusal(manifestSchema, value, "m.json")).to.equal(line);

    const entry = { chainId: "31337", registry: A, contentHash: ID, registrant: A, salt: ID };
    expect(parseInput(journalSchema, { pending: [entry] }, "j").pending[0].chainId).to.equal("31337");
    expect(refusal(journalSchema, { pending: [{ ...entry, salt: "0x" }] }, "j")).to.equal(
      'j: pending[0].salt "0x": expected 32 bytes of hex (0x and 64 hex digits)',
    );
    expect(refusal(journalSchema, [], "j")).to.equal('j: []: expected a commitment journal: { "pending": [ … ] }');
  });
});

describe("Ignition's refusals, said in one line", function () {
  it("says what to do about transactions still waiting for confirmations (HHE10402)", function () {
    const raw = new Error(
      "HHE10402: You have sent transactions from 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 and they interfere with Hardhat Ignition. Please wait until they get 5 confirmations before running Hardhat Ignition again.",
    );
    const said = ignitionError(
      raw,
      "ignition/deployments/chain-1",
      "sepolia",
      "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    );
    expect(said).to.be.instanceOf(UsageError);
    expect((said as Error).message).to.equal(
      'the deployer 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 has transactions on network "sepolia" with fewer than 5 confirmations, which Ignition waits for before it deploys: run deploy again once they have 5 (on a development node, mine 5 blocks first)',
    );
  });
});

describe("the dataset catalogue, by schema", function () {
  it("names the entry and field of each bad value", function () {
    const entry = {
      directory: "datasets/air",
      name: "air",
      description: "",
      license: "CC0-1.0",
      creators: [{ name: "Sara", account: A, shares: 1 }],
    };
    expect(parseInput(catalogueSchema, { datasets: [entry] }, "c.json").datasets[0].creators[0].account).to.equal(A);
    const table: [unknown, string][] = [
      [{ datasets: [] }, "c.json: datasets []: expected at least one dataset"],
      [{ datasets: [{ ...entry, creators: [] }] }, "c.json: datasets[0].creators []: expected at least one creator"],
      [
        { datasets: [{ ...entry, creators: [{ name: "Sara", account: "0x12", shares: 1 }] }] },
        'c.json: datasets[0].creators[0].account "0x12": expected an address (0x and 40 hex digits)',
      ],
      [
        { datasets: [{ ...entry, creators: [{ name: "Sara", account: A, shares: 0 }] }] },
        "c.json: datasets[0].creators[0].shares 0: expected a whole number from 1 to 4294967295",
      ],
      [
        { datasets: [{ ...entry, folder: "x" }] },
        'c.json: unknown field "folder" in datasets[0] (a typo, or a file of another kind?)',
      ],
    ];
    for (const [value, line] of table) expect(refusal(catalogueSchema, value, "c.json")).to.equal(line);
  });
});

describe("the journal's file errors, in words", function () {
  it("names why the journal cannot be read or written", function () {
    const said = (code: string) => whyNotWritten(Object.assign(new Error(code), { code }));
    expect(said("ENOSPC")).to.equal("the disk is full");
    expect(said("EACCES")).to.equal("permission denied");
    expect(said("EROFS")).to.equal("the file system is read-only");
    expect(said("ENOTDIR")).to.equal("a part of its path is a file, not a folder");
    expect(said("EISDIR")).to.equal("it is a folder, not a file");
    expect(said("ENOENT")).to.equal("its folder does not exist");
  });
});
