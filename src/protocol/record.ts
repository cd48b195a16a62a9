/**
 * The deployment record, read one way for the tasks, the SDK's scripts and the indexer: Hardhat Ignition's
 * `deployed_addresses.json` (the plain `DataDividends` module or `GovernedDataDividends`, which write the
 * same future IDs, plus one `TokenVault_<token>` module per extra reward token) and its `journal.jsonl`,
 * or an addresses file. Pure: the callers read the files.
 */
import { DataDividendsError } from "./errors.js";
import { address as addressSchema, int, parseInput, z } from "./schema.js";

/** A reward token and the vault that pays it. */
export interface TokenVault {
  token: string;
  vault: string;
}

/**
 * Where a deployment lives, in the one shape every layer uses (the client's `DataDividendsAddresses`, an
 * `--addresses` file, a parsed Ignition record, the indexer's `/deployment`): the bundled reward token and
 * its vault (`token`, `vault`), the two registries, and `vaults`, the vaults of the other reward tokens
 * (never the bundled one: `allVaults` lists every vault).
 */
export interface DeploymentAddresses {
  /** The bundled reward token, paid by `vault`. */
  token: string;
  datasets: string;
  models: string;
  vault: string;
  /** Vaults of other reward tokens on the same registries, in the record's order. */
  vaults?: readonly TokenVault[];
  /** The governor and the timelock of a governed deployment. */
  governor?: string;
  timelock?: string;
  /** The first block of the deployment (the earliest in its journal), to bound log scans. */
  fromBlock?: number;
}

/** A deployment as read from a record or a file: the same shape, its list of other vaults always present. */
export type DeploymentRecord = DeploymentAddresses & { vaults: readonly TokenVault[] };

/** Every vault of a deployment, the bundled token's first. */
export function allVaults(addresses: DeploymentAddresses): TokenVault[] {
  return [{ token: addresses.token, vault: addresses.vault }, ...(addresses.vaults ?? [])];
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

/** The contracts a record names, as `DeploymentRecord` calls them. */
const FIELDS = ["token", "datasets", "models", "vault", "governor", "timelock"] as const;
type Field = (typeof FIELDS)[number];

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
 * The earliest block of an Ignition journal with its hash: what tells this deployment's chain from
 * another with the same chain ID (a restarted node, the in-process network beside a local node).
 */
export function firstJournalBlockHash(journal: string | undefined): { number: number; hash: string } | undefined {
  if (journal === undefined) return undefined;
  let first: { number: number; hash: string } | undefined;
  for (const m of journal.matchAll(/"blockHash":\s*"(0x[0-9a-fA-F]{64})",\s*"blockNumber":\s*(\d+)/g)) {
    const number = Number(m[2]);
    if (first === undefined || number < first.number) first = { number, hash: m[1].toLowerCase() };
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
  const vaults: TokenVault[] = [];
  for (const [key, value] of Object.entries(entries)) {
    const m = TOKEN_VAULT.exec(key);
    if (m !== null) vaults.push({ token: `0x${m[1]}`, vault: address(value, key, source) });
  }
  const values = Object.fromEntries(FIELDS.map((f) => [f, entries[RECORD_KEYS[f]]])) as Record<Field, unknown>;
  return assemble(values, (f) => RECORD_KEYS[f], vaults, source, firstJournalBlock(journal));
}

/**
 * An addresses file, as `--addresses` and the indexer's `DD_ADDRESSES` take it: the one address shape, plus the
 * `chainId` the indexer reads. No field may be left out that a deployment needs, and none added (a typo).
 */
export const addressesFileSchema = z.strictObject(
  {
    chainId: int(1, Number.MAX_SAFE_INTEGER).optional(),
    token: addressSchema,
    datasets: addressSchema,
    models: addressSchema,
    vault: addressSchema,
    vaults: z
      .array(z.strictObject({ token: addressSchema, vault: addressSchema }), {
        error: "expected a list of { token, vault }",
      })
      .optional(),
    governor: addressSchema.optional(),
    timelock: addressSchema.optional(),
    fromBlock: int(0, Number.MAX_SAFE_INTEGER).optional(),
  },
  {
    error:
      "expected a JSON object of addresses: { token, datasets, models, vault, vaults?, governor?, timelock?, fromBlock? }",
  },
);

/**
 * A deployment from an addresses file `{ token, datasets, models, vault, vaults?, governor?, timelock?,
 * fromBlock? }` (`vaults`: `[{ token, vault }]` of other reward tokens), parsed by `addressesFileSchema`.
 * `source` names the file in the one-line refusal (field, value, what was expected).
 */
export function parseAddressesFile(parsed: unknown, source: string): DeploymentRecord {
  const {
    token,
    datasets,
    models,
    vault,
    vaults = [],
    governor,
    timelock,
    fromBlock,
  } = parseInput(addressesFileSchema, parsed, source);
  return {
    token,
    datasets,
    models,
    vault,
    vaults,
    ...(governor === undefined ? {} : { governor }),
    ...(timelock === undefined ? {} : { timelock }),
    ...(fromBlock === undefined ? {} : { fromBlock }),
  };
}

/** The record's fields, each from `values` (checked, named in messages by `label`), in one shape for both sources. */
function assemble(
  values: Record<Field, unknown>,
  label: (field: Field) => string,
  vaults: TokenVault[],
  source: string,
  fromBlock: number | undefined,
): DeploymentRecord {
  const required = (f: Field) => address(values[f], label(f), source);
  const optional = (f: Field) => (values[f] === undefined ? {} : { [f]: required(f) });
  return {
    token: required("token"),
    datasets: required("datasets"),
    models: required("models"),
    vault: required("vault"),
    vaults,
    ...optional("governor"),
    ...optional("timelock"),
    ...(fromBlock === undefined ? {} : { fromBlock }),
  };
}
