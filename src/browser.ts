/**
 * The browser-safe entry: the rulebook and the typed client, with nothing that needs Node (no hashing,
 * no files, no Hardhat). Web apps import this instead of a deep path; `datadividends` (src/sdk) adds
 * hashing, manifests and deployment.
 *
 * @example
 * import { DataDividends, edgeState } from "datadividends/browser";
 */
export * from "./protocol/index.js";
export { DataDividends, type Payout } from "./sdk/client.js";
export type { VaultHandle } from "./sdk/context.js";
export type { ClaimPayment, ClaimResult } from "./sdk/actions/claim-all.js";
export type { ForwardResult } from "./sdk/actions/forward.js";
export { decodeRevert } from "./sdk/revert.js";
export type {
  ClaimableEdge,
  ClaimableReport,
  ClientOptions,
  DataDividendsAddresses,
  TokenAmount,
  TokenVault,
  WaitOptions,
} from "./sdk/types.js";
