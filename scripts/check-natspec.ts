/**
 * NatSpec gate: every function, event and error our contracts declare has a `@notice` and a `@param`
 * for each named argument, as the compiler resolves them (so `@inheritdoc` counts the way solc counts
 * it, and errors are covered, which solhint's use-natspec skips).
 *
 *   npx hardhat build --quiet && node --import tsx scripts/check-natspec.ts
 *
 * Reads the latest build-info under artifacts/ (hardhat.config.ts asks solc for devdoc and userdoc);
 * prints one line per gap and exits 1 if there is any.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

import { ROOT, solidityFiles } from "./solidity-files.js";

interface AbiParameter {
  name: string;
  type: string;
  components?: AbiParameter[];
}
interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParameter[];
}
interface Doc {
  notice?: string;
  details?: string;
  params?: Record<string, string>;
}
interface ContractOutput {
  abi: AbiItem[];
  devdoc?: { methods?: Record<string, Doc>; events?: Record<string, Doc[] | Doc>; errors?: Record<string, Doc[]> };
  userdoc?: { methods?: Record<string, Doc>; events?: Record<string, Doc[] | Doc>; errors?: Record<string, Doc[]> };
}

const SOURCES = "contracts";
const SKIP = [`${SOURCES}/test/`]; // mocks for tests: not deployed, not documented as API

/** The names our sources declare, so items inherited from OpenZeppelin are left to its own docs. */
function declaredNames(files: string[]): Set<string> {
  const names = new Set<string>();
  const pattern =
    /\b(?:function|event|error)\s+([A-Za-z_]\w*)\s*\(|\bpublic\s+(?:constant\s+|immutable\s+)?([A-Za-z_]\w*)\s*[=;]/g;
  for (const file of files) {
    for (const m of readFileSync(join(ROOT, file), "utf8").matchAll(pattern)) names.add(m[1] ?? m[2]);
  }
  return names;
}

function canonicalType(p: AbiParameter): string {
  if (!p.type.startsWith("tuple")) return p.type;
  return `(${(p.components ?? []).map(canonicalType).join(",")})${p.type.slice("tuple".length)}`;
}

const signature = (item: AbiItem) => `${item.name}(${(item.inputs ?? []).map(canonicalType).join(",")})`;
const first = (doc: Doc[] | Doc | undefined): Doc | undefined => (Array.isArray(doc) ? doc[0] : doc);

const buildInfoDir = join(ROOT, "artifacts/build-info");
const outputs = readdirSync(buildInfoDir)
  .filter((f) => f.endsWith(".output.json"))
  .map((f) => ({ f, mtime: statSync(join(buildInfoDir, f)).mtimeMs }))
  .sort((a, b) => b.mtime - a.mtime);

const files = solidityFiles(SOURCES, SKIP);
// A contract documents what its own file, its interface (interfaces/I<Name>.sol) and our shared bases
// and libraries declare; what it inherits from OpenZeppelin keeps OpenZeppelin's docs.
const shared = files.filter((f) => f.startsWith(`${SOURCES}/access/`) || f.startsWith(`${SOURCES}/libraries/`));
const oursFor = (file: string, name: string) =>
  declaredNames([file, ...shared, ...files.filter((f) => f === `${SOURCES}/interfaces/I${name}.sol`)]);
const checked = new Set<string>();
const gaps: string[] = [];

for (const { f } of outputs) {
  const { output } = JSON.parse(readFileSync(join(buildInfoDir, f), "utf8")) as {
    output: { contracts?: Record<string, Record<string, ContractOutput>> };
  };
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    const file = files.find((path) => sourceName.endsWith(`/${path}`));
    if (file === undefined) continue;
    for (const [name, contract] of Object.entries(contracts)) {
      const key = `${file}:${name}`;
      if (checked.has(key)) continue; // the newest build of each file wins
      checked.add(key);
      if (contract.devdoc === undefined || contract.userdoc === undefined) {
        gaps.push(`${key}: the build has no devdoc/userdoc; is outputSelection set in hardhat.config.ts?`);
        continue;
      }
      const ours = oursFor(file, name);
      for (const item of contract.abi) {
        if (item.name === undefined || !ours.has(item.name)) continue;
        if (item.type !== "function" && item.type !== "event" && item.type !== "error") continue;
        const sig = signature(item);
        const group = item.type === "function" ? "methods" : item.type === "event" ? "events" : "errors";
        const user = first(contract.userdoc[group]?.[sig]);
        const dev = first(contract.devdoc[group]?.[sig]);
        if (user?.notice === undefined) gaps.push(`${key}: ${item.type} ${sig} has no @notice`);
        for (const input of item.inputs ?? []) {
          if (input.name === "") gaps.push(`${key}: ${item.type} ${sig} has an unnamed argument`);
          else if (dev?.params?.[input.name] === undefined) {
            gaps.push(`${key}: ${item.type} ${sig} has no @param ${input.name}`);
          }
        }
      }
    }
  }
}

if (checked.size === 0) {
  console.error("check-natspec: no build output for contracts/; run `npx hardhat build` first");
  process.exit(1);
}
for (const gap of gaps) console.error(gap);
console.log(
  gaps.length === 0
    ? `natspec: ${checked.size} contracts, every declared function, event and error documented`
    : `natspec: ${gaps.length} gap(s)`,
);
process.exit(gaps.length === 0 ? 0 : 1);
