import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

import type { Creator } from "../node/manifest.js";
import { address, int, parseInput, z } from "../protocol/schema.js";
import { UsageError } from "./run.js";

/** One entry of a `datasets.json` catalogue: a folder and what to say about it. */
export interface CatalogueEntry {
  directory: string;
  name: string;
  description: string;
  license: string;
  creators: Required<Creator>[];
}

/** A `datasets.json` catalogue, by schema: each entry's folder, description, licence and creators with their accounts and shares. */
export const catalogueSchema = z.object(
  {
    datasets: z
      .array(
        z.strictObject({
          directory: z.string({ error: "expected the dataset's folder" }).min(1, "expected the dataset's folder"),
          name: z.string({ error: "expected the dataset's name" }).min(1, "expected the dataset's name"),
          description: z.string({ error: "expected a description" }),
          license: z
            .string({ error: "expected an SPDX licence identifier" })
            .min(1, "expected an SPDX licence identifier"),
          creators: z
            .array(
              z.strictObject({
                name: z.string().min(1, "expected the creator's name"),
                account: address,
                shares: int(1, 0xffffffff),
              }),
              {
                error: "expected a list of { name, account, shares }",
              },
            )
            .min(1, "expected at least one creator"),
        }),
        { error: 'expected { "datasets": [ … ] }' },
      )
      .min(1, "expected at least one dataset"),
  },
  { error: 'expected a dataset catalogue: { "datasets": [ … ] }' },
);

/** Reads a `datasets.json` catalogue (see seeds/datasets.json) by schema; directories resolve against its folder. */
export async function readCatalogue(path: string): Promise<CatalogueEntry[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new UsageError(`cannot read the dataset catalogue ${path}`);
  }
  let catalogue: z.output<typeof catalogueSchema>;
  try {
    catalogue = parseInput(catalogueSchema, parsed, path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return catalogue.datasets.map((d) => ({ ...d, directory: join(dirname(path), d.directory) }));
}
