/**
 * The README's code blocks marked `<!-- excerpt: <file> -->` are copied from files CI runs (the example
 * project): each block must appear in its file, line for line, so the README cannot drift from them.
 */
import { readFileSync } from "node:fs";

import { expect } from "chai";

const README = readFileSync("README.md", "utf8");
const EXCERPT = /<!-- excerpt: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g;

/** Whether `lines` appear, consecutively, in `text`. */
function contains(text: string, lines: string[]): boolean {
  const all = text.split("\n");
  return all.some((_, start) => lines.every((line, k) => all[start + k] === line));
}

describe("README excerpts", function () {
  const excerpts = [...README.matchAll(EXCERPT)].map((m) => ({ file: m[1], lines: m[2].split("\n") }));

  it("has excerpts of the example project", function () {
    expect(excerpts.length).to.be.greaterThan(5);
  });

  for (const [k, { file, lines }] of excerpts.entries()) {
    it(`excerpt ${k + 1} is in ${file}: "${lines[0].trim()}"`, function () {
      expect(contains(readFileSync(file, "utf8"), lines), `README excerpt ${k + 1} is not in ${file}`).to.equal(true);
    });
  }
});
