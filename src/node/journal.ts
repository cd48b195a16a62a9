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
import { mkdir, readFile, realpath, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

import type { CommitmentJournal, PendingCommitment } from "../sdk/types.js";
import { DataDividendsError } from "../protocol/errors.js";
import { address, bytes32, parseInput, uintString, z } from "../protocol/schema.js";

/** The journal file, by schema: each pending commitment's chain, registry, content hash, registrant and salt. */
export const journalSchema = z.strictObject(
  {
    pending: z.array(
      z.strictObject({
        chainId: uintString(64, 1n).transform(String),
        registry: address,
        contentHash: bytes32,
        registrant: address,
        salt: bytes32,
      }),
      { error: "expected the list of pending commitments" },
    ),
  },
  { error: 'expected a commitment journal: { "pending": [ … ] }' },
);

/** A pseudo-filesystem, which answers reads and writes in its own way (some block for ever). */
const PSEUDO = /^\/(proc|sys|dev)(\/|$)/;

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
    if (PSEUDO.test(this.path)) throw underPseudo(this.path, this.path);
  }

  /** Refuses a journal a symbolic link leads into a pseudo-filesystem (checked once, before the first read). */
  private checked: Promise<void> | undefined;
  private where(): Promise<void> {
    this.checked ??= (async () => {
      // The deepest part of the path that exists, with every link in it followed.
      for (let at = this.path; ; at = dirname(at)) {
        const real = await realpath(at).catch(() => undefined);
        if (real !== undefined) {
          if (PSEUDO.test(real)) throw underPseudo(this.path, real);
          return;
        }
        if (dirname(at) === at) return;
      }
    })();
    return this.checked;
  }

  /**
   * Takes the lock of one registration (`key`) for this process, or throws naming the live process that
   * holds it. A lock left by a process that is gone is taken over. Returns its release.
   */
  async lock(key: Key): Promise<() => Promise<void>> {
    await this.where();
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
    await this.where();
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new DataDividendsError(
        "INVALID_INPUT",
        `cannot read the commitment journal ${this.path}: ${whyNotWritten(error)}`,
        { cause: error },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `the commitment journal ${this.path} is not readable JSON; fix or move it (it holds salts of paid commitments)`,
      );
    }
    try {
      return parseInput(journalSchema, parsed, `the commitment journal ${this.path}`).pending;
    } catch (error) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `${(error as Error).message}; fix or move it (it holds salts of paid commitments)`,
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
    await this.where();
    await this.guard(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify({ pending }, null, 2)}\n`);
      await rename(temporary, this.path);
    });
  }
}

/** The refusal of a journal in (or led by a link into) a pseudo-filesystem. */
function underPseudo(path: string, real: string): DataDividendsError {
  const via = real === path ? "" : ` (a link leads to ${real})`;
  return new DataDividendsError(
    "INVALID_INPUT",
    `the commitment journal ${path} is under /${real.split("/")[1]}${via}, not a folder for files; set DATADIVIDENDS_JOURNAL to a file in your project`,
  );
}

/** Why a file could not be read or written, in words (a full disk, no permission, a read-only file system, …), else its error code. */
export function whyNotWritten(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC") return "the disk is full";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "ENOTDIR") return "a part of its path is a file, not a folder";
  if (code === "EISDIR") return "it is a folder, not a file";
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
