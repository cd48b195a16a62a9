import { ZeroAddress, ZeroHash } from "ethers";

import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import {
  DatasetStatus,
  datasetStatusName,
  modelIdOf,
  sortByAscendingId,
  type DatasetId,
  type ModelId,
} from "../../protocol/ids.js";
import { decoding } from "../revert.js";
import { minimumParentWeight } from "../../protocol/royalty.js";
import { checkedURI } from "../../protocol/uri.js";
import type { WaitOptions } from "../types.js";
import { PROVISIONAL_WAIT, waitForBlock } from "../waiting.js";

export interface DatasetUsage {
  dataset: DatasetId;
  weight: bigint | number;
}

export interface RegisterModelParameters {
  artifactHash: string;
  metadataURI: string;
  usage: readonly DatasetUsage[];
  /** The model this one derives from (a fine-tune of it). */
  parent?: ModelId;
  /** The parent edge's weight; default: the least that meets the parent's royalty floor (at least 1). */
  parentWeight?: bigint | number;
  /** What this model asks of its own derivatives, in basis points of their total weight (default 0). */
  minRoyaltyBps?: bigint | number;
}

export interface RegisterModelResult {
  id: ModelId;
  status: "registered" | "already-registered";
  /** The parent edge's weight as registered (0 without a parent). */
  parentWeight: bigint;
  transactions: string[];
}

/**
 * Registers a model owned by the signer with its declaration, in one transaction (datasets sorted for
 * you; the parent edge's weight defaults to the least that meets the parent's royalty floor). Every
 * dataset is checked first, so nothing is sent that the registry would refuse; a provisional dataset
 * is waited for until its window closes.
 */
export async function registerModel(
  ctx: ClientContext,
  parameters: RegisterModelParameters,
  options: WaitOptions = {},
): Promise<RegisterModelResult> {
  const owner = await ctx.signerAddress();
  const id = modelIdOf(owner, parameters.artifactHash);
  const record = await ctx.models.model(id);
  if (record.owner !== ZeroAddress) return { id, status: "already-registered", parentWeight: 0n, transactions: [] };
  const usage = sortByAscendingId(parameters.usage, (u) => u.dataset);
  const statusesOf = () => Promise.all(usage.map((u) => ctx.datasets.statusOf(u.dataset)));
  let statuses = await statusesOf();
  const provisional = usage.filter((_, i) => statuses[i] === DatasetStatus.Provisional);
  if (provisional.length > 0) {
    const records = await Promise.all(provisional.map((u) => ctx.datasets.dataset(u.dataset)));
    const finalFrom = records.reduce((max, r) => (r.provisionalUntil > max ? r.provisionalUntil : max), 0n) + 1n;
    // provisionalUntil is on the registry clock, which trails the block number by the blocks it was paused.
    const head = await ctx.provider.getBlockNumber();
    const lag = BigInt(head) - (await ctx.datasets.clock({ blockTag: head }));
    await waitForBlock(ctx.provider, finalFrom + lag, options, PROVISIONAL_WAIT);
    statuses = await statusesOf();
  }
  statuses.forEach((status, i) => {
    if (status !== DatasetStatus.Active) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `dataset ${usage[i].dataset} cannot be declared: it is ${datasetStatusName(status)} (only active datasets can)`,
      );
    }
  });
  const parent = parameters.parent ?? ZeroHash;
  let parentWeight = BigInt(parameters.parentWeight ?? 0);
  if (parent !== ZeroHash && parameters.parentWeight === undefined) {
    const parentRecord = await ctx.models.model(parent);
    if (parentRecord.owner === ZeroAddress) {
      throw new DataDividendsError("NOT_FOUND", `parent model ${parent} is not registered`);
    }
    const datasetWeight = usage.reduce((sum, u) => sum + BigInt(u.weight), 0n);
    parentWeight = minimumParentWeight(parentRecord.minRoyaltyBps, datasetWeight);
  }
  checkedURI(parameters.metadataURI);
  const registration = {
    artifactHash: parameters.artifactHash,
    metadataURI: parameters.metadataURI,
    datasets: usage.map((u) => u.dataset),
    weights: usage.map((u) => BigInt(u.weight)),
    parent,
    parentWeight,
    minRoyaltyBps: BigInt(parameters.minRoyaltyBps ?? 0),
  };
  const tx = await decoding("registerModel", () => ctx.models.registerModel(registration));
  return { id, status: "registered", parentWeight, transactions: [await ctx.mined(tx)] };
}
