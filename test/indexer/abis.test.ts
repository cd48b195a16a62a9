/** The indexer types its handlers from indexer/abis.ts; a contract whose events change must not leave it stale. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { expect } from "chai";
import { format, resolveConfig } from "prettier";

import { indexerAbis } from "../../scripts/indexer-abis.js";

describe("indexer ABIs", function () {
  it("are the contracts' current events (npm run indexer:abis rewrites them)", async function () {
    const file = join(import.meta.dirname, "..", "..", "indexer", "abis.ts");
    const expected = await format(await indexerAbis(), { ...(await resolveConfig(file)), filepath: file });
    expect(await readFile(file, "utf8"), "indexer/abis.ts is stale: run npm run indexer:abis").to.equal(expected);
  });
});
