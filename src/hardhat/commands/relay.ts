import { mkdir, readFile, readdir as readdirOf, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { ZeroAddress } from "ethers";

import { DataDividendsError } from "../../protocol/errors.js";
import { parseSignedClaim, type SignedClaim } from "../../sdk/actions/relay.js";
import { clientFor, type CommandContext } from "../context.js";
import { formatAmount, table } from "../io.js";
import { parseAmount } from "../parse.js";
import { UsageError } from "../run.js";
import { address, z } from "../../protocol/schema.js";
import { omittable, parseArguments, parseOption, required, wholeNumber } from "../arguments.js";
import { amountIn, pickToken, tokensOf, type TokenInfo } from "./rewards.js";

/** `--max-tip-share`: a percentage with at most two decimals ("10", "2.5"), as basis points. */
export function parseTipShare(text: string): number {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  const bps = m === null ? NaN : Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (!(bps <= 10_000)) {
    throw new UsageError(`--max-tip-share must be a percentage from 0 to 100 with at most 2 decimals, got "${text}"`);
  }
  return bps;
}

/** `datadividends rewards sign-claim`: the signer (a contributor, no ETH needed) signs a claim a relayer may send for a tip. */
export async function signClaimCommand(
  args: { maxTip: string; maxTipShare: string; relayer: string; token: string; validFor: string; out: string },
  ctx: CommandContext,
): Promise<void> {
  const { out, validFor, relayer } = parseArguments(
    z.object({
      out: required(z.string(), "the file to write the signed claim to (JSON)"),
      validFor: wholeNumber(60n, 366n * 86_400n, "seconds (a year at most)"),
      relayer: omittable(address),
    }),
    args,
  );
  const maxTipBps = parseTipShare(args.maxTipShare);
  const dd = await clientFor(ctx);
  const token = pickToken(await tokensOf(dd), args.token);
  const maxTip = parseAmount(args.maxTip, token.decimals);
  const signed = await dd.signClaim({
    maxTip,
    maxTipBps,
    token: token.address,
    validFor,
    ...(relayer === undefined ? {} : { relayer }),
  });
  await writeFile(out, `${JSON.stringify(signed, null, 2)}\n`).catch(() => {
    throw new UsageError(`cannot write the signed claim to ${out}`);
  });
  ctx.io.out(
    `signed a claim of ${signed.requests.length} edge(s) for ${signed.account} in ${token.symbol}, ${
      signed.relayer === ZeroAddress ? "for anyone to send" : `for ${signed.relayer} alone to send`
    }, a tip of at most ${amountIn(token, maxTip)} and ${formatAmount(BigInt(maxTipBps), 2)}% of what it pays, valid until ${new Date(Number(signed.deadline) * 1000).toISOString()}; wrote ${out} (nothing was sent)`,
  );
}

/** `datadividends rewards revoke-claim`: spends the signer's current signed-claim nonce, so a claim handed out can no longer be sent. */
export async function revokeClaimCommand(args: { token: string }, ctx: CommandContext): Promise<void> {
  const dd = await clientFor(ctx);
  const token = pickToken(await tokensOf(dd), args.token);
  const result = await dd.revokeClaim({ token: token.address });
  ctx.io.out(
    `revoked the signed ${token.symbol} claims of ${result.account} with nonce ${result.nonce}: none of them can be sent now (transaction ${result.transaction})`,
  );
}

/** Reads a signed claim file and parses it by schema (`signedClaimSchema`): a refusal names the file, the field and the value. */
export async function readSignedClaim(path: string): Promise<SignedClaim> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `cannot read the signed claim ${path}: ${error.code === "ENOENT" ? "no such file" : error.code === "EISDIR" ? "it is a folder" : (error.code ?? error.message)}`,
    );
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(
      `${path} is not JSON: a signed claim is the JSON file datadividends rewards sign-claim writes`,
    );
  }
  return parseSignedClaim(parsed, path);
}

