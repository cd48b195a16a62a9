/**
 * The README's map of the repository stays true: every folder git tracks, to two levels, is named in it, and
 * every path it names exists.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";

import { expect } from "chai";

/** The map's rows: the paths of the first column and the whole row's text. */
function mapRows(): { paths: string[]; text: string }[] {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Map"), readme.indexOf("\n## ", readme.indexOf("## Map") + 1));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const first = line.split("|")[1];
      return { paths: [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]), text: line };
    });
}

/**
 * What `.gitignore` keeps out of git, as a test on a path: a rooted entry (`/artifacts/`) by prefix, a bare one
 * (`node_modules/`, `.env`) by any path segment, a `*.log` one by suffix. (The file's entries are all of these kinds.)
 */
function ignoredByGit(): (path: string) => boolean {
  const entries = readFileSync(".gitignore", "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  return (path) =>
    path.startsWith(".git/") ||
    entries.some((e) => {
      if (e.startsWith("*")) return path.endsWith(e.slice(1));
      const name = e.replace(/^\//, "").replace(/\/$/, "");
      if (e.startsWith("/")) return path === name || path.startsWith(`${name}/`);
      return path.split("/").includes(name);
    });
}

/**
 * Deployment records: what `deploy` writes (and the end-to-end suites, running beside the coverage run in CI, write
 * into the checkout that run copies), not source, so neither the map nor git holds them.
 */
const RECORDS = "ignition/deployments/";

/**
 * The files git tracks; in a copy of the checkout without `.git` (the coverage run's scratch copy), every file
 * below this folder that `.gitignore` does not keep out.
 */
function trackedFiles(): string[] {
  try {
    return execFileSync("git", ["ls-files"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n");
  } catch {
    const ignored = ignoredByGit();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const path = dir === "." ? e.name : `${dir}/${e.name}`;
        if (e.isSymbolicLink() || ignored(e.isDirectory() ? `${path}/` : path) || ignored(path)) return [];
        return e.isDirectory() ? walk(path) : [path];
      });
    return walk(".");
  }
}

describe("the README map", function () {
  it("names every tracked folder to two levels", function () {
    const rows = mapRows();
    const folders = new Set(
      trackedFiles()
        .filter((f) => f.includes("/") && !f.startsWith(RECORDS))
        .flatMap((f) => {
          const parts = f.split("/");
          return parts.length > 2 ? [`${parts[0]}/`, `${parts[0]}/${parts[1]}/`] : [`${parts[0]}/`];
        }),
    );
    const named = (folder: string) => {
      if (rows.some((r) => r.paths.some((p) => p === folder || p.startsWith(folder)))) return true;
      // A subfolder may be named in its parent's row, by its own name.
      const [parent, child] = folder.split("/");
      return rows.some((r) => r.paths.includes(`${parent}/`) && r.text.includes(`\`${child}/\``));
    };
    const missing = [...folders].filter((f) => !named(f)).sort();
    expect(missing, "folders the README map does not name").to.deep.equal([]);
  });

  it("names only paths that exist", function () {
    const stale = mapRows()
      .flatMap((r) => r.paths)
      .filter((p) => !existsSync(p));
    expect(stale, "paths in the README map that do not exist").to.deep.equal([]);
  });
});
