import { existsSync } from "node:fs";
import { readFile, rename } from "node:fs/promises";
import { join, relative } from "node:path";

import { Interface, getAddress, isAddress, type FunctionFragment } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import DataDividendsModule from "../ignition/modules/DataDividends.js";
import { tokenVaultModule } from "../ignition/modules/TokenVault.js";
import { rewardToken } from "../../sdk/erc20.js";
import { DatasetRegistry__factory } from "../../typechain.js";
import { DEVELOPMENT_IGNITION_PARAMETERS, MODULE_PARAMETERS } from "../parameters.js";
import { parseInput, z } from "../../protocol/schema.js";
import { isDevelopmentNode } from "../context.js";
import { CREATEX_ADDRESS, DEFAULT_SALT_TEXT, create2Salt, ensureCreateX } from "../create2.js";
import type { DataDividendsAddresses } from "../../sdk/types.js";
import { deploymentDirectory, foreignRecordMessage, recordStanding } from "../deployment.js";
import { table, type Io } from "../io.js";
import { UsageError } from "../run.js";

export interface DeployArguments {
  /** Ignition parameters file; defaults to ignition/parameters/<network>.json where it exists. */
  parameters: string;
  /** Ignition deployment folder name; defaults to `chain-<chainId>`. */
  deploymentId?: string;
  /** Discard a stale deployment record (a restarted node) and deploy afresh. */
  reset?: boolean;
  /** Also deploy a vault for this ERC-20 (an address) on the same registries. */
  token?: string;
  /** Deploy every contract through CreateX's CREATE2: the same addresses on every chain. */
  deterministic?: boolean;
  /** The CREATE2 salt: text (hashed) or 32 bytes of hex; default `DEFAULT_SALT_TEXT`. */
  salt?: string;
}

/**
 * `deploy`: deploys (or resumes deploying) the token, both registries and the vault through Hardhat
 * Ignition. Its journal makes a rerun on the same chain a no-op.
 */
