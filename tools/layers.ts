/**
 * The package's layers as allow-lists by folder: for each folder, which of the project's folders (and
 * which packages) its files may import; anything else is refused. `npm run lint:imports` runs it over
 * every TypeScript file we write; a test plants a deliberate upward import and watches it refused.
 *
 * Lowest first: the rulebook (src/protocol), the library (src/sdk, browser-safe, with the main entry
 * src/index.ts), the Node-only parts (src/node), the Hardhat layer (src/hardhat), then the apps (indexer,
 * dashboard) and the tools around them (scripts, bench, tools, test), which may import anything.
 */
import { relative, sep } from "node:path";

import { specifiersOf } from "./import-graph.js";

export interface Layer {
  /** What the layer is, for the message. */
  name: string;
  /** The files it holds: a folder ("src/sdk/") or one file ("src/index.ts"), relative to the root. */
  holds: readonly string[];
  /** The project folders or files its files may import (a file of its own layer always may). */
  may: readonly string[];
  /** The packages its files may import: a name, a scope ("@nomicfoundation/") or "node:" for Node's built-ins. */
  packages: readonly string[];
}

// @noble/hashes: plain JavaScript (ethers bundles a copy of it too); the share tree hashes bytes with it directly.
const BROWSER_SAFE = ["ethers", "zod", "@noble/hashes"];

export const LAYERS: readonly Layer[] = [
  { name: "the rulebook", holds: ["src/protocol/"], may: [], packages: BROWSER_SAFE },
  {
    name: "the library",
    holds: ["src/sdk/", "src/index.ts"],
    may: ["src/protocol/", "src/typechain.ts"],
    packages: [...BROWSER_SAFE, "yaml"],
  },
  { name: "the typed contracts", holds: ["src/typechain.ts"], may: ["typechain-types/"], packages: BROWSER_SAFE },
  {
    name: "the Node-only layer",
    holds: ["src/node/"],
    may: ["src/protocol/", "src/sdk/", "src/typechain.ts"],
    // @huggingface/hub: the Hub's own client, for registering a published dataset from its listing (src/node/hub.ts);
    // hash-wasm: keccak256 in WebAssembly for content hashes (src/node/merkle.mjs).
    packages: ["node:", "@openzeppelin/merkle-tree", "csv-parse", "@huggingface/hub", "hash-wasm", ...BROWSER_SAFE],
  },
  {
    name: "the Hardhat layer",
    holds: ["src/hardhat/"],
    may: ["src/protocol/", "src/sdk/", "src/node/", "src/index.ts", "src/typechain.ts"],
    packages: ["node:", "hardhat", "@nomicfoundation/", ...BROWSER_SAFE],
  },
  {
    name: "the indexer",
    holds: ["indexer/"],
    // The share-tree file reader (Node-only): the indexer serves proofs from the published trees.
    may: ["src/protocol/", "src/node/share-tree-file.ts"],
    packages: ["node:", "ponder", "hono", "viem"],
  },
  {
    name: "the dashboard",
    holds: ["dashboard/"],
    may: ["src/index.ts", "src/protocol/"],
    packages: [...BROWSER_SAFE, "vite"],
  },
];

/** The layer a file (relative, with "/") belongs to: the most specific `holds` entry that matches. */
function layerOf(file: string): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of LAYERS) {
    for (const held of layer.holds) {
      const hit = held.endsWith("/") ? file.startsWith(held) : file === held;
      if (hit && (best === undefined || held.length > best.length)) best = { layer, length: held.length };
    }
  }
  return best?.layer;
}

function allowedFile(layer: Layer, target: string): boolean {
  return [...layer.holds, ...layer.may].some((entry) =>
    entry.endsWith("/") ? target.startsWith(entry) : target === entry,
  );
}

function allowedPackage(layer: Layer, specifier: string): boolean {
  return layer.packages.some((p) =>
    p === "node:"
      ? specifier.startsWith("node:")
      : p.endsWith("/")
        ? specifier.startsWith(p)
        : specifier === p || specifier.startsWith(`${p}/`) || specifier.startsWith(`${p}:`),
  );
}

/** Every import a file may not make, as "file: imports X: why", for the files given (absolute paths). */
export function layerViolations(root: string, files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const from = relative(root, file).split(sep).join("/");
    const layer = layerOf(from);
    if (layer === undefined) continue;
    for (const { specifier, resolved } of specifiersOf(file)) {
      if (resolved !== undefined) {
        const target = relative(root, resolved).split(sep).join("/");
        if (!allowedFile(layer, target)) {
          found.push(
            `${from}: imports ${target}, which ${layer.name} may not (it may import ${[...layer.holds, ...layer.may].join(", ")})`,
          );
        }
      } else if (!specifier.startsWith(".") && !allowedPackage(layer, specifier)) {
        found.push(
          `${from}: imports the package ${specifier}, which ${layer.name} may not (it may import ${layer.packages.join(", ")})`,
        );
      }
    }
  }
  return found;
}
