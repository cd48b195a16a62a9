/**
 * The CLI's commitment journal: a JSON file of commitments paid for and not yet revealed, written
 * before each commit is sent (atomically: a temporary file renamed over the old one), so that a
 * registration killed between commit and reveal is revealed by the next run instead of paid again.
 *
 * Default file: `.datadividends/commitments.json` in the working directory; `DATADIVIDENDS_JOURNAL`
 * names another.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

import type { CommitmentJournal, PendingCommitment } from "../sdk/types.js";
import { DataDividendsError } from "../protocol/errors.js";

export const DEFAULT_JOURNAL = ".datadividends/commitments.json";

type Key = Omit<PendingCommitment, "salt">;
const same = (a: Key, b: Key) =>
  a.chainId === b.chainId &&
  a.registry.toLowerCase() === b.registry.toLowerCase() &&
  a.contentHash.toLowerCase() === b.contentHash.toLowerCase() &&
  a.registrant.toLowerCase() === b.registrant.toLowerCase();

export class FileJournal implements CommitmentJournal {
  readonly path: string;

  constructor(path = process.env.DATADIVIDENDS_JOURNAL ?? DEFAULT_JOURNAL) {
    this.path = resolve(path);
  }

  async entries(): Promise<PendingCommitment[]> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch {
      return [];
    }
    try {
      const parsed = JSON.parse(text) as { pending?: PendingCommitment[] };
      return parsed.pending ?? [];
    } catch {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `the commitment journal ${this.path} is not readable JSON; fix or move it (it holds salts of paid commitments)`,
      );
    }
  }

  async find(key: Key): Promise<PendingCommitment | undefined> {
    return (await this.entries()).find((e) => same(e, key));
  }

  async save(entry: PendingCommitment): Promise<void> {
    await this.write([...(await this.entries()).filter((e) => !same(e, entry)), entry]);
  }

  async remove(key: Key): Promise<void> {
    const entries = await this.entries();
    const kept = entries.filter((e) => !same(e, key));
    if (kept.length !== entries.length) await this.write(kept);
  }

  private async write(pending: PendingCommitment[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ pending }, null, 2)}\n`);
    await rename(temporary, this.path);
  }
}
