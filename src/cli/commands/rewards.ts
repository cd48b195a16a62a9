import { isAddress } from "ethers";

import { clientFor, type CommandContext } from "../context.js";
import { formatAmount, table } from "../io.js";
import { parseAmount, parseId } from "../parse.js";
import { UsageError } from "../run.js";

export interface DepositArguments {
  model: string;
  /** In whole tokens, e.g. "12.5". */
  amount: string;
  permit: boolean;
}

/** `rewards:deposit`: pays revenue into a model's pool from the signer. */
export async function depositCommand(args: DepositArguments, ctx: CommandContext): Promise<void> {
  parseId(args.model, "--model", "model");
  const dd = await clientFor(ctx);
  const [decimals, symbol] = await Promise.all([dd.token.decimals(), dd.token.symbol()]);
  const amount = parseAmount(args.amount, Number(decimals));
  if (amount === 0n) throw new UsageError("the amount must be more than zero");
  const txs = await dd.deposit(args.model, amount, { permit: args.permit });
  const total = await dd.vault.inflow(args.model);
  ctx.io.out(
    `deposited ${formatAmount(amount, Number(decimals))} ${symbol} into model ${args.model} ` +
      `(pool total ${formatAmount(total, Number(decimals))} ${symbol}; ${txs.length} transaction(s))`,
  );
}

function account(given: string, ctx: CommandContext): string {
  if (given === "") return ctx.signer.address;
  if (!isAddress(given)) throw new UsageError(`--account must be an address, got "${given}"`);
  return given;
}

/** `rewards:claimable`: what an account may claim, per (dataset, model) edge and in total. */
export async function claimableCommand(args: { account: string }, ctx: CommandContext): Promise<bigint> {
  const dd = await clientFor(ctx);
  const who = account(args.account, ctx);
  const [report, decimals, symbol] = await Promise.all([dd.claimable(who), dd.token.decimals(), dd.token.symbol()]);
  const d = Number(decimals);
  if (report.edges.length === 0) {
    ctx.io.out(`${report.account} holds no share of any dataset a model declared`);
    return 0n;
  }
  ctx.io.out(
    table(
      ["dataset", "model", "share index", "released", "claimable", "state"],
      report.edges.map((e) => [
        short(e.dataset),
        short(e.model),
        e.index,
        formatAmount(e.released, d),
        formatAmount(e.claimable, d),
        e.state === "payable" ? "" : `${e.state}: ${formatAmount(e.owed, d)} held`,
      ]),
    ),
  );
  ctx.io.out(`total claimable by ${report.account}: ${formatAmount(report.total, d)} ${symbol}`);
  return report.total;
}

/** `rewards:claim`: pays an account everything it is owed (anyone may send this). */
export async function claimCommand(args: { account: string }, ctx: CommandContext): Promise<bigint> {
  const dd = await clientFor(ctx);
  const who = account(args.account, ctx);
  const [decimals, symbol] = await Promise.all([dd.token.decimals(), dd.token.symbol()]);
  const result = await dd.claimAll(who);
  if (result.paid === 0n) {
    ctx.io.out(`nothing to claim for ${result.account}`);
    return 0n;
  }
  ctx.io.out(
    `paid ${formatAmount(result.paid, Number(decimals))} ${symbol} to ${result.account} for ${result.edges} edge(s) in ${result.transactions.length} transaction(s)` +
      (result.forwards > 0 ? `, after forwarding ${result.forwards} lineage hop(s)` : ""),
  );
  return result.paid;
}

/** `rewards:forward`: moves a fine-tune's royalty into its parent's pool (anyone may). */
export async function forwardCommand(args: { model: string }, ctx: CommandContext): Promise<bigint> {
  parseId(args.model, "--model", "model");
  const dd = await clientFor(ctx);
  const [decimals, symbol] = await Promise.all([dd.token.decimals(), dd.token.symbol()]);
  const result = await dd.forward(args.model);
  ctx.io.out(
    result.amount === 0n
      ? `nothing to forward from ${args.model} to its parent ${result.parent}`
      : `forwarded ${formatAmount(result.amount, Number(decimals))} ${symbol} from ${args.model} to its parent ${result.parent}`,
  );
  return result.amount;
}

const short = (hex: string) => `${hex.slice(0, 10)}…${hex.slice(-4)}`;
