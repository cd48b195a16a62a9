/**
 * Crowd datasets from the command line: build a share tree from a contributors file, see what a handle earned,
 * attest and submit bindings, veto and complete them, claim tree slots, and sweep after the deadline. A tree
 * file names its dataset by its root (the registered tree's), so no task asks for both.
 */
import { readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

import type { DataDividends } from "../../sdk/client.js";
import type { DatasetId } from "../../protocol/ids.js";
import { parseHolder } from "../../protocol/share-tree.js";
import { parseSignedAttestations, signedAttestationJson } from "../../sdk/actions/share-trees.js";
import { ShareTreeFile, buildShareTree } from "../../node/share-tree-file.js";
import { clientFor, type CommandContext } from "../context.js";
import type { Io } from "../io.js";
import { table } from "../io.js";
import { isSlotIndex, parseAddress, parseId, parseSlotIndex } from "../parse.js";
import { UsageError } from "../run.js";
import { amountIn, pickToken, tokensOf } from "./rewards.js";

/** `datadividends dataset tree`: a contributors file (CSV or JSON Lines) to its tree file, `<root>.sharetree`. */
export async function treeCommand(
  args: { contributors: string; out: string; identitySalt: string },
  io: Io,
): Promise<void> {
  if (args.contributors === "") {
    throw new UsageError('--contributors is required: a .csv ("holder,shares" rows) or .jsonl file');
  }
  if (args.identitySalt !== "" && !/^0x[0-9a-fA-F]{64}$/.test(args.identitySalt)) {
    throw new UsageError(`--identity-salt must be 32 bytes of hex (0x + 64 hex digits), got "${args.identitySalt}"`);
  }
  const out = args.out !== "" ? args.out : dirname(resolve(args.contributors));
  const summary = await buildShareTree(args.contributors, out, {
    ...(args.identitySalt !== "" ? { identitySalt: args.identitySalt } : {}),
  });
  io.out(
    table(
      ["root", "slots", "addresses", "identities", "total shares", "tree file"],
      [
        [
          summary.root,
          summary.slotCount,
          summary.addressSlots,
          summary.identitySlots,
          summary.totalShares,
          summary.path,
        ],
      ],
    ),
  );
  io.err(
    "publish the tree file beside the manifest, then register with `datadividends dataset register --manifest … --tree <tree file>`",
  );
}

/** Opens the tree files of `--tree` (comma-separated). */
async function openTrees(list: string): Promise<ShareTreeFile[]> {
  if (list === "") throw new UsageError("--tree is required: the dataset's tree file (<root>.sharetree)");
  const files: ShareTreeFile[] = [];
  try {
    for (const path of list.split(",").map((p) => p.trim())) files.push(await ShareTreeFile.open(path));
  } catch (error) {
    await Promise.all(files.map((f) => f.close()));
    throw error;
  }
  return files;
}

/** The dataset each tree file was registered as (by its root), or a usage error naming the file. */
async function datasetsOf(dd: DataDividends, files: ShareTreeFile[]): Promise<Map<DatasetId, ShareTreeFile>> {
  const trees = await dd.shareTreeTerms();
  const out = new Map<DatasetId, ShareTreeFile>();
  for (const file of files) {
    const ids = [...trees].filter(([, t]) => t.root.toLowerCase() === file.root.toLowerCase()).map(([id]) => id);
    if (ids.length === 0) {
      throw new UsageError(`${file.path}: no dataset of this deployment is registered with the tree ${file.root}`);
    }
    for (const id of ids) out.set(id, file);
  }
  return out;
}

async function withTrees<T>(list: string, fn: (files: ShareTreeFile[]) => Promise<T>): Promise<T> {
  const files = await openTrees(list);
  try {
    return await fn(files);
  } finally {
    await Promise.all(files.map((f) => f.close()));
  }
}

/** `datadividends identity earnings`: what a handle earned in these trees, and what to do to receive it. */
export async function earningsCommand(args: { handle: string; tree: string }, ctx: CommandContext): Promise<void> {
  if (args.handle === "") throw new UsageError("--handle is required: hf:…, github:…, orcid:… or an e-mail address");
  let handle: string;
  try {
    const holder = parseHolder(args.handle);
    if (holder.kind !== "identity") throw new Error(`"${args.handle}" is an address: use \`rewards claimable\``);
    handle = holder.handle;
  } catch (error) {
    throw new UsageError(`--handle: ${(error as Error).message}`);
  }
  const dd = await clientFor(ctx);
  const tokens = await tokensOf(dd);
  await withTrees(args.tree, async (files) => {
    const slots = await dd.identityEarnings(handle, await datasetsOf(dd, files));
    if (slots.length === 0) {
      ctx.io.out(`${handle} holds no slot in these trees`);
      return;
    }
    const rows = slots.map((s) => {
      const owed = tokens
        .map((t) => ({ t, amount: s.owed.filter((o) => o.token === t.address).reduce((sum, o) => sum + o.amount, 0n) }))
        .filter(({ amount }) => amount > 0n)
        .map(({ t, amount }) => amountIn(t, amount));
      return [
        s.dataset,
        s.index,
        `${s.shares} of ${s.totalShares}`,
        owed.join(", ") || "nothing yet",
        s.standing.state,
      ];
    });
    ctx.io.out(table(["dataset", "slot", "shares", "earned, not yet paid", "standing"], rows));
    for (const s of slots) ctx.io.out(`slot ${s.index} of ${s.dataset}: ${s.standing.next}`);
  });
}

/** `datadividends identity attest`: the attester signs a binding of every slot of a handle to an account. */
export async function attestCommand(
  args: { handle: string; tree: string; account: string; out: string; validDays: string },
  ctx: CommandContext,
): Promise<void> {
  if (args.handle === "") throw new UsageError("--handle is required: the person's hf:…, github:…, orcid:… or e-mail");
  const account = parseAddress(args.account, "--account");
  if (args.out === "") throw new UsageError("--out is required: the JSON file the signed attestations are written to");
  if (!/^\d+$/.test(args.validDays) || Number(args.validDays) < 1 || Number(args.validDays) > 365) {
    throw new UsageError(`--valid-days must be a whole number of days from 1 to 365, got "${args.validDays}"`);
  }
  const dd = await clientFor(ctx);
  const deadline = BigInt(Math.floor(Date.now() / 1000)) + BigInt(args.validDays) * 86_400n;
  const signed = await withTrees(args.tree, async (files) => {
    const out = [];
    for (const [dataset, file] of await datasetsOf(dd, files)) {
      const indexes = await file.find(args.handle);
      for (const index of indexes)
        out.push(await dd.signAttestation({ dataset, tree: file, index, account, deadline }));
    }
    return out;
  });
  if (signed.length === 0) throw new UsageError(`${args.handle} holds no slot in these trees`);
  await writeFile(args.out, `${JSON.stringify(signed.map(signedAttestationJson), null, 2)}\n`);
  ctx.io.out(`signed ${signed.length} binding(s) of ${args.handle} to ${account}: ${args.out}`);
  ctx.io.err("anyone may submit them with `datadividends identity bind --attestation <file> --tree <tree file>`");
}

/** `datadividends identity bind`: submits signed attestations (anyone may); each waits out its window. */
export async function bindCommand(args: { attestation: string; tree: string }, ctx: CommandContext): Promise<void> {
  if (args.attestation === "") throw new UsageError("--attestation is required: the file `identity attest` wrote");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(args.attestation, "utf8"));
  } catch (error) {
    throw new UsageError(`${args.attestation}: not readable JSON (${(error as Error).message.split("\n")[0]})`);
  }
  const signed = parseSignedAttestations(json, args.attestation);
  const dd = await clientFor(ctx);
  await withTrees(args.tree, async (files) => {
    const byDataset = await datasetsOf(dd, files);
    for (const s of signed) {
      const file = byDataset.get(s.dataset);
      if (file === undefined) throw new UsageError(`--tree has no tree of dataset ${s.dataset}`);
      const { effectiveAt } = await dd.proposeBinding(file, s);
      ctx.io.out(
        `slot ${s.index} of ${s.dataset}: binding to ${s.attestation.account} takes effect at ${new Date(Number(effectiveAt) * 1000).toISOString()} unless vetoed; then \`datadividends identity complete\``,
      );
    }
  });
}

