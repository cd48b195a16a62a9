import { ZeroAddress, ZeroHash, getAddress, hexlify, randomBytes, type ContractTransactionResponse } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import { checkedContributors, type ContributorShare } from "../../protocol/contributors.js";
import { commitmentOf, datasetId, type DatasetId } from "../../protocol/ids.js";
import { checkedURI } from "../../protocol/uri.js";
import { decoding } from "../revert.js";
import type { CommitmentJournal, WaitOptions } from "../types.js";
import { REVEAL_WAIT, waitForBlock } from "../waiting.js";

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
 * Registers a dataset for the signer: one transaction where the registry has no commit delay,
 * otherwise commit, wait the delay, reveal, with the commitment journaled before it is paid for. A hash
 * the signer already registered is reported, not re-sent; one registered finally by someone else is an
 * `ALREADY_REGISTERED` error, and so is a provisional one, unless the signer holds an older live
 * commitment (journaled, or its salt given), whose reveal then displaces it, as the registry allows.
 * Waits are counted in the registry's clock, which stands still while registration is paused.
 */
export async function registerDataset(
  ctx: ClientContext,
  parameters: RegisterDatasetParameters,
  options: RegisterDatasetOptions = {},
): Promise<RegisterDatasetResult> {
  const registrant = await ctx.signerAddress();
  const id = datasetId(parameters.contentHash);
  const record = await ctx.datasets.dataset(id);
  const existing = record.registrant;
  if (existing !== ZeroAddress && getAddress(existing) === registrant) {
    // A registration is permanent: a rerun that asks for something else is told what the chain holds.
    const differences = await differencesFromChain(ctx, id, registrant, parameters);
    if (differences.length > 0) {
      throw new DataDividendsError(
        "ALREADY_REGISTERED",
        `dataset ${id} is already registered by ${registrant} with ${differences.join("; ")}: a registration is permanent (a share slot moves with move-share)`,
      );
    }
    return { id, registrant, status: "already-registered", transactions: [] };
  }
  checkedURI(parameters.metadataURI);
  const sorted = checkedContributors(parameters.contributors);
  const registration = {
    contentHash: id,
    metadataURI: parameters.metadataURI,
    contributors: sorted.map((c) => c.account),
    shares: sorted.map((c) => c.shares),
  };
  return registerWithPriority(ctx, id, registrant, record, options, "register", (salt) =>
    ctx.datasets.register(registration, salt),
  );
}

/**
 * The registry's priority rules, for any reveal (a list's `register`, a share tree's `registerTree`): one
 * transaction where the registry has no commit delay, otherwise commit, wait the delay, reveal, with the
 * commitment journaled before it is paid for. `reveal` sends the reveal with the commitment's salt.
 */
export async function registerWithPriority(
  ctx: ClientContext,
  id: DatasetId,
  registrant: string,
  record: { registrant: string; provisionalUntil: bigint },
  options: RegisterDatasetOptions,
  action: string,
  reveal: (salt: string) => Promise<ContractTransactionResponse>,
): Promise<RegisterDatasetResult> {
  const existing = record.registrant;
  const transactions: string[] = [];
  const delay = await ctx.datasets.commitDelay();
  const alreadyRegistered = () =>
    new DataDividendsError("ALREADY_REGISTERED", `dataset ${id} is already registered by ${existing}`);
  if (existing !== ZeroAddress && delay === 0n) throw alreadyRegistered();
  if (delay === 0n) {
    const tx = await decoding(action, () => reveal(ZeroHash));
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
  const window = delay + (await ctx.datasets.commitWindow());
  if (existing !== ZeroAddress) {
    // Someone else's registration: final, or provisional and outranked only by a strictly older commitment.
    const clock = await ctx.datasets.clock();
    const incumbentCommittedAt = record.provisionalUntil - window;
    const live = committedAt !== 0n && clock + 1n <= committedAt + window;
    if (clock >= record.provisionalUntil || !live || committedAt >= incumbentCommittedAt) throw alreadyRegistered();
    options.onStatus?.(
      `${existing} holds a provisional registration from a younger commitment; revealing the older one (registry block ${committedAt}) displaces it`,
    );
  }
  if (committedAt !== 0n) {
    const expiresAt = committedAt + window;
    if ((await ctx.datasets.clock()) + 1n > expiresAt) {
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
  if (await ctx.datasets.paused()) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `registration on ${ctx.addresses.datasets} is paused; the commitment is kept (salt ${salt}) and ages only while unpaused: rerun once it resumes`,
    );
  }
  // The reveal's own block must be at least committedAt + delay on the registry clock, which trails the
  // block number by the blocks registration has been paused.
  const head = await ctx.provider.getBlockNumber();
  const lag = BigInt(head) - (await ctx.datasets.clock({ blockTag: head }));
  await waitForBlock(ctx.provider, committedAt + delay + lag - 1n, options, REVEAL_WAIT);
  const tx = await decoding(`${action} (reveal)`, () => reveal(salt));
  transactions.push(await ctx.mined(tx));
  await options.journal?.remove(key);
  return { id, registrant, status: "registered", salt, transactions };
}

/**
 * How a requested registration differs from the one the chain holds, in words (empty when it matches): its
 * metadata URI and its contributors as registered (the `DatasetRegistered` event: slots moved since, by their
 * holders or a ruling, do not count as a difference).
 */
async function differencesFromChain(
  ctx: ClientContext,
  id: DatasetId,
  registrant: string,
  parameters: RegisterDatasetParameters,
): Promise<string[]> {
  const events = await ctx.datasets.queryFilter(
    ctx.datasets.filters.DatasetRegistered(id, registrant),
    ctx.addresses.fromBlock ?? 0,
  );
  const registered = events.at(-1);
  if (registered === undefined) return [];
  const differences: string[] = [];
  if (registered.args.metadataURI !== parameters.metadataURI) {
    differences.push(`the metadata URI ${registered.args.metadataURI}`);
  }
  const held = registered.args.contributors.map((account, i) => `${getAddress(account)}:${registered.args.shares[i]}`);
  const asked = checkedContributors(parameters.contributors).map((c) => `${getAddress(c.account)}:${c.shares}`);
  if ([...held].sort().join() !== [...asked].sort().join()) differences.push(`the contributors ${held.join(", ")}`);
  return differences;
}