export async function deployCommand(
  args: DeployArguments,
  connection: NetworkConnection,
  io: Io,
  projectRoot = process.cwd(),
): Promise<DataDividendsAddresses> {
  if (args.salt !== undefined && args.salt !== "" && args.deterministic !== true) {
    throw new UsageError("--salt is the CREATE2 salt of --deterministic: give both, or neither");
  }
  const fallback = join(projectRoot, "ignition", "parameters", `${connection.networkName}.json`);
  const parameters = args.parameters !== "" ? args.parameters : existsSync(fallback) ? fallback : undefined;
  if (parameters !== undefined && !existsSync(parameters))
    throw new UsageError(`parameters file ${parameters} does not exist`);
  if (parameters !== undefined) await checkParameters(parameters);
  const { ethers, ignition } = connection;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const ephemeral = connection.networkConfig.type === "edr-simulated";
  // Without a parameters file, a development node gets the development defaults, not the module's
  // production ones (no tokens minted, a 7,200-block commit window a model registration would mine through).
  const development = parameters === undefined && (ephemeral || (await isDevelopmentNode(ethers)));
  const extra = args.token !== undefined && args.token !== "" ? await checkedToken(args.token, connection) : undefined;
  const dir = deploymentDirectory(chainId, args.deploymentId, join(projectRoot, "ignition", "deployments"));
  const shown = relative(process.cwd(), dir) || dir;
  // The in-process network keeps no record, so it never reads, judges or removes one (a node's may be here).
  if (!ephemeral) {
    const standing = await recordStanding(dir, ethers.provider);
    if ((standing.kind === "foreign" || standing.kind === "stale") && !args.reset) {
      throw new UsageError(foreignRecordMessage(shown, standing, { name: connection.networkName, inProcess: false }));
    }
    // --reset never deletes: the record (a failed first deploy's too) moves aside, and the user is told where.
    if (args.reset && existsSync(dir)) {
      const backup = `${dir}.backup-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      await rename(dir, backup);
      io.err(`moved the old deployment record ${shown} to ${relative(process.cwd(), backup) || backup}`);
    }
  }
  io.err(
    `deploying DataDividends to ${connection.networkName} (chain ${chainId})${
      parameters
        ? ` with ${relative(process.cwd(), parameters) || parameters}`
        : development
          ? " with the development defaults (no ignition/parameters file for this network)"
          : ""
    }`,
  );
  const deployer = (await ethers.getSigners())[0]?.address ?? "(no account)";
  let strategy = {};
  const salt =
    args.deterministic === true
      ? create2Salt(args.salt !== undefined && args.salt !== "" ? args.salt : DEFAULT_SALT_TEXT, deployer)
      : undefined;
  // A record made another way (plainly, or with another salt) holds other addresses than this run would make.
  const recorded = ephemeral ? undefined : await recordedStrategy(dir);
  if (recorded !== undefined && (recorded.salt ?? "").toLowerCase() !== (salt ?? "").toLowerCase()) {
    const made = (s: string | undefined) =>
      s === undefined ? "plainly (no --deterministic)" : `through CREATE2 with salt ${s}`;
    throw new UsageError(
      `the deployment record ${shown} was made ${made(recorded.salt)}, and this run would deploy ${made(salt)}, at other addresses: deploy under another --deployment-id, or move the record aside with --reset`,
    );
  }
  if (salt !== undefined) {
    if ((await ensureCreateX(connection)) === "deployed") io.err(`deployed the CreateX factory at ${CREATEX_ADDRESS}`);
    io.err(
      `deploying through CreateX's CREATE2 with salt ${salt} (only ${deployer} can use it): the same addresses on every chain for this deployer`,
    );
    strategy = { strategy: "create2" as const, strategyConfig: { salt } };
  }
  // The same parameters file, record and strategy for the token vault below as for the rest.
  const options = {
    ...strategy,
    ...(parameters ? { parameters } : development ? { parameters: DEVELOPMENT_IGNITION_PARAMETERS } : {}),
    ...(args.deploymentId ? { deploymentId: args.deploymentId } : {}),
    displayUi: false,
  };
  const failed = async (error: unknown): Promise<never> => {
    throw (
      (await unsentTransaction(error, connection, deployer, args.deploymentId || `chain-${chainId}`)) ??
      alreadyInPlace(error, args.deterministic === true, connection.networkName) ??
      ignitionError(error, shown, connection.networkName, deployer)
    );
  };
  const deployed = await ignition.deploy(DataDividendsModule, options).catch(failed);
  const addresses: DataDividendsAddresses = {
    token: await deployed.token.getAddress(),
    datasets: await deployed.datasets.getAddress(),
    models: await deployed.models.getAddress(),
    vault: await deployed.vault.getAddress(),
  };
  const rows = [
    ["DataRewardToken", addresses.token],
    ["DatasetRegistry", addresses.datasets],
    ["ModelRegistry", addresses.models],
    ["RewardVault", addresses.vault],
  ];
  if (extra !== undefined) {
    // The registries' admin (a governed deployment's timelock) administers the new vault too, unless told.
    const admin = await DatasetRegistry__factory.connect(addresses.datasets, ethers.provider).defaultAdmin();
    io.err(`deploying a vault for ${extra.symbol} (${extra.address}) on the same registries, administered by ${admin}`);
    const { vault } = await ignition.deploy(tokenVaultModule(extra.address, addresses, admin), options).catch(failed);
    addresses.vaults = [{ token: extra.address, vault: await vault.getAddress() }];
    rows.push([`${extra.symbol}`, extra.address], [`RewardVault (${extra.symbol})`, addresses.vaults[0].vault]);
  }
  io.out(table(["contract", "address"], rows));
  io.out(
    ephemeral
      ? "in-process network: nothing was recorded, and the contracts vanish when this process exits"
      : `deployment record: ${shown} (the other tasks read their addresses from it)`,
  );
  if (!ephemeral && !(await isDevelopmentNode(ethers))) {
    io.out(
      `verify on Etherscan, Blockscout and Sourcify: npx hardhat ignition verify ${args.deploymentId || `chain-${chainId}`} --network ${connection.networkName}`,
    );
  }
  return addresses;
}

/**
 * Ignition's HHE10410: its record holds a transaction it prepared and cannot tell was sent (a first deploy
 * whose send failed, e.g. for want of funds), and it refuses to go on. When the chain has no transaction
 * at that nonce from the deployer, it was never sent: say so, and name the `ignition wipe` that clears it
 * (keeping the contracts deployed so far), or `--reset`.
 */
