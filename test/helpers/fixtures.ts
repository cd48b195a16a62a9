/**
 * Shared test fixtures: a deployment with funded actors, and small builders for registrations.
 * Each test file calls `network.create()` once and wraps these in its own named fixtures.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroHash, id as keccakLabel } from "ethers";

import type { DeployParameters, Deployment } from "../../src/hardhat/deploy.js";
import type { DataDividendsAddresses } from "../../src/sdk/types.js";
import { modelIdOf, sortByAscendingId } from "../../src/protocol/ids.js";
import { deployDataDividendsForTest } from "../../src/hardhat/testing.js";
import type { IDatasetRegistration, IModelRegistry } from "../../typechain-types/index.js";

export const URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/manifest.json";
export const ONE = 10n ** 18n;

/** A deterministic, non-zero content hash per label. */
export const hashOf = (label: string): string => keccakLabel(label);

/** Strictly ascending, as the registries require. */
export function ascending<T extends string>(values: readonly T[]): T[] {
  return sortByAscendingId(values, (v) => v);
}

export interface Actors {
  admin: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  owner: HardhatEthersSigner;
  sponsor: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
}

export interface System extends Deployment, Actors {
  ethers: HardhatEthers;
  /** The deployment's addresses, for `DataDividends.connect` (the test helper's, with the deployment block). */
  addresses: DataDividendsAddresses;
}

export async function actors(ethers: HardhatEthers): Promise<Actors> {
  const [admin, alice, bob, carol, owner, sponsor, stranger] = await ethers.getSigners();
  return { admin, alice, bob, carol, owner, sponsor, stranger };
}

/**
 * Deploys everything with the given commit delay (and any other parameter), and funds the sponsor and
 * owner with reward tokens. No claim cooling-off unless asked for. Built on the package's own test
 * helper (src/hardhat/testing.ts), so every contract test exercises it.
 */
export async function deploySystem(
  ethers: HardhatEthers,
  commitDelay = 0n,
  overrides: Partial<DeployParameters> = {},
): Promise<System> {
  const people = await actors(ethers);
  const { token, datasets, models, vault, shareTrees, addresses } = await deployDataDividendsForTest(
    { ethers },
    {
      deployer: people.admin,
      parameters: { commitDelay, ...overrides },
      fund: { accounts: [people.sponsor, people.owner], amount: 1_000_000n * ONE },
    },
  );
  for (const payer of [people.sponsor, people.owner]) {
    await token.connect(payer).approve(vault, 2n ** 255n);
  }
  return { token, datasets, models, vault, shareTrees, addresses, ...people, ethers };
}

/** A registration of `label`'s hash whose contributors are sorted (shares follow their accounts). */
export function registration(
  label: string,
  holders: readonly { address: string; shares: bigint | number }[],
  metadataURI = URI,
): IDatasetRegistration.RegistrationStruct {
  const sorted = sortByAscendingId(holders, (h) => h.address);
  return {
    contentHash: hashOf(label),
    metadataURI,
    contributors: sorted.map((h) => h.address),
    shares: sorted.map((h) => BigInt(h.shares)),
  };
}

/** Registers (delay-0 registry) and returns the dataset ID. */
export async function registerDataset(
  system: System,
  by: HardhatEthersSigner,
  label: string,
  holders: readonly { address: string; shares: bigint | number }[],
): Promise<string> {
  const r = registration(label, holders);
  await system.datasets.connect(by).register(r, ZeroHash);
  return r.contentHash as string;
}

/** The index a contributor holds in a registration (contributors are sorted). */
export function indexOf(r: IDatasetRegistration.RegistrationStruct, account: string): number {
  const i = (r.contributors as string[]).findIndex((a) => a.toLowerCase() === account.toLowerCase());
  if (i < 0) throw new Error(`${account} is not a contributor`);
  return i;
}

/** A model registration of `label`'s artifact declaring `usage` (dataset ID -> weight), datasets sorted. */
export function modelRegistration(
  label: string,
  usage: Record<string, number | bigint>,
  lineage: { parent?: string; parentWeight?: bigint | number; minRoyaltyBps?: bigint | number } = {},
): IModelRegistry.ModelRegistrationStruct {
  const datasets = ascending(Object.keys(usage));
  return {
    artifactHash: hashOf(`artifact:${label}`),
    metadataURI: URI,
    datasets,
    weights: datasets.map((d) => BigInt(usage[d])),
    parent: lineage.parent ?? ZeroHash,
    parentWeight: BigInt(lineage.parentWeight ?? 0),
    minRoyaltyBps: BigInt(lineage.minRoyaltyBps ?? 0),
  };
}

/** Registers a model (with its declaration, and a parent where given) for `owner`; returns its ID. */
export async function registerModel(
  system: System,
  owner: HardhatEthersSigner,
  label: string,
  usage: Record<string, number | bigint>,
  lineage: { parent?: string; parentWeight?: bigint | number; minRoyaltyBps?: bigint | number } = {},
): Promise<string> {
  const r = modelRegistration(label, usage, lineage);
  await system.models.connect(owner).registerModel(r);
  return modelIdOf(owner.address, r.artifactHash as string);
}
