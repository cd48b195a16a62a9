/**
 * The deployment record, read one way for the tasks, the SDK's scripts and the indexer: Hardhat Ignition's
 * `deployed_addresses.json` (the plain `DataDividends` module or `GovernedDataDividends`, which write the
 * same future IDs, plus one `TokenVault_<token>` module per extra reward token) and its `journal.jsonl`,
 * or an addresses file. Pure: the callers read the files.
 */
import { DataDividendsError } from "./errors.js";

/** A vault of another reward token on the same registries. */
export interface RecordedVault {
  token: string;
  vault: string;
}

/** Everything a client or an indexer needs to find a deployment. */
export interface DeploymentRecord {
  /** The bundled reward token, paid by `vault`. */
  token: string;
  datasets: string;
  models: string;
  vault: string;
  /** Vaults of other reward tokens, in the record's order. */
  vaults: RecordedVault[];
  /** The governor and the timelock of a governed deployment. */
  governor?: string;
  timelock?: string;
  /** The first block of the deployment (the earliest in its journal), to bound log scans. */
  fromBlock?: number;
}

/** The future IDs the modules write (ignition/modules): `<module>#<contract>`. */
export const RECORD_KEYS = {
  token: "DataRewardToken#DataRewardToken",
  datasets: "DatasetRegistry#DatasetRegistry",
  models: "ModelRegistry#ModelRegistry",
  vault: "RewardVault#RewardVault",
  governor: "Governance#DataDividendsGovernor",
  timelock: "Timelock#TimelockController",
} as const;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const TOKEN_VAULT = /^TokenVault_([0-9a-fA-F]{40})#RewardVault$/;

function invalid(message: string): never {
  throw new DataDividendsError("INVALID_INPUT", message);
}

function address(value: unknown, what: string, source: string): string {
  if (typeof value !== "string" || !ADDRESS.test(value)) invalid(`${source} has no valid ${what} address`);
  return value;
}

/** The earliest `blockNumber` in an Ignition journal's text, if it has one. */
export function firstJournalBlock(journal: string | undefined): number | undefined {
  if (journal === undefined) return undefined;
  let first: number | undefined;
  for (const m of journal.matchAll(/"blockNumber":\s*(\d+)/g)) {
    const block = Number(m[1]);
    if (first === undefined || block < first) first = block;
  }
  return first;
}

/**
 * A deployment from an Ignition record: `addresses` is `deployed_addresses.json` parsed, `journal` the text
 * of `journal.jsonl` (optional), `source` the folder (for messages). A record without the registries, the
 * token or the vault is refused, naming what is missing.
 *
 * @example
 * parseDeploymentRecord(JSON.parse(readFileSync(`${dir}/deployed_addresses.json`, "utf8")), dir);
 */
export function parseDeploymentRecord(addresses: unknown, source: string, journal?: string): DeploymentRecord {
  if (typeof addresses !== "object" || addresses === null || Array.isArray(addresses)) {
    invalid(`the deployment record in ${source} is not an object of addresses`);
  }
  const entries = addresses as Record<string, unknown>;
  const required = [RECORD_KEYS.token, RECORD_KEYS.datasets, RECORD_KEYS.models, RECORD_KEYS.vault];
  const missing = required.filter((k) => entries[k] === undefined);
  if (missing.length > 0) {
    invalid(`the deployment in ${source} is incomplete (missing ${missing.join(", ")}); rerun the deploy task`);
  }
  const vaults: RecordedVault[] = [];
  for (const [key, value] of Object.entries(entries)) {
    const m = TOKEN_VAULT.exec(key);
    if (m !== null) vaults.push({ token: `0x${m[1]}`, vault: address(value, key, source) });
  }
  const optional = (key: string) => (entries[key] === undefined ? undefined : address(entries[key], key, source));
  const governor = optional(RECORD_KEYS.governor);
  const timelock = optional(RECORD_KEYS.timelock);
  const fromBlock = firstJournalBlock(journal);
  return {
    token: address(entries[RECORD_KEYS.token], RECORD_KEYS.token, source),
    datasets: address(entries[RECORD_KEYS.datasets], RECORD_KEYS.datasets, source),
    models: address(entries[RECORD_KEYS.models], RECORD_KEYS.models, source),
    vault: address(entries[RECORD_KEYS.vault], RECORD_KEYS.vault, source),
    vaults,
    ...(governor === undefined ? {} : { governor }),
    ...(timelock === undefined ? {} : { timelock }),
    ...(fromBlock === undefined ? {} : { fromBlock }),
  };
}

/**
 * A deployment from an addresses file `{ token, datasets, models, vault, vaults?, governor?, timelock?,
 * fromBlock? }` (`vaults`: `[{ token, vault }]` of other reward tokens), as `--addresses` and the indexer's
 * `DD_ADDRESSES` take it. `source` names the file in messages.
 */
export function parseAddressesFile(parsed: unknown, source: string): DeploymentRecord {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    invalid(`${source} is not an object of addresses`);
  }
  const file = parsed as Record<string, unknown>;
  for (const key of ["token", "datasets", "models", "vault"] as const) {
    if (file[key] === undefined) invalid(`${source} has no "${key}" address`);
  }
  const others: unknown = file.vaults ?? [];
  if (!Array.isArray(others)) invalid(`${source}: "vaults" must be a list of { "token": "0x…", "vault": "0x…" }`);
  const vaults = others.map((v: unknown, i) => {
    const entry = (v ?? {}) as Record<string, unknown>;
    return {
      token: address(entry.token, `vaults[${i}].token`, source),
      vault: address(entry.vault, `vaults[${i}].vault`, source),
    };
  });
  const optional = (key: string) => (file[key] === undefined ? undefined : address(file[key], key, source));
  const governor = optional("governor");
  const timelock = optional("timelock");
  if (file.fromBlock !== undefined && !(Number.isSafeInteger(file.fromBlock) && (file.fromBlock as number) >= 0)) {
    invalid(`${source}: "fromBlock" must be a block number`);
  }
  return {
    token: address(file.token, "token", source),
    datasets: address(file.datasets, "datasets", source),
    models: address(file.models, "models", source),
    vault: address(file.vault, "vault", source),
    vaults,
    ...(governor === undefined ? {} : { governor }),
    ...(timelock === undefined ? {} : { timelock }),
    ...(file.fromBlock === undefined ? {} : { fromBlock: file.fromBlock as number }),
  };
}
