/**
 * The DataDividends library: the typed client, its actions and the rulebook. No Node built-ins, no Hardhat,
 * no console: it runs in a browser as it does in Node (`datadividends/browser`). The package's main entry
 * (src/index.ts) adds the Node-only parts: hashing, manifests and the commitment journal.
 *
 * @example
 * import { DataDividends, datasetId } from "datadividends/browser";
 */
// The rulebook: IDs, errors, and each protocol rule the contracts enforce (src/protocol).
export * from "../protocol/index.js";
export { DataDividends, type Payout } from "./client.js";
export type { VaultHandle } from "./context.js";
// Each action is a method of `DataDividends` (which holds the connection they share); only their parameter
// and result types are exported here, so nothing is exported that a user cannot call.
export { MAX_EDGES_PER_CLAIM, type ClaimPayment, type ClaimResult } from "./actions/claim-all.js";
export type { ForwardResult } from "./actions/forward.js";
export type { DepositOptions, DepositResult } from "./actions/deposit.js";
export type { DisputeReport, FlagResult, Ruling } from "./actions/disputes.js";
export type { BondWithdrawal } from "./actions/holdings.js";
export { DEFAULT_CLAIM_VALIDITY, type RelayResult, type SignedClaim } from "./actions/relay.js";
export type {
  RegisterDatasetOptions,
  RegisterDatasetParameters,
  RegisterDatasetResult,
} from "./actions/register-dataset.js";
export type { DatasetUsage, RegisterModelParameters, RegisterModelResult } from "./actions/register-model.js";
export { deployDataDividends, deployTokenVault, type Deployment } from "./deploy.js";
export { rewardToken, type RewardToken } from "./erc20.js";
export { REORG_DEPTH, type RegisteredDataset, type RegisteredModel } from "./events.js";
export { parseModelCard, usageFromModelCard, type ModelCardUsage } from "./model-card.js";
export {
  DEFAULT_DEPLOY_PARAMETERS,
  DEFAULT_GOVERNANCE_PARAMETERS,
  type DeployParameters,
  type GovernanceParameters,
} from "./parameters.js";
export { mineBlocks, ONE_BY_ONE_LIMIT, type RpcSend } from "./mining.js";
export { decodeRevert } from "./revert.js";
export { rewardVaultDomain, signClaim, signPermit, signRegistration, type ClaimMessage } from "./signatures.js";
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
} from "./types.js";