const slotOf = (args: { dataset: string; index: string }) => ({
  dataset: parseId(args.dataset, "--dataset", "dataset"),
  index: parseSlotIndex(args.index),
});

/** `datadividends identity veto`: the registrant or an arbiter vetoes a pending binding in its window. */
export async function vetoCommand(args: { dataset: string; index: string }, ctx: CommandContext): Promise<void> {
  const { dataset, index } = slotOf(args);
  const tx = await (await clientFor(ctx)).vetoBinding(dataset, index);
  ctx.io.out(`vetoed the binding of slot ${index} of ${dataset} (transaction ${tx}); its attestation is spent`);
}

/** `datadividends identity complete`: completes a binding whose window has passed (anyone may). */
export async function completeCommand(args: { dataset: string; index: string }, ctx: CommandContext): Promise<void> {
  const { dataset, index } = slotOf(args);
  const tx = await (await clientFor(ctx)).completeBinding(dataset, index);
  ctx.io.out(`slot ${index} of ${dataset} is bound (transaction ${tx}); its wallet claims with \`rewards claim\``);
}

/** `datadividends rewards claim-tree`: claims the signer's slots in these trees, proving them in the claim. */
export async function claimTreeCommand(args: { tree: string; token: string }, ctx: CommandContext): Promise<void> {
  const dd = await clientFor(ctx);
  const tokens = await tokensOf(dd);
  const token = pickToken(tokens, args.token);
  await withTrees(args.tree, async (files) => {
    for (const [dataset, file] of await datasetsOf(dd, files)) {
      const result = await dd.claimTreeSlots(dataset, file, ctx.signer.address, { token: token.address });
      ctx.io.out(
        `claimed ${amountIn(token, result.amount)} for slot(s) ${result.slots.join(", ")} of ${dataset}` +
          (result.proved.length > 0 ? ` (proved ${result.proved.join(", ")} in the same transaction)` : "") +
          ` (transaction ${result.transaction})`,
      );
    }
  });
}

/** `datadividends dataset sweep`: after the deadline, hands unbound identity slots to the fallback account. */
export async function sweepCommand(args: { tree: string; index: string }, ctx: CommandContext): Promise<void> {
  const indexes = args.index.split(",").map((text) => {
    if (!isSlotIndex(text.trim())) {
      throw new UsageError(`--index takes slot numbers "3,17,…", got "${text}"`);
    }
    return Number(text);
  });
  const dd = await clientFor(ctx);
  await withTrees(args.tree, async (files) => {
    for (const [dataset, file] of await datasetsOf(dd, files)) {
      const txs = await dd.sweepSlots(dataset, file, indexes);
      ctx.io.out(
        `swept slot(s) ${indexes.join(", ")} of ${dataset} to its fallback account (${txs.length} transaction(s))`,
      );
    }
  });
}
