/**
 * One deployment-record parser (src/protocol/record.ts) for the tasks and the indexer. The record's keys
 * are taken from the Ignition modules themselves, so a module that renames a future fails here.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { IgnitionModule } from "@nomicfoundation/ignition-core";
import { expect } from "chai";
import { getAddress, toBeHex, zeroPadValue } from "ethers";

import { readIndexedDeployment } from "../../indexer/deployment.js";
import { readDeployment } from "../../src/hardhat/deployment.js";
import { DataDividendsModule, GovernedDataDividendsModule } from "../../src/hardhat/ignition/index.js";
import { DataDividendsError } from "../../src/protocol/errors.js";
import { RECORD_KEYS, parseAddressesFile, parseDeploymentRecord } from "../../src/protocol/record.js";

/** Every future ID a module (and its submodules) writes into a record. */
function futureIds(module: IgnitionModule): Set<string> {
  const ids = new Set<string>();
  const visit = (m: IgnitionModule) => {
    for (const f of m.futures) ids.add(f.id);
    for (const sub of m.submodules) visit(sub);
  };
  visit(module);
  return ids;
}

const at = (n: number) => getAddress(zeroPadValue(toBeHex(n), 20));
const OTHER_TOKEN = at(0xeeee);

/** A record with an address for each future the module writes, plus a vault of another token. */
function recordOf(module: IgnitionModule): Record<string, string> {
  const record: Record<string, string> = {};
  [...futureIds(module)].sort().forEach((id, i) => (record[id] = at(0x100 + i)));
  record[`TokenVault_${OTHER_TOKEN.slice(2)}#RewardVault`] = at(0x999);
  return record;
}

describe("deployment record (one parser for the tasks and the indexer)", function () {
  let work: string;
  before(async function () {
    work = await mkdtemp(join(tmpdir(), "dd-record-"));
  });
  after(async function () {
    await rm(work, { recursive: true, force: true });
  });

  for (const [name, module, governed] of [
    ["DataDividends", DataDividendsModule, false],
    ["GovernedDataDividends", GovernedDataDividendsModule, true],
  ] as const) {
    it(`reads a ${name} record the same way in the tasks and in the indexer`, async function () {
      const ids = futureIds(module);
      for (const key of [RECORD_KEYS.token, RECORD_KEYS.datasets, RECORD_KEYS.models, RECORD_KEYS.vault]) {
        expect(ids.has(key), `${name} writes ${key}`).to.equal(true);
      }
      if (governed) {
        expect(ids.has(RECORD_KEYS.governor)).to.equal(true);
        expect(ids.has(RECORD_KEYS.timelock)).to.equal(true);
      }
      const record = recordOf(module);
      const dir = join(work, `chain-${governed ? 11 : 10}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "deployed_addresses.json"), JSON.stringify(record));
      await writeFile(join(dir, "journal.jsonl"), '{"blockNumber": 7}\n{"blockNumber":5}\n{"blockNumber": 9}\n');

      const parsed = parseDeploymentRecord(record, dir, '{"blockNumber": 7}\n{"blockNumber":5}\n');
      expect(parsed.fromBlock).to.equal(5);
      expect(parsed.vaults).to.deep.equal([{ token: `0x${OTHER_TOKEN.slice(2)}`, vault: at(0x999) }]);
      expect(parsed.governor !== undefined).to.equal(governed);

      const tasks = await readDeployment({ chainId: governed ? 11n : 10n, root: work });
      // One shape in every layer: what the tasks read is the parsed record itself.
      expect(tasks).to.deep.equal({
        token: record[RECORD_KEYS.token],
        datasets: record[RECORD_KEYS.datasets],
        models: record[RECORD_KEYS.models],
        vault: record[RECORD_KEYS.vault],
        vaults: parsed.vaults,
        ...(governed ? { governor: record[RECORD_KEYS.governor], timelock: record[RECORD_KEYS.timelock] } : {}),
        fromBlock: 5,
      });
      const indexer = readIndexedDeployment({ DD_DEPLOYMENT: dir });
      expect(indexer.chainId).to.equal(governed ? 11 : 10);
      expect(indexer.datasets).to.equal(tasks.datasets.toLowerCase());
      expect(indexer.models).to.equal(tasks.models.toLowerCase());
      expect(indexer.allVaults).to.deep.equal(
        [
          { vault: tasks.vault, token: tasks.token },
          { vault: at(0x999), token: OTHER_TOKEN },
        ].map((v) => ({ vault: v.vault.toLowerCase(), token: v.token.toLowerCase() })),
      );
      expect(indexer.governor).to.equal(governed ? record[RECORD_KEYS.governor].toLowerCase() : undefined);
      expect(indexer.record.fromBlock).to.equal(5);
    });
  }

  it("refuses, in both, a record or addresses file that lacks a contract, naming it", async function () {
    const dir = join(work, "chain-12");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "deployed_addresses.json"), JSON.stringify({ [RECORD_KEYS.token]: at(1) }));
    const message = `the deployment in ${dir} is incomplete (missing ${RECORD_KEYS.datasets}, ${RECORD_KEYS.models}, ${RECORD_KEYS.vault}); rerun the deploy task`;
    await readDeployment({ chainId: 12n, root: work }).then(
      () => expect.fail("accepted"),
      (error: Error) => expect(error.message).to.equal(message),
    );
    expect(() => readIndexedDeployment({ DD_DEPLOYMENT: dir })).to.throw(`indexer: ${message}`);
    expect(() => parseAddressesFile({ token: at(1), datasets: at(2), models: at(3) }, "a.json")).to.throw(
      DataDividendsError,
      "a.json: vault is missing: expected an address (0x and 40 hex digits)",
    );
    expect(() =>
      parseAddressesFile({ token: at(1), datasets: at(2), models: at(3), vault: "0x12" }, "a.json"),
    ).to.throw('a.json: vault "0x12": expected an address (0x and 40 hex digits)');
  });
});
