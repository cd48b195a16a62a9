/**
 * The registry's contributor-list rule (`DatasetRegistry._checkContributors`), for every path that writes
 * one: the SDK before a commit, the CLI's `--contributors`, and a manifest's creators.
 */
import { ZeroAddress, getAddress, isAddress } from "ethers";

import { DataDividendsError } from "./errors.js";
import { sortByAscendingId } from "./ids.js";

/** Most contributors one dataset may list (`DatasetRegistry.MAX_CONTRIBUTORS`). */
export const MAX_CONTRIBUTORS = 256;
/** Most shares one contributor may hold (`uint32`). */
export const MAX_SHARES = 0xffffffffn;

/** One contributor and its shares, in any order. */
export interface ContributorShare {
  account: string;
  shares: bigint | number;
}

/**
 * Contributors as the registry wants them (checksummed, strictly ascending), refused here, before any
 * transaction, for everything the registry would refuse at the reveal.
 */
export function checkedContributors(contributors: readonly ContributorShare[]): { account: string; shares: bigint }[] {
  if (contributors.length === 0)
    throw new DataDividendsError("INVALID_INPUT", "a dataset needs at least one contributor");
  if (contributors.length > MAX_CONTRIBUTORS) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${contributors.length} contributors; a dataset may list at most ${MAX_CONTRIBUTORS}`,
    );
  }
  const sorted = sortByAscendingId(
    contributors.map((c) => {
      if (!isAddress(c.account))
        throw new DataDividendsError("INVALID_INPUT", `contributor "${c.account}" is not an address`);
      const shares = BigInt(c.shares);
      if (shares < 1n || shares > MAX_SHARES) {
        throw new DataDividendsError(
          "INVALID_INPUT",
          `shares of ${c.account} must be from 1 to 4294967295, got ${shares}`,
        );
      }
      return { account: getAddress(c.account), shares };
    }),
    (c) => c.account,
  );
  sorted.forEach((c, i) => {
    if (c.account === ZeroAddress)
      throw new DataDividendsError("INVALID_INPUT", "the zero address cannot be a contributor");
    if (i > 0 && c.account === sorted[i - 1].account) {
      throw new DataDividendsError("INVALID_INPUT", `contributor ${c.account} is listed twice`);
    }
  });
  return sorted;
}
