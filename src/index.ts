/**
 * DataDividends: the typed client and what its callers name (IDs, statuses, errors, parameter and result
 * types). Browser-safe: no Node built-ins, no Hardhat, no console, so a web app imports it as a script
 * does. The Node-only parts (hashing, manifests, the commitment journal) are `datadividends/node`; the
 * Hardhat plugin `datadividends/hardhat`; test deployments `datadividends/testing`.
 *
 * @example
 * import { DataDividends, datasetId } from "datadividends";
 * const dd = DataDividends.connect(signer, addresses);
 * const owed = await dd.claimable(account);
 */
export { DataDividends, type Payout } from "./sdk/client.js";
export type { VaultHandle } from "./sdk/context.js";
// Each action is a method of `DataDividends` (which holds the connection they share); only their parameter
// and result types are exported here, so nothing is exported that a user cannot call.
export type { ClaimPayment, ClaimResult } from "./sdk/actions/claim-all.js";
export type { ForwardResult } from "./sdk/actions/forward.js";
export type { DepositOptions, DepositResult } from "./sdk/actions/deposit.js";
export type { DisputeReport, FlagResult, Ruling } from "./sdk/actions/disputes.js";
export type { BondWithdrawal } from "./sdk/actions/holdings.js";
export { DEFAULT_CLAIM_VALIDITY, type RelayResult, type SignedClaim } from "./sdk/actions/relay.js";
export type {
  RegisterDatasetOptions,
  RegisterDatasetParameters,
  RegisterDatasetResult,
} from "./sdk/actions/register-dataset.js";
export type { DatasetUsage, RegisterModelParameters, RegisterModelResult } from "./sdk/actions/register-model.js";
export type {
  IdentitySlotEarnings,
  RegisterShareTreeParameters,
  ShareTreeSource,
  SignedAttestation,
  SlotStanding,
  TreeClaimResult,
} from "./sdk/actions/share-trees.js";
export { rewardToken, type RewardToken } from "./sdk/erc20.js";
export type { RegisteredDataset, RegisteredModel, ShareTreeTerms } from "./sdk/events.js";
export { parseModelCard, usageFromModelCard, type ModelCardUsage } from "./sdk/model-card.js";
export { indexerTreeSource } from "./sdk/indexer.js";
export { decodeRevert } from "./sdk/revert.js";
export {
  signBinding,
  signClaim,
  signPermit,
  signRegistration,
  type BindingMessage,
  type ClaimMessage,
} from "./sdk/signatures.js";
export {
  DEFAULT_TX_TIMEOUT_MS,
  type ClaimableEdge,
  type ClaimableReport,
  type ClientOptions,
  type CommitmentJournal,
  type DataDividendsAddresses,
  type PendingCommitment,
  type TokenAmount,
  type TokenVault,
  type WaitOptions,
} from "./sdk/types.js";
// What the indexer answers (its clients read these types).
export type {
  AccountView,
  ClaimableEdgeJson,
  ClaimableResponse,
  DatasetEarnings,
  DeploymentInfo,
  EarningsLine,
  IdentityView,
  SlotProofJson,
  ModelPayers,
  TokenInfo,
} from "./protocol/api.js";
export { MAX_CONTRIBUTORS, MAX_SHARES, type ContributorShare } from "./protocol/contributors.js";
export { DataDividendsError, type DataDividendsErrorCode, type DecodedRevert } from "./protocol/errors.js";
export {
  DatasetStatus,
  DisputeState,
  FlagReason,
  commitmentOf,
  datasetId,
  datasetStatusName,
  disputeStateName,
  modelId,
  modelIdOf,
  type DatasetId,
  type ModelId,
} from "./protocol/ids.js";
export { BPS, minimumParentWeight } from "./protocol/royalty.js";
export {
  IDENTITY_NAMESPACES,
  identityCommitment,
  parseHolder,
  shareTreesAddress,
  type Holder,
  type SlotLeaf,
  type SlotProofPath,
} from "./protocol/share-tree.js";
export { MAX_URI_BYTES } from "./protocol/uri.js";
