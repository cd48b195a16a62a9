import type { ClientContext } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import type { ModelId } from "../../protocol/ids.js";
import { decoding } from "../revert.js";
import { signPermit } from "../signatures.js";

export interface DepositOptions {
  /** The reward token to pay in (its vault must be in the deployment). Default: the bundled token. */
  token?: string;
  /** Sign an EIP-2612 permit instead of sending an approval (the token must support permits). */
  permit?: boolean;
  /** The permit's deadline, in seconds since the epoch (default: an hour from now). */
  deadline?: bigint;
}

export interface DepositResult {
  token: string;
  vault: string;
  /** The model's pool total in that vault after the deposit. */
  inflow: bigint;
  transactions: string[];
}

/**
 * Pays `amount` (base units of the token) into a model's pool from the signer: with an EIP-2612 permit
 * where `permit` is set (no approval transaction), else approving the exact amount first when the
 * allowance is short. Everything the deposit would refuse (an unknown model, a short balance, a paused
 * vault) is refused before an approval is paid for.
 */
export async function deposit(
  ctx: ClientContext,
  model: ModelId,
  amount: bigint,
  options: DepositOptions = {},
): Promise<DepositResult> {
  if (amount <= 0n) throw new DataDividendsError("INVALID_INPUT", "the amount must be positive");
  const { token, vault, erc20 } = ctx.vaultFor(options.token);
  const payer = await ctx.signerAddress();
  const vaultAddress = await vault.getAddress();
  const transactions: string[] = [];
  const [balance, totalWeight, paused] = await Promise.all([
    erc20.balanceOf(payer),
    ctx.models.totalWeightOf(model),
    vault.paused(),
  ]);
  if (totalWeight === 0n) throw new DataDividendsError("NOT_FOUND", `model ${model} is not registered`);
  if (balance < amount) {
    throw new DataDividendsError(
      "INVALID_INPUT",
      `${payer} holds ${balance} base units of ${token}, less than ${amount}`,
    );
  }
  if (paused)
    throw new DataDividendsError("INVALID_INPUT", `the vault ${vaultAddress} is paused: deposits are stopped`);
  if (options.permit) {
    // A token without EIP-2612 answers neither; its permit call would revert after the signature was asked for.
    const supported = await Promise.all([erc20.nonces(payer), erc20.DOMAIN_SEPARATOR()]).then(
      () => true,
      () => false,
    );
    if (!supported) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        `the token ${token} does not take EIP-2612 permits (no nonces or DOMAIN_SEPARATOR); deposit without a permit (an approval first)`,
      );
    }
    // The deadline is the chain's clock plus an hour: a development chain's clock may be far from the wall's.
    const head = await ctx.provider.getBlock("latest");
    const deadline = options.deadline ?? BigInt(head?.timestamp ?? Math.floor(Date.now() / 1000)) + 3600n;
    const { chainId } = await ctx.provider.getNetwork();
    const signer = ctx.runner as Parameters<typeof signPermit>[0];
    const signature = await signPermit(signer, erc20, vaultAddress, amount, deadline, chainId);
    const tx = await decoding("depositWithPermit", () =>
      vault.depositWithPermit(model, amount, deadline, signature.v, signature.r, signature.s),
    );
    transactions.push(await ctx.mined(tx));
  } else {
    if ((await erc20.allowance(payer, vaultAddress)) < amount) {
      const tx = await decoding("approve", () => erc20.approve(vaultAddress, amount));
      transactions.push(await ctx.mined(tx));
    }
    const tx = await decoding("deposit", () => vault.deposit(model, amount));
    transactions.push(await ctx.mined(tx));
  }
  return { token, vault: vaultAddress, inflow: await vault.inflow(model), transactions };
}
