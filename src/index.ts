/**
 * DataDividends for Node: the library (client, actions, rulebook: src/sdk, src/protocol) and the Node-only
 * parts: dataset hashing, manifests and the file journal of pending commitments (src/node).
 *
 * @example
 * import { DataDividends, hashDataset, datasetId } from "datadividends";
 */
export * from "./sdk/index.js";
export {
  hashDataset,
  listDatasetFiles,
  treeOf,
  type DatasetHash,
  type FileEntry,
  type HashDatasetOptions,
  type HashProgress,
} from "./node/hashing.js";
export {
  buildManifest,
  manifestContributors,
  manifestFiles,
  proveFile,
  readManifest,
  verifyManifest,
  writeManifest,
  type Creator,
  type DatasetDescription,
  type DatasetManifest,
  type FileProof,
  type Verification,
} from "./node/manifest.js";
export { DEFAULT_JOURNAL, FileJournal } from "./node/journal.js";