async function unsentTransaction(
  error: unknown,
  connection: NetworkConnection,
  deployer: string,
  deploymentId: string,
): Promise<UsageError | undefined> {
  const message = error instanceof Error ? error.message : String(error);
  const m = /HHE10410[\s\S]*?for future (\S+?)\.?\s[\s\S]*?with nonce (\d+)/.exec(message);
  if (m === null) return undefined;
  const [, future, nonce] = m;
  const sent = (await connection.ethers.provider.getTransactionCount(deployer, "pending")) > Number(nonce);
  const network = connection.networkName;
  return new UsageError(
    sent
      ? `the record of ${deploymentId} holds a transaction for ${future} (nonce ${nonce} from ${deployer}) that Ignition cannot find: look its hash up in a block explorer and add it with \`npx hardhat ignition track-tx <hash> ${deploymentId} --network ${network}\`, then deploy again`
      : `the record of ${deploymentId} holds a transaction for ${future} that was never sent (the chain has no nonce ${nonce} from ${deployer}): clear it with \`npx hardhat ignition wipe ${deploymentId} ${future}\` and deploy again (the contracts deployed so far are kept), or deploy afresh with \`npx hardhat datadividends deploy --reset --network ${network}\``,
  );
}

/**
 * CreateX's `FailedContractCreation` on a deterministic deploy: this deployer already deployed these contracts
 * with this salt (the salt is guarded, so nobody else could have). The record of it is what is missing; a
 * `--reset` cannot help (the addresses are taken by the same contracts).
 */
function alreadyInPlace(error: unknown, deterministic: boolean, network: string): UsageError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!deterministic || !/FailedContractCreation/.test(message)) return undefined;
  return new UsageError(
    `this deployer's contracts with this salt are already in place on network "${network}" (CreateX refused to create them again): restore the deployment record that names them (ignition/deployments), or deploy a new set with another --salt`,
  );
}

/**
 * Ignition's failures as one line naming the record and what to do. A record Ignition cannot reconcile
 * (a first deploy that failed partway, other parameters, another module version) is reported with an
 * empty or long list (HHE10120); `--reset` moves it aside.
 */
export function ignitionError(error: unknown, dir: string, network: string, deployer: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (
    /insufficient funds|doesn't have enough funds|gas required exceeds allowance|Gas estimation failed: Out of gas/i.test(
      message,
    )
  ) {
    return new UsageError(
      `the deployer ${deployer} cannot pay for the next contract on network "${network}" (${message.split("\n")[0].replace(/^HHE\d+:\s*/, "")}); fund it and run deploy again: the record in ${dir} keeps what was deployed, and the rerun goes on from there`,
    );
  }
  const waiting = /HHE10402\b.*?from (0x[0-9a-fA-F]{40}).*?(\d+) confirmations/s.exec(message);
  if (waiting !== null) {
    return new UsageError(
      `the deployer ${waiting[1]} has transactions on network "${network}" with fewer than ${waiting[2]} confirmations, which Ignition waits for before it deploys: run deploy again once they have ${waiting[2]} (on a development node, mine ${waiting[2]} blocks first)`,
    );
  }
  if (/reconciliation|HHE10120|HHE10[0-9]{3}.*(previous|journal)/i.test(message)) {
    const reasons = message
      .split("\n")
      .slice(1)
      .map((l) => l.trim())
      .filter((l) => l !== "" && !/^\*\s*$/.test(l));
    return new UsageError(
      `the deployment record in ${dir} does not match what this deploy would do${reasons.length > 0 ? ` (${reasons.join("; ")})` : " (a first deploy that failed partway, or other parameters)"}; keep it and deploy afresh with \`npx hardhat datadividends deploy --reset --network ${network}\` (the record is moved aside, not deleted)`,
    );
  }
  return error;
}

/** `--token`: an ERC-20 on this chain (it has code and answers `symbol` and `decimals`), or a UsageError naming it. */
async function checkedToken(
  given: string,
  connection: NetworkConnection,
): Promise<{ address: string; symbol: string; decimals: bigint }> {
  if (!isAddress(given)) throw new UsageError(`--token must be the address of an ERC-20, got "${given}"`);
  const address = getAddress(given);
  const provider = connection.ethers.provider;
  const chainId = (await provider.getNetwork()).chainId;
  if ((await provider.getCode(address)) === "0x") {
    throw new UsageError(`--token ${address}: there is no contract at that address on chain ${chainId}`);
  }
  const token = rewardToken(address, provider);
  let answer: { address: string; symbol: string; decimals: bigint };
  try {
    const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals(), token.balanceOf(address)]);
    answer = { address, symbol, decimals };
  } catch {
    throw new UsageError(
      `--token ${address} does not answer as an ERC-20 (symbol, decimals, balanceOf) on chain ${chainId}`,
    );
  }
  const rebasing = await rebasingSign(address, connection);
  if (rebasing !== undefined) {
    throw new UsageError(
      `--token ${answer.symbol} (${address}) answers ${rebasing}, the mark of a token whose balances change by themselves (rebasing or interest-bearing): a vault's accounting assumes they change only by transfers, and a negative rebase would leave its last claimants unpaid; use the token's wrapped, non-rebasing form (wstETH for stETH, say)`,
    );
  }
  return answer;
}

