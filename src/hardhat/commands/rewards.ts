import { isAddress } from "ethers";

import type { VaultHandle } from "../../sdk/context.js";
import type { DataDividends } from "../../sdk/client.js";
import { clientFor, type CommandContext } from "../context.js";
import { formatAmount, table } from "../io.js";
import { parseAddress, parseAmount, parseId } from "../parse.js";
import { UsageError } from "../run.js";

export interface DepositArguments {
  model: string;
  /** In whole tokens, e.g. "12.5". */
  amount: string;
  permit: boolean;
  /** The reward token: its address or symbol (default: the bundled token). */
  token?: string;
}

export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
}

/** Symbol and decimals of every vault's token, read once. */
export async function tokensOf(dd: DataDividends): Promise<TokenInfo[]> {
  return Promise.all(
    dd.allVaults.map(async (v: VaultHandle) => {
      const [symbol, decimals] = await Promise.all([v.erc20.symbol(), v.erc20.decimals()]);
      return { address: v.token, symbol, decimals: Number(decimals) };
    }),
  );
}

const infoOf = (tokens: TokenInfo[], address: string) => tokens.find((t) => t.address === address)!;
export const amountIn = (t: TokenInfo, amount: bigint) => `${formatAmount(amount, t.decimals)} ${t.symbol}`;

/** `--token`: an address or a symbol of one of the deployment's reward tokens. */
export function pickToken(tokens: TokenInfo[], given: string | undefined): TokenInfo {
  if (given === undefined || given === "") return tokens[0];
  const wanted = given.toLowerCase();
  const match = tokens.find((t) => (isAddress(given) ? t.address : t.symbol).toLowerCase() === wanted);
  if (match === undefined) {
    throw new UsageError(
      `--token ${given} is not a reward token of this deployment (it has ${tokens.map((t) => `${t.symbol} ${t.address}`).join(", ")}); add a vault for it with \`npx hardhat datadividends deploy --token ${isAddress(given) ? given : "<its address>"}\``,
    );
  }
  return match;
}

/** `datadividends rewards deposit`: pays revenue into a model's pool from the signer, in any of the deployment's reward tokens. */
export async function depositCommand(args: DepositArguments, ctx: CommandContext): Promise<void> {
  const model = parseId(args.model, "--model", "model");
  const dd = await clientFor(ctx);
  const token = pickToken(await tokensOf(dd), args.token);
  const amount = parseAmount(args.amount, token.decimals);
  if (amount === 0n) throw new UsageError("the amount must be more than zero");
  const result = await dd.deposit(model, amount, { permit: args.permit, token: token.address });
  ctx.io.out(
    `deposited ${amountIn(token, amount)} into model ${model} ` +
      `(pool total ${amountIn(token, result.inflow)}; ${result.transactions.length} transaction(s))`,
  );
}

function account(given: string, ctx: CommandContext): string {
  if (given === "") return ctx.signer.address;
  return parseAddress(given, "--account");
}

/** `datadividends rewards claimable`: what an account may claim, per (dataset, model, token) edge and per token. */
export async function claimableCommand(
  args: { account: string; indexer?: string },
  ctx: CommandContext,
): Promise<void> {
  const dd = await clientFor(withIndexer(ctx, args.indexer));
  const who = account(args.account, ctx);
  const [report, tokens] = await Promise.all([dd.claimable(who), tokensOf(dd)]);
  // Edges of vaults nobody paid into are noise: show an edge once it has taken or is owed something.
  const shown = report.edges.filter((e) => e.released > 0n || e.owed > 0n || e.claimable > 0n);
  if (report.edges.length === 0) {
    ctx.io.out(`${report.account} holds no share of any dataset a model declared`);
    return;
  }
  if (shown.length > 0) {
    ctx.io.out(
      table(
        ["dataset", "model", "share slot", "token", "released", "claimable", "state"],
        shown.map((e) => {
          const t = infoOf(tokens, e.token);
          return [
            short(e.dataset),
            short(e.model),
            e.index,
            t.symbol,
            formatAmount(e.released, t.decimals),
            formatAmount(e.claimable, t.decimals),
            e.state === "payable" ? "" : `${e.state}: ${formatAmount(e.owed, t.decimals)} held`,
          ];
        }),
      ),
    );
  }
  const totals = report.totals.map((t) => {
    const forwarded = report.edges.filter((e) => e.token === t.token).reduce((sum, e) => sum + e.fromForwards, 0n);
    const info = infoOf(tokens, t.token);
    return `${amountIn(info, t.amount)}${forwarded > 0n ? ` (${amountIn(info, forwarded)} of it from fine-tunes' royalties the claim forwards first)` : ""}`;
  });
  ctx.io.out(`total claimable by ${report.account}: ${totals.join(", ")}`);
}

/** The context with `--indexer` (checked to be an http(s) URL) in its client options. */
function withIndexer(ctx: CommandContext, indexer: string | undefined): CommandContext {
  if (indexer === undefined || indexer === "") return ctx;
  let url: URL | undefined;
  try {
    url = new URL(indexer);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new UsageError(`--indexer must be an http(s) URL such as http://127.0.0.1:42069, not "${indexer}"`);
  }
  return { ...ctx, client: { ...ctx.client, indexer } };
}

/** `datadividends rewards claim`: pays an account everything it is owed, in every reward token (anyone may send this). */
export async function claimCommand(args: { account: string; indexer?: string }, ctx: CommandContext): Promise<void> {
  const dd = await clientFor(withIndexer(ctx, args.indexer));
  const who = account(args.account, ctx);
  const [result, tokens] = await Promise.all([dd.claimAll(who), tokensOf(dd)]);
  const paid = result.payments.filter((p) => p.paid > 0n);
  if (paid.length === 0) {
    ctx.io.out(`nothing to claim for ${result.account}`);
    return;
  }
  for (const p of paid) {
    ctx.io.out(
      `paid ${amountIn(infoOf(tokens, p.token), p.paid)} to ${result.account} for ${p.edges} edge(s) in ${p.transactions.length} transaction(s)` +
        (p.forwards > 0 ? `, after forwarding ${p.forwards} lineage hop(s)` : ""),
    );
  }
}

/** `datadividends rewards forward`: moves a fine-tune's royalty into its parent's pool, in every reward token (anyone may). */
export async function forwardCommand(args: { model: string }, ctx: CommandContext): Promise<void> {
  const model = parseId(args.model, "--model", "model");
  const dd = await clientFor(ctx);
  const [result, tokens] = await Promise.all([dd.forward(model), tokensOf(dd)]);
  ctx.io.out(
    result.forwarded.length === 0
      ? `nothing to forward from ${model} to its parent ${result.parent}`
      : `forwarded ${result.forwarded.map((f) => amountIn(infoOf(tokens, f.token), f.amount)).join(", ")} from ${model} to its parent ${result.parent}`,
  );
}

const short = (hex: string) => `${hex.slice(0, 10)}…${hex.slice(-4)}`;
