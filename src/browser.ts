/**
 * The browser-safe entry: the library (typed client, actions, rulebook) with nothing that needs Node (no
 * hashing, no files, no Hardhat). Web apps import this instead of a deep path.
 *
 * @example
 * import { DataDividends, edgeState } from "datadividends/browser";
 */
export * from "./sdk/index.js";
