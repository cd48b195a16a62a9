import { ZeroAddress, ZeroHash, getAddress, hexlify, isAddress, randomBytes } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../errors.js";
import { commitmentOf, datasetId, sortByAscendingId, type DatasetId } from "../ids.js";
import { decoding } from "../revert.js";
import type { CommitmentJournal, WaitOptions } from "../types.js";
import { REVEAL_WAIT, waitForBlock } from "../waiting.js";

export interface ContributorShare {
  account: string;
  shares: bigint | number;
}

export interface RegisterDatasetParameters {
  /** The content hash (`hashDataset(...).root`), which becomes the dataset's ID. */
  contentHash: string;
  metadataURI: string;
  contributors: readonly ContributorShare[];
}

export interface RegisterDatasetOptions extends WaitOptions {
  /** Commitment salt (32 bytes hex); random by default. Reuse it to resume an interrupted registration. */
  salt?: string;
  /** Pending commitments: found and revealed on a rerun, saved before a commit is sent. */
  journal?: CommitmentJournal;
}

export interface RegisterDatasetResult {
  id: DatasetId;
  registrant: string;
  status: "registered" | "already-registered";
  salt?: string;
  transactions: string[];
}

/**
 * Contributors as the registry wants them (checksummed, strictly ascending), refused here, before any
 * transaction, for everything the registry would refuse at the reveal.
 */
export function checkedContributors(contributors: readonly ContributorShare[]): { account: string; shares: bigint }[] {
  if (contributors.length === 0)
    throw new DataDividendsError("INVALID_INPUT", "a dataset needs at least one contributor");
  if (contributors.length > 256) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${contributors.length} contributors; a dataset may list at most 256`,
    );
  }
  const sorted = sortByAscendingId(
    contributors.map((c) => {
      if (!isAddress(c.account))
        throw new DataDividendsError("INVALID_INPUT", `contributor "${c.account}" is not an address`);
      const shares = BigInt(c.shares);
      if (shares < 1n || shares > 0xffffffffn) {
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

/**
 * Registers a dataset for the signer: one transaction where the registry has no commit delay,
 * otherwise commit, wait the delay, reveal, with the commitment journaled before it is paid for. A hash
 * the signer already registered is reported, not re-sent; one registered by someone else is an
 * `ALREADY_REGISTERED` error.
 */
export async function registerDataset(
  ctx: ClientContext,
  parameters: RegisterDatasetParameters,
  options: RegisterDatasetOptions = {},
): Promise<RegisterDatasetResult> {
  const registrant = await ctx.signerAddress();
  const id = datasetId(parameters.contentHash);
  const existing = (await ctx.datasets.dataset(id)).registrant;
  if (existing !== ZeroAddress) {
    if (getAddress(existing) === registrant) return { id, registrant, status: "already-registered", transactions: [] };
    throw new DataDividendsError("ALREADY_REGISTERED", `dataset ${id} is already registered by ${existing}`);
  }
  const sorted = checkedContributors(parameters.contributors);
  const registration = {
    contentHash: id,
    metadataURI: parameters.metadataURI,
    contributors: sorted.map((c) => c.account),
    shares: sorted.map((c) => c.shares),
  };
  const transactions: string[] = [];
  const delay = await ctx.datasets.commitDelay();
  if (delay === 0n) {
    const tx = await decoding("register", () => ctx.datasets.register(registration, ZeroHash));
    transactions.push(await ctx.mined(tx));
    return { id, registrant, status: "registered", transactions };
  }

  const key = {
    chainId: (await ctx.provider.getNetwork()).chainId.toString(),
    registry: getAddress(ctx.addresses.datasets),
    contentHash: id,
    registrant,
  };
  const journaled = options.salt === undefined ? await options.journal?.find(key) : undefined;
  let salt = options.salt ?? journaled?.salt ?? hexlify(randomBytes(32));
  let committedAt = await ctx.datasets.committedAt(commitmentOf(id, registrant, salt));
  if (committedAt !== 0n) {
    const expiresAt = committedAt + delay + (await ctx.datasets.commitWindow());
    if (BigInt(await ctx.provider.getBlockNumber()) + 1n > expiresAt) {
      options.onStatus?.(`the commitment made at block ${committedAt} expired at block ${expiresAt}; committing again`);
      salt = hexlify(randomBytes(32));
      committedAt = 0n;
    } else {
      options.onStatus?.(`resuming the commitment made at block ${committedAt} (salt ${salt})`);
    }
  }
  if (committedAt === 0n) {
    // Written before anything is paid: a process killed after the commit can still reveal it.
    await options.journal?.save({ ...key, salt });
    options.onStatus?.(`committing (salt ${salt})`);
    const tx = await decoding("commit", () => ctx.datasets.commit(commitmentOf(id, registrant, salt)));
    // Named before the wait: if the node goes away now, this is the transaction to look up.
    options.onStatus?.(`commit sent: ${tx.hash}`);
    transactions.push(await ctx.mined(tx));
    committedAt = await ctx.datasets.committedAt(commitmentOf(id, registrant, salt));
  }
  // The reveal's own block must be at least committedAt + delay.
  await waitForBlock(ctx.provider, committedAt + delay - 1n, options, REVEAL_WAIT);
  const tx = await decoding("register (reveal)", () => ctx.datasets.register(registration, salt));
  transactions.push(await ctx.mined(tx));
  await options.journal?.remove(key);
  return { id, registrant, status: "registered", salt, transactions };
}