/**
 * The view functions by which the common rebasing and interest-bearing tokens are known: stETH-style shares,
 * Aave's scaled balances, Ampleforth's gons, Compound v3's base accrual. A heuristic (a token can change its
 * balances without any of them), which is why the README names the tokens a vault supports.
 */
const REBASING_VIEWS = [
  "function sharesOf(address) view returns (uint256)",
  "function getSharesByPooledEth(uint256) view returns (uint256)",
  "function scaledBalanceOf(address) view returns (uint256)",
  "function gonsPerFragment() view returns (uint256)",
  "function baseTrackingAccrued(address) view returns (uint64)",
];

/** The first rebasing mark `address` answers (a call that returns a word), or undefined. */
async function rebasingSign(address: string, connection: NetworkConnection): Promise<string | undefined> {
  for (const signature of REBASING_VIEWS) {
    const abi = new Interface([signature]);
    const fragment = abi.fragments[0] as FunctionFragment;
    const data = abi.encodeFunctionData(
      fragment,
      fragment.inputs.map((i) => (i.type === "address" ? address : 1n)),
    );
    const result = await connection.ethers.provider.call({ to: address, data }).catch(() => "0x");
    if (result.length >= 66) return `${fragment.name}(${fragment.inputs.map((i) => i.type).join(",")})`;
  }
  return undefined;
}

/**
 * How the record in `dir` deployed its contracts: through CREATE2 with its salt, or plainly (salt undefined);
 * undefined where the folder has no journal yet. Read from Ignition's journal, whose deployment messages each
 * carry their strategy.
 */
async function recordedStrategy(dir: string): Promise<{ salt: string | undefined } | undefined> {
  const journal = await readFile(join(dir, "journal.jsonl"), "utf8").catch(() => undefined);
  if (journal === undefined) return undefined;
  for (const line of journal.split("\n")) {
    if (!line.includes('"DEPLOYMENT_EXECUTION_STATE_INITIALIZE"')) continue;
    try {
      const message = JSON.parse(line) as { strategy?: string; strategyConfig?: { salt?: string } };
      return { salt: message.strategy === "create2" ? message.strategyConfig?.salt : undefined };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A parameter value as Ignition's files give it: a number, a bigint as "123n", an address or text, or a boolean. */
const parameterValue = z.union([z.number(), z.string(), z.boolean()], {
  error: 'expected a number, "123n" for a big one, an address or a text',
});

/**
 * An Ignition parameters file, by schema: only the sections the modules read (`$global`, each module, a
 * `TokenVault_<token>`), each with only the parameters its module reads (`MODULE_PARAMETERS`). Ignition
 * ignores the others without a word, so a typo would deploy the default in its place.
 */
async function checkParameters(path: string): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new UsageError(`the parameters file ${path} is not readable JSON`);
  }
  const section = (names: readonly string[]) =>
    z.strictObject(Object.fromEntries(names.map((n) => [n, parameterValue.optional()])), {
      error: "expected an object of parameters",
    });
  const every = [...new Set(Object.values(MODULE_PARAMETERS).flat())];
  const vault = MODULE_PARAMETERS.RewardVault;
  const schema = z
    .record(z.string(), z.unknown(), { error: "expected an object of module sections" })
    .superRefine((file, ctx) => {
      for (const [name, value] of Object.entries(file)) {
        const names =
          name === "$global" ? every : /^TokenVault_[0-9a-fA-F]{40}$/.test(name) ? vault : MODULE_PARAMETERS[name];
        if (names === undefined) {
          ctx.addIssue({
            code: "custom",
            path: [name],
            input: value,
            message: `no module reads a section "${name}" (they are $global, ${Object.keys(MODULE_PARAMETERS).join(", ")} and TokenVault_<token>)`,
          });
          continue;
        }
        const result = section(names).safeParse(value, { reportInput: true });
        for (const issue of result.error?.issues ?? []) ctx.addIssue({ ...issue, path: [name, ...issue.path] });
      }
    });
  try {
    parseInput(schema, parsed, path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
