/**
 * The rulebook: each protocol rule written once in TypeScript, beside the contracts' own versions and held to
 * them by differential tests (test/protocol). The SDK, the CLI, the indexer and the dashboard import it.
 * Browser-safe: no Node built-ins, no Hardhat.
 *
 * @example
 * import { edgeState, earned, forwardsInto } from "datadividends/protocol";
 */
export type {
  AccountView,
  ClaimableEdgeJson,
  ClaimableResponse,
  DeploymentInfo,
  EarningsLine,
  TokenInfo,
} from "./api.js";
export { MAX_CONTRIBUTORS, MAX_SHARES, checkedContributors, type ContributorShare } from "./contributors.js";
export { credited, earned } from "./earnings.js";
export { DataDividendsError, type DataDividendsErrorCode, type DecodedRevert } from "./errors.js";
export {
  DatasetStatus,
  DisputeState,
  FlagReason,
  commitmentOf,
  compareIds,
  datasetId,
  datasetStatusName,
  disputeStateName,
  modelId,
  modelIdOf,
  sortByAscendingId,
  type DatasetId,
  type ModelId,
} from "./ids.js";
export { forwardsInto, hopsWorthSending, type Hop, type LineageNode } from "./lineage.js";
export {
  RECORD_KEYS,
  firstJournalBlock,
  parseAddressesFile,
  parseDeploymentRecord,
  type DeploymentRecord,
  type RecordedVault,
} from "./record.js";
export { BPS, meetsRoyaltyFloor, minimumParentWeight } from "./royalty.js";
export {
  FLAG_FROZEN,
  FLAG_RETIRED,
  edgeState,
  isFrozen,
  payableFrom,
  type DatasetStanding,
  type EdgeState,
} from "./standing.js";
export { MAX_URI_BYTES, checkedURI } from "./uri.js";