/** `datadividends rewards relay`: sends someone's signed claim, taking a tip out of it (the signer pays no gas). */
export async function relayCommand(args: { claim: string; tip: string }, ctx: CommandContext): Promise<void> {
  if (args.claim === "")
    throw new UsageError("--claim is required: a signed claim file from datadividends rewards sign-claim");
  const signed = await readSignedClaim(args.claim);
  const dd = await clientFor(ctx);
  const handle = dd.allVaults.find((v) => (v.vault.target as string).toLowerCase() === signed.vault.toLowerCase());
  // Another deployment's vault has no token here: relayClaim refuses it, naming the vault.
  const token = (await tokensOf(dd)).find((t) => t.address === handle?.token);
  const decimals = token?.decimals ?? 18;
  const symbol = token?.symbol ?? "";
  const tip = args.tip === "" ? undefined : parseAmount(args.tip, decimals);
  const result = await dd.relayClaim(signed, tip === undefined ? {} : { tip });
  ctx.io.out(
    `paid ${formatAmount(result.amount - result.tip, decimals)} ${symbol} to ${result.account} and a tip of ${formatAmount(result.tip, decimals)} ${symbol} to ${ctx.signer.address}` +
      (result.forwards > 0 ? `, after forwarding ${result.forwards} lineage hop(s)` : "") +
      ` (transaction ${result.transaction})`,
  );
}

/**
 * A per-token setting: "0.5" for every vault (in each vault's own token), or "DDR=1,USDC=0.5" by symbol or
 * address; parsed into base units of each token (or, with `decimals` fixed, of that unit).
 */
function perToken(
  text: string,
  flag: string,
  tokens: TokenInfo[],
  decimalsOf: (t: TokenInfo) => number,
): Map<string, bigint> {
  const values = new Map<string, bigint>();
  if (text === "") return values;
  if (!text.includes("=")) {
    for (const t of tokens) values.set(t.address, parseFlagAmount(text, decimalsOf(t), flag));
    return values;
  }
  for (const part of text.split(",")) {
    const [key, value = "", ...rest] = part.split("=").map((x) => x.trim());
    if (rest.length > 0 || value === "") throw new UsageError(`${flag} "${part}" is not TOKEN=amount`);
    const token = pickToken(tokens, key);
    values.set(token.address, parseFlagAmount(value, decimalsOf(token), flag));
  }
  return values;
}

