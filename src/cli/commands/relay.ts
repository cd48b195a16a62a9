import { readFile, readdir as readdirOf, writeFile } from "node:fs/promises";
import { join } from "node:path";

import type { SignedClaim } from "../../sdk/actions/relay.js";
import { clientFor, type CommandContext } from "../context.js";
import { formatAmount, table } from "../io.js";
import { parseAmount } from "../parse.js";
import { UsageError } from "../run.js";
import { amountIn, pickToken, tokensOf } from "./rewards.js";

/** `rewards:sign-claim`: the signer (a contributor, no ETH needed) signs a claim anyone may send for a tip. */
export async function signClaimCommand(
  args: { maxTip: string; token: string; validFor: string; out: string },
  ctx: CommandContext,
): Promise<void> {
  if (args.out === "") throw new UsageError("--out is required: the file to write the signed claim to (JSON)");
  if (!/^\d+$/.test(args.validFor) || BigInt(args.validFor) < 60n) {
    throw new UsageError(`--valid-for must be a whole number of seconds, at least 60, got "${args.validFor}"`);
  }
  const dd = await clientFor(ctx);
  const token = pickToken(await tokensOf(dd), args.token);
  const maxTip = parseAmount(args.maxTip, token.decimals);
  const signed = await dd.signClaim({ maxTip, token: token.address, validFor: BigInt(args.validFor) });
  await writeFile(args.out, `${JSON.stringify(signed, null, 2)}\n`).catch(() => {
    throw new UsageError(`cannot write the signed claim to ${args.out}`);
  });
  ctx.io.out(
    `signed a claim of ${signed.requests.length} edge(s) for ${signed.account} in ${token.symbol}, a tip of at most ${amountIn(token, maxTip)}, valid until ${new Date(Number(signed.deadline) * 1000).toISOString()}; wrote ${args.out} (nothing was sent)`,
  );
}

/** Reads and shape-checks a signed claim file. */
export async function readSignedClaim(path: string): Promise<SignedClaim> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new UsageError(`${path} is not a readable signed claim (JSON from rewards:sign-claim)`);
  }
  const c = parsed as Partial<SignedClaim>;
  const fields: (keyof SignedClaim)[] = ["vault", "chainId", "account", "maxTip", "nonce", "deadline", "signature"];
  const missing = fields.filter((f) => typeof c[f] !== "string");
  if (missing.length > 0 || !Array.isArray(c.requests)) {
    throw new UsageError(
      `${path} is not a signed claim: it lacks ${[...missing, ...(Array.isArray(c.requests) ? [] : ["requests"])].join(", ")}`,
    );
  }
  return c as SignedClaim;
}

/** `rewards:relay`: sends someone's signed claim, taking a tip out of it (the signer pays no gas). */
export async function relayCommand(args: { claim: string; tip: string }, ctx: CommandContext): Promise<void> {
  if (args.claim === "") throw new UsageError("--claim is required: a signed claim file from rewards:sign-claim");
  const signed = await readSignedClaim(args.claim);
  const dd = await clientFor(ctx);
  const handle = dd.vaults.find((v) => (v.vault.target as string).toLowerCase() === signed.vault.toLowerCase());
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
 * `rewards:keeper`: sends every signed claim in a folder that pays at least `--min-tip` to the sender,
 * taking each one's signed cap, in file-name order, at most `--max` of them a run; `--dry-run` simulates
 * each and sends nothing. A claim that is spent, expired, for another deployment, or would revert is
 * skipped with its reason. Every wait is bounded (`--tx-timeout`).
 */
export async function keeperCommand(
  args: { claims: string; minTip: string; max: string; dryRun: boolean; token: string },
  ctx: CommandContext,
): Promise<void> {
  if (args.claims === "") throw new UsageError("--claims is required: a folder of signed claim files (JSON)");
  if (!/^\d+$/.test(args.max) || Number(args.max) < 1 || Number(args.max) > 10_000) {
    throw new UsageError(`--max must be a whole number from 1 to 10000, got "${args.max}"`);
  }
  const names = (
    await readdirOf(args.claims).catch(() => {
      throw new UsageError(`cannot read the folder ${args.claims}`);
    })
  )
    .filter((n) => n.endsWith(".json"))
    .sort()
    .slice(0, Number(args.max));
  const dd = await clientFor(ctx);
  const { decimals, symbol } = pickToken(await tokensOf(dd), args.token);
  const minTip = parseAmount(args.minTip, decimals);
  const rows: string[][] = [];
  let sent = 0;
  for (const name of names) {
    const row = (what: string, amount = "", tip = "") => rows.push([name, amount, tip, what]);
    let signed: SignedClaim;
    try {
      signed = await readSignedClaim(join(args.claims, name));
    } catch (error) {
      row(`skipped: ${(error as Error).message}`);
      continue;
    }
    if (BigInt(signed.maxTip) < minTip) {
      row(`skipped: its tip cap is below --min-tip`, "", formatAmount(BigInt(signed.maxTip), decimals));
      continue;
    }
    try {
      const result = await dd.relayClaim(signed, { send: !args.dryRun });
      const amounts = [formatAmount(result.amount, decimals), formatAmount(result.tip, decimals)] as const;
      row(args.dryRun ? "would send" : `sent ${result.transaction}`, ...amounts);
      if (!args.dryRun) sent += 1;
    } catch (error) {
      row(`skipped: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  if (rows.length > 0) ctx.io.out(table(["claim", `amount (${symbol})`, "tip", "action"], rows));
  ctx.io.out(
    `${names.length} signed claim(s) looked at; ${args.dryRun ? `${rows.filter((r) => r[3] === "would send").length} would be sent (dry run: nothing was sent)` : `${sent} sent`}`,
  );
}
