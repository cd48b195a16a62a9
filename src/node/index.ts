/**
 * DataDividends' Node-only parts: hashing a dataset into its content hash, its manifest (write, read,
 * verify, prove a file), and the file journal that keeps a paid commitment across a crash.
 *
 * @example
 * import { hashDataset, writeManifest } from "datadividends/node";
 * const { root, files } = await hashDataset("./air-quality");
 */
export {
  hashDataset,
  listDatasetFiles,
  treeOf,
  type DatasetHash,
  type FileEntry,
  type HashDatasetOptions,
  type HashProgress,
} from "./hashing.js";
export {
  buildManifest,
  manifestContributors,
  manifestFiles,
  proveFile,
  readManifest,
  verifyManifest,
  writeDatasetManifest,
  writeManifest,
  type Creator,
  type DatasetDescription,
  type DatasetManifest,
  type FileProof,
  type Verification,
} from "./manifest.js";
export { DEFAULT_JOURNAL, FileJournal } from "./journal.js";
export {
  hashListings,
  readListings,
  writeListing,
  type HashListingsOptions,
  type ListedHash,
  type ListingSource,
} from "./listing.js";
export { HUB_ENDPOINT, hubListing, type HubListing, type HubListingOptions } from "./hub.js";
export {
  ShareTreeFile,
  buildShareTree,
  writeContributorsCsv,
  type ShareTreeHeader,
  type ShareTreeSummary,
  type TreeSlot,
} from "./share-tree-file.js";
