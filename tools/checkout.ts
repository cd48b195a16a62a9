/**
 * A copy of this checkout as git would check it out (tracked and new, unignored files, as they are now), with
 * the installed packages linked in as `npm ci` would have made them, and optionally some build output: for the
 * coverage run (which instruments a copy) and the never-built-checkout test.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * Copies the checkout at `root` into a new temporary folder named after `prefix`, plus the folders of `built`
 * (e.g. "artifacts") that exist; returns the folder. The caller removes it.
 */
export async function copyCheckout(root: string, prefix: string, built: readonly string[] = []): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), prefix));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => f !== "");
  for (const file of files) {
    await mkdir(join(copy, dirname(file)), { recursive: true });
    await cp(join(root, file), join(copy, file)).catch(() => undefined); // deleted but still listed
  }
  for (const folder of built) {
    if (existsSync(join(root, folder))) await cp(join(root, folder), join(copy, folder), { recursive: true });
  }
  await symlink(join(root, "node_modules"), join(copy, "node_modules"), "dir");
  return copy;
}
