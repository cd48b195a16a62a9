import { parse } from "yaml";

import type { DatasetUsage } from "./actions/register-model.js";
import { DataDividendsError } from "../protocol/errors.js";
import { datasetId } from "../protocol/ids.js";

/** What a Hugging Face model card's YAML front matter says about training data. */
export interface ModelCardUsage {
  /** The `datasets:` list as written (e.g. `org/name`). */
  datasets: string[];
  /** Optional `datadividends.weights` map, keyed like `datasets` or by the part after the last `/`. */
  weights: Record<string, number>;
}

/**
 * Reads the `datasets:` list (and optional `datadividends.weights`) from a model card's front matter.
 *
 * @example
 * const { datasets } = parseModelCard(await readFile("README.md", "utf8"));
 */
export function parseModelCard(markdown: string): ModelCardUsage {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(markdown);
  if (match === null) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      "the model card has no YAML front matter (a block between --- lines)",
    );
  }
  let meta: unknown;
  try {
    meta = parse(match[1]);
  } catch (cause) {
    throw new DataDividendsError("INVALID_INPUT", "the model card's front matter is not valid YAML", { cause });
  }
  const front = (meta ?? {}) as { datasets?: unknown; datadividends?: { weights?: unknown } };
  const list = typeof front.datasets === "string" ? [front.datasets] : front.datasets;
  if (!Array.isArray(list) || list.length === 0 || !list.every((d) => typeof d === "string")) {
    throw new DataDividendsError("INVALID_INPUT", "the model card's front matter has no `datasets:` list of names");
  }
  const weights: Record<string, number> = {};
  const raw = front.datadividends?.weights;
  if (raw !== undefined) {
    if (typeof raw !== "object" || raw === null) {
      throw new DataDividendsError("INVALID_INPUT", "`datadividends.weights` must map dataset names to whole numbers");
    }
    for (const [name, w] of Object.entries(raw)) {
      if (!Number.isInteger(w) || (w as number) < 1 || (w as number) > 0xffffffff) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `weight of "${name}" must be a whole number from 1 to 4294967295`,
        );
      }
      weights[name] = w as number;
    }
  }
  return { datasets: list, weights };
}

const shortName = (name: string) => name.slice(name.lastIndexOf("/") + 1);

/**
 * Maps a model card's datasets to registered dataset IDs. `known` maps names (manifest `name`s) to
 * content hashes; a card entry matches a name exactly or by its part after the last `/`. Datasets
 * without a weight count 1. Every unknown name is reported at once.
 */
export function usageFromModelCard(card: ModelCardUsage, known: ReadonlyMap<string, string>): DatasetUsage[] {
  const unknown: string[] = [];
  const usage: DatasetUsage[] = [];
  for (const entry of card.datasets) {
    const id = known.get(entry) ?? known.get(shortName(entry));
    if (id === undefined) {
      unknown.push(entry);
      continue;
    }
    usage.push({ dataset: datasetId(id), weight: card.weights[entry] ?? card.weights[shortName(entry)] ?? 1 });
  }
  if (unknown.length > 0) {
    throw new DataDividendsError(
      "NOT_FOUND",
      `no manifest names ${unknown.map((u) => `"${u}"`).join(", ")}; hash and register those datasets first`,
    );
  }
  return usage;
}
