/** The registries' URI rule (`MetadataURI.check`), for metadata and evidence URIs alike. */
import { DataDividendsError } from "./errors.js";

/** Longest metadata or evidence URI the registries accept, in UTF-8 bytes (`MetadataURI.MAX_LENGTH`). */
export const MAX_URI_BYTES = 2048;

/**
 * `uri` if the registries accept it (non-empty, at most 2,048 UTF-8 bytes); otherwise an `INVALID_INPUT`
 * error naming what is wrong. Checked before any transaction, so a URI a reveal would refuse never costs a commit.
 */
export function checkedURI(uri: string, what = "metadata URI"): string {
  const bytes = new TextEncoder().encode(uri).length;
  if (bytes === 0) throw new DataDividendsError("INVALID_INPUT", `the ${what} is empty`);
  if (bytes > MAX_URI_BYTES) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `the ${what} is ${bytes} bytes; the registry accepts at most ${MAX_URI_BYTES}`,
    );
  }
  return uri;
}
