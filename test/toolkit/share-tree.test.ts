/**
 * The toolkit's share trees: contributors files (CSV, JSON Lines) parsed row by row, the tree file's layout and
 * proofs, and the hashing held equal to the contract's (a proof from the file verifies on chain, the differential
 * half of it in test/ShareTrees.test.ts).
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { Wallet } from "ethers";

import { ShareTreeFile, buildShareTree, writeContributorsCsv } from "../../src/node/share-tree-file.js";
import {
  climb,
  identityCommitment,
  parseHolder,
  proofFromLevels,
  shareTreeOf,
  slotLeafOf,
} from "../../src/protocol/share-tree.js";

const SALT = `0x${"ab".repeat(32)}`;

/** Awaits `promise`, which must fail with a message matching `expected`. */
async function rejects(promise: Promise<unknown>, expected: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as Error).message).to.match(expected);
    return;
  }
  expect.fail(`resolved; expected a failure matching ${expected}`);
}

describe("share trees in the toolkit", function () {
  let dir: string;
  beforeEach(async function () {
    dir = await mkdtemp(join(tmpdir(), "dd-tree-"));
  });
  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads holders: addresses, handles by namespace (normalised), bare e-mail; refuses the rest in words", function () {
    const account = Wallet.createRandom().address;
    expect(parseHolder(account.toLowerCase())).to.deep.equal({ kind: "address", account });
    expect(parseHolder("HF:Alice")).to.deep.equal({ kind: "identity", handle: "hf:alice" });
    expect(parseHolder("github:Octo-Cat")).to.deep.equal({ kind: "identity", handle: "github:octo-cat" });
    expect(parseHolder("orcid:0000-0002-1825-0097")).to.deep.equal({
      kind: "identity",
      handle: "orcid:0000-0002-1825-0097",
    });
    expect(parseHolder("Erin@Example.org")).to.deep.equal({ kind: "identity", handle: "email:erin@example.org" });
    expect(() => parseHolder("alice")).to.throw(/"alice" has no namespace/);
    expect(() => parseHolder("twitter:alice")).to.throw(/unknown namespace "twitter"/);
    expect(() => parseHolder("orcid:0000-0002-1825-0098")).to.throw(/not an ORCID iD/);
    expect(() => parseHolder("github:-bad")).to.throw(/not a GitHub user name/);
    expect(() => parseHolder("0x1234")).to.throw(/not an address/);
    expect(() => parseHolder(`0x${"0".repeat(40)}`)).to.throw(/is the zero address/);
    expect(() => parseHolder(`0x${"aB".repeat(20)}`)).to.throw(/not an address/); // a bad checksum
  });

  it("builds the same root as the in-memory tree, writes <root>.sharetree, and proves every slot from it", async function () {
    const people = [Wallet.createRandom().address, Wallet.createRandom().address];
    const rows = [
      { holder: people[0], shares: 3 },
      { holder: "hf:carol", shares: 2 },
      { holder: "github:dan", shares: 4 },
      { holder: people[1], shares: 1 },
      { holder: "erin@example.org", shares: 5 },
    ];
    const csv = join(dir, "contributors.csv");
    await writeContributorsCsv(csv, rows);
    const summary = await buildShareTree(csv, dir, { identitySalt: SALT });
    const leaves = rows.map((r, i) => slotLeafOf(parseHolder(r.holder), BigInt(r.shares), SALT, i));
    const memory = shareTreeOf(leaves);
    expect(summary).to.deep.include({ root: memory.root, slotCount: 5, totalShares: 15n, depth: 3, identitySlots: 3 });
    expect(summary.path).to.equal(join(dir, `${memory.root}.sharetree`));
    expect((await readdir(dir)).sort()).to.deep.equal([`${memory.root}.sharetree`, "contributors.csv"].sort());

    const file = await ShareTreeFile.open(summary.path);
    try {
      for (let i = 0; i < rows.length; i++) {
        const slot = await file.slot(i);
        expect(slot.leaf).to.deep.equal(leaves[i]);
        const path = await file.proof(i);
        expect(path).to.deep.equal(proofFromLevels(memory, i));
        expect(climb(slot.leaf, i, path)).to.deep.equal({ root: memory.root, total: 15 });
      }
      const carol = await file.slot(1);
      expect(carol.leaf.identity).to.equal(identityCommitment("hf:carol", SALT, 1));
      expect(await file.find("HF:Carol")).to.deep.equal([1]);
      expect(await file.find(people[1])).to.deep.equal([3]);
      expect(await file.find("hf:caro")).to.deep.equal([]);
      await rejects(file.proof(5), /no slot 5 \(the tree has 5\)/);
    } finally {
      await file.close();
    }
  });

  it("reads JSON Lines the same as CSV", async function () {
    const jsonl = join(dir, "c.jsonl");
    await writeFile(jsonl, `{"holder":"hf:a","shares":1}\n\n{"holder":"hf:b","shares":"2"}\n`);
    const csv = join(dir, "c.csv");
    await writeContributorsCsv(csv, [
      { holder: "hf:a", shares: 1 },
      { holder: "hf:b", shares: 2 },
    ]);
    const other = await mkdtemp(join(tmpdir(), "dd-tree-"));
    try {
      const a = await buildShareTree(jsonl, dir, { identitySalt: SALT });
      const b = await buildShareTree(csv, other, { identitySalt: SALT });
      expect(a.root).to.equal(b.root);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("refuses a bad row in one line naming the file, the row, the field and the value, and writes nothing", async function () {
    const account = Wallet.createRandom().address;
    const cases: [string, RegExp][] = [
      [`holder,shares\nhf:a,1\nhf:b,x\n`, /c\.csv: row 2: shares "x": expected a whole number from 1 to 4294967295/],
      [`holder,shares\nhf:a,0\n`, /row 1: shares "0": expected a whole number from 1/],
      [`holder,shares\nhf:a,4294967296\n`, /row 1: shares "4294967296"/],
      [`holder,shares\nalice,1\n`, /row 1: holder "alice": has no namespace/],
      [`holder,shares\nmastodon:alice,1\n`, /row 1: holder "mastodon:alice": has an unknown namespace "mastodon"/],
      [`holder,shares\n0x12,1\n`, /row 1: holder "0x12": is not an address/],
      [`holder,shares\nhf:a,1\nHF:A,2\n`, /row 2: holder "hf:a" is listed twice \(rows 1 and 2\)/],
      [`holder,shares\n${account},1\n${account.toLowerCase()},1\n`, /is listed twice/],
      [`holder,shares\nhf:a,1,9\n`, /c\.csv: Invalid Record Length/i],
      [`holder,shares,extra\nhf:a,1,9\n`, /row 1: unknown field "extra"/],
      [`holder\nhf:a\n`, /row 1: shares is missing/],
      [`holder,shares\n`, /c\.csv: no contributors/],
    ];
    for (const [content, expected] of cases) {
      const csv = join(dir, "c.csv");
      await writeFile(csv, content);
      await rejects(buildShareTree(csv, dir), expected);
      expect(await readdir(dir)).to.deep.equal(["c.csv"]);
    }
    // More slots than the tree may hold: the 2^32 of uint32 indexes is checked the same way as this lower cap
    // (a file of 2^32 + 1 rows is beyond any test), naming the first row past it.
    const four = join(dir, "c.csv");
    await writeFile(four, "holder,shares\nhf:a,1\nhf:b,1\nhf:c,1\nhf:d,1\n");
    await rejects(buildShareTree(four, dir, { maxSlots: 3 }), /c\.csv: row 4: more than 3 slots$/);
    expect(await readdir(dir)).to.deep.equal(["c.csv"]);
    const jsonl = join(dir, "c.jsonl");
    await writeFile(jsonl, `{"holder":"hf:a","shares":1}\nnot json\n`);
    await rejects(buildShareTree(jsonl, dir), /c\.jsonl: row 2: not a JSON object/);
    await rejects(buildShareTree(join(dir, "c.txt"), dir), /a contributors file is \.csv or \.jsonl/);
  });

  it("refuses a tree file that is not one, or is cut short", async function () {
    const bogus = join(dir, "x.sharetree");
    await writeFile(bogus, "hello\n");
    await rejects(ShareTreeFile.open(bogus), /not a share tree file|format/);
    const csv = join(dir, "c.csv");
    await writeContributorsCsv(csv, [
      { holder: "hf:a", shares: 1 },
      { holder: "hf:b", shares: 2 },
      { holder: "hf:c", shares: 2 },
    ]);
    const { path } = await buildShareTree(csv, dir);
    const { stat, truncate } = await import("node:fs/promises");
    await truncate(path, (await stat(path)).size - 3);
    const file = await ShareTreeFile.open(path);
    try {
      await rejects(file.slot(2), /cut short/);
    } finally {
      await file.close();
    }
  });
});