function parseFlagAmount(text: string, decimals: number, flag: string): bigint {
  try {
    return parseAmount(text, decimals);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

/** Where a signed claim file goes once it can never be sent: `<folder>/spent/` or `<folder>/expired/`. */
async function moveAside(folder: string, name: string, why: "spent" | "expired"): Promise<string> {
  await mkdir(join(folder, why), { recursive: true });
  await rename(join(folder, name), join(folder, why, name));
  return `${why}: moved to ${join(folder, why, name)}`;
}

/** `datadividends rewards keeper`'s options ("" where not given). */
export interface KeeperArguments {
  claims: string;
  minTip: string;
  max: string;
  maxGas: string;
  tipValue: string;
  dryRun: boolean;
  token: string;
}

/**
 * `datadividends rewards keeper`: sends the signed claims in a folder that are worth it to the sender, in file-name order,
 * at most `--max` sends a run (files it skips do not count). A claim is worth it when its tip, in its own
 * vault's token, reaches `--min-tip`, its simulated gas stays under `--max-gas`, and, where `--tip-value`
 * prices its token in ETH, the tip is worth more than the gas at the node's fee. Spent and expired files are
 * moved to `spent/` and `expired/`; a malformed file is named and skipped; a claim for another relayer,
 * chain or deployment is skipped with its reason. `--dry-run` simulates each and sends or moves nothing.
 * Every wait is bounded (`--tx-timeout`).
 */
export async function keeperCommand(args: KeeperArguments, ctx: CommandContext): Promise<void> {
  if (args.claims === "") throw new UsageError("--claims is required: a folder of signed claim files (JSON)");
  const max = Number(parseOption("--max", args.max, wholeNumber(1n, 10_000n, "claims")));
  const maxGas = parseOption("--max-gas", args.maxGas, wholeNumber(21_000n, 30_000_000n, "gas"));
  const names = (
    await readdirOf(args.claims, { withFileTypes: true }).catch(() => {
      throw new UsageError(`cannot read the folder ${args.claims}`);
    })
  )
    .filter((e) => e.isFile() && e.name.endsWith(".json"))
    .map((e) => e.name)
    .sort();
  const dd = await clientFor(ctx);
  const tokens = await tokensOf(dd);
  const only = args.token === "" ? undefined : pickToken(tokens, args.token);
  const minTips = perToken(args.minTip === "" ? "0" : args.minTip, "--min-tip", tokens, (t) => t.decimals);
  // ETH (18 decimals) per whole token: scaled by 10^18 so a price below one wei per base unit is kept.
  const prices = perToken(args.tipValue, "--tip-value", tokens, () => 18);
  const sender = ctx.signer.address;
  const fees = await ctx.signer.provider!.getFeeData();
  const gasPrice = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
  const rows: string[][] = [];
  let sent = 0;
  let worth = 0;
  for (const name of names) {
    if (worth >= max) break;
    const file = join(args.claims, name);
    let signed: SignedClaim;
    try {
      signed = await readSignedClaim(file);
    } catch (error) {
      rows.push([name, "", "", "", `skipped: ${(error as Error).message}`]);
      continue;
    }
    const handle = dd.allVaults.find((v) => (v.vault.target as string).toLowerCase() === signed.vault.toLowerCase());
    const token = tokens.find((t) => t.address === handle?.token);
    const row = (what: string, amount?: bigint, tip?: bigint, gas?: bigint) =>
      rows.push([
        name,
        amount === undefined || token === undefined ? "" : amountIn(token, amount),
        tip === undefined || token === undefined ? "" : amountIn(token, tip),
        gas === undefined ? "" : gas.toString(),
        what,
      ]);
    if (only !== undefined && token?.address !== only.address) {
      row(`skipped: not a ${only.symbol} claim`);
      continue;
    }
    let result;
    try {
      result = await dd.relayClaim(signed, { send: false });
    } catch (error) {
      const code = error instanceof DataDividendsError ? error.code : undefined;
      const gone = code === "SIGNATURE_SPENT" ? "spent" : code === "SIGNATURE_EXPIRED" ? "expired" : undefined;
      if (gone !== undefined && !args.dryRun) row(await moveAside(args.claims, name, gone));
      else row(`skipped: ${(error as Error).message.split("\n")[0]}`);
      continue;
    }
    const minTip = minTips.get(result.token) ?? 0n;
    if (result.tip < minTip || result.tip === 0n) {
      row(`skipped: its tip is below --min-tip (${amountIn(token!, minTip)})`, result.amount, result.tip, result.gas);
      continue;
    }
    if (result.gas > maxGas) {
      row(`skipped: ${result.gas} gas is above --max-gas`, result.amount, result.tip, result.gas);
      continue;
    }
    const price = prices.get(result.token);
    if (price !== undefined) {
      // The tip's worth in wei: tip base units × (wei per whole token) / 10^decimals.
      const tipWei = (result.tip * price) / 10n ** BigInt(token!.decimals);
      const cost = result.gas * gasPrice;
      if (tipWei <= cost) {
        row(
          `skipped: its tip is worth ${formatAmount(tipWei, 18)} ETH, its gas costs ${formatAmount(cost, 18)} ETH`,
          result.amount,
          result.tip,
          result.gas,
        );
        continue;
      }
    }
    worth += 1;
    if (args.dryRun) {
      row("would send", result.amount, result.tip, result.gas);
      continue;
    }
    try {
      const done = await dd.relayClaim(signed);
      row(`sent ${done.transaction}`, done.amount, done.tip, result.gas);
      sent += 1;
      await moveAside(args.claims, name, "spent");
    } catch (error) {
      row(`skipped: ${(error as Error).message.split("\n")[0]}`, result.amount, result.tip, result.gas);
    }
  }
  if (rows.length > 0) ctx.io.out(table(["claim", "amount", "tip", "gas", "action"], rows));
  ctx.io.out(
    `${rows.length} signed claim(s) looked at as ${sender}; ${args.dryRun ? `${worth} would be sent (dry run: nothing was sent or moved)` : `${sent} sent`}`,
  );
}
