import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

import type { Creator } from "../node/manifest.js";
import { UsageError } from "./run.js";

/** One entry of a `datasets.json` catalogue: a folder and what to say about it. */
export interface CatalogueEntry {
  directory: string;
  name: string;
  description: string;
  license: string;
  creators: Required<Creator>[];
}

/** Reads a `datasets.json` catalogue (see seeds/datasets.json); directories resolve against its folder. */
export async function readCatalogue(path: string): Promise<CatalogueEntry[]> {
  let parsed: { datasets?: CatalogueEntry[] };
  try {
    parsed = JSON.parse(await readFile(path, "utf8")) as { datasets?: CatalogueEntry[] };
  } catch {
    throw new UsageError(`cannot read the dataset catalogue ${path}`);
  }
  if (!Array.isArray(parsed.datasets) || parsed.datasets.length === 0) {
    throw new UsageError(`${path} lists no datasets (expected { "datasets": [ … ] })`);
  }
  return parsed.datasets.map((d) => ({ ...d, directory: join(dirname(path), d.directory) }));
}
