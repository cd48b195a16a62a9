/**
 * The SDK's one error type and its codes. No contract code here: hashing and manifests use it without
 * loading a single ABI; revert decoding lives in revert.ts.
 */

/**
 * Stable error codes: match on these, never on message text.
 * - `CONTRACT_REVERT`: a contract refused the call (`revert` names the custom error).
 * - `INVALID_INPUT`, `NOT_FOUND`, `ALREADY_REGISTERED`: refused before anything was sent.
 * - `SIGNATURE_SPENT`, `SIGNATURE_EXPIRED`: a signed claim that can never be sent (its nonce was used or revoked,
 *   or its deadline passed); refused before anything was sent.
 * - `HASH_FAILED`, `MANIFEST_INVALID`: a dataset's files or its manifest.
 * - `TIMEOUT`: a transaction (or a block) did not come in time; it may still.
 * - `TRANSACTION_DROPPED`: a transaction was replaced, cancelled or dropped.
 * - `TRANSACTION_REJECTED`: the node would not take a transaction (funds, nonce, fee).
 * - `RPC_UNAVAILABLE`: the node could not be reached, or stopped answering.
 * - `INDEXER_UNAVAILABLE`: the indexer given (`ClientOptions.indexer`) could not be reached or answered with an error.
 * - `HUB_UNAVAILABLE`: the Hugging Face Hub (or `HF_ENDPOINT`) could not be reached, stopped answering, or sent a
 *   listing cut short.
 * - `UNKNOWN`: anything else, with its cause.
 */
export type DataDividendsErrorCode =
  | "CONTRACT_REVERT"
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "ALREADY_REGISTERED"
  | "SIGNATURE_SPENT"
  | "SIGNATURE_EXPIRED"
  | "HASH_FAILED"
  | "MANIFEST_INVALID"
  | "TIMEOUT"
  | "TRANSACTION_DROPPED"
  | "TRANSACTION_REJECTED"
  | "RPC_UNAVAILABLE"
  | "INDEXER_UNAVAILABLE"
  | "HUB_UNAVAILABLE"
  | "UNKNOWN";

/**
 * The one error type the SDK throws: a stable `code`, a one-line `message` that says what to do
 * next, and the underlying `cause`.
 *
 * @example
 * try { await dd.claimAll(account) } catch (e) {
 *   if (e instanceof DataDividendsError && e.code === "CONTRACT_REVERT") console.log(e.revert?.name);
 * }
 */
export class DataDividendsError extends Error {
  override readonly name = "DataDividendsError";

  constructor(
    readonly code: DataDividendsErrorCode,
    message: string,
    options?: { cause?: unknown; revert?: DecodedRevert },
  ) {
    super(message, { cause: options?.cause });
    this.revert = options?.revert;
  }

  /** Set for `CONTRACT_REVERT`: the custom error's name and arguments. */
  readonly revert?: DecodedRevert;
}

/** A custom error decoded from revert data. */
export interface DecodedRevert {
  name: string;
  args: Record<string, unknown>;
  /** `Name(arg=value, …)`, ready to print. */
  text: string;
}

/** Whether an error (anywhere in its cause chain) says the node could not be reached or stopped answering. */
export function isUnreachable(error: unknown): boolean {
  // ethers' error codes (its `isError` compares `code` alike; not imported, so that hashing alone loads no ethers).
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "NETWORK_ERROR" || code === "SERVER_ERROR" || code === "TIMEOUT") return true;
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (
      (typeof code === "string" &&
        /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EPIPE|UND_ERR_)/.test(code)) ||
      /HHE703|socket hang up|fetch failed|Cannot connect to the network/.test(current.message)
    ) {
      return true;
    }
    current = current.cause;
  }
  return false;
}
