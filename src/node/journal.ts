/**
 * The CLI's commitment journal: a JSON file of commitments paid for and not yet revealed, written
 * before each commit is sent (atomically: a temporary file renamed over the old one), so that a
 * registration killed between commit and reveal is revealed by the next run instead of paid again.
 *
 * Default file: `.datadividends/commitments.json` in the project's root (the CLI passes it; a bare
 * `new FileJournal()` uses the working directory); `DATADIVIDENDS_JOURNAL` names another. A registration
 * under way holds a lock file beside it, so that a second process registering the same dataset at once
 * is told so instead of paying a second commit.
 */
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

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
    // Pseudo-filesystems answer reads and writes in their own way (some block for ever).
    if (/^\/(proc|sys|dev)(\/|$)/.test(this.path)) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `the commitment journal ${this.path} is under /${this.path.split("/")[1]}, not a folder for files; set DATADIVIDENDS_JOURNAL to a file in your project`,
      );
    }
  }

  /**
   * Takes the lock of one registration (`key`) for this process, or throws naming the live process that
   * holds it. A lock left by a process that is gone is taken over. Returns its release.
   */
  async lock(key: Key): Promise<() => Promise<void>> {
    const dir = `${this.path}.locks`;
    const file = join(dir, `${key.chainId}-${key.registry}-${key.contentHash}-${key.registrant}.lock`.toLowerCase());
    await this.guard(() => mkdir(dir, { recursive: true }));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(file, `${process.pid}\n`, { flag: "wx" });
        return () => unlink(file).catch(() => undefined);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
          return this.guard(() => Promise.reject(error instanceof Error ? error : new Error(String(error))));
        }
        const holder = Number((await readFile(file, "utf8").catch(() => "")).trim());
        if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
          throw new DataDividendsError(
            "INVALID_INPUT",
            `process ${holder} is registering dataset ${key.contentHash} from ${key.registrant} now (lock ${file}); wait for it to finish, then run again to see the result`,
          );
        }
        await unlink(file).catch(() => undefined); // its process is gone: the lock is stale
      }
    }
    throw new DataDividendsError("INVALID_INPUT", `cannot take the registration lock ${file}`);
  }

  /** Runs a file operation, its failure (a full disk, no permission) said as one line naming the journal. */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `cannot write the commitment journal ${this.path}: ${whyNotWritten(error)}`,
        {
          cause: error,
        },
      );
    }
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
    await this.guard(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify({ pending }, null, 2)}\n`);
      await rename(temporary, this.path);
    });
  }
}

/** Why a file could not be written, in words (a full disk, no permission, no such folder), else its error code. */
export function whyNotWritten(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC") return "the disk is full";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "its folder does not exist";
  return code ?? String(error);
}

/** Whether a process with this ID runs (signal 0 checks without sending). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
