/**
 * Test setup without Ignition: deploys the whole system on a network connection (Hardhat's
 * in-process network, a `hardhat node`, anvil) and returns the typed contracts, their addresses and
 * a client per signer. Meant for mocha fixtures (`loadFixture`).
 *
 * @example
 * import { network } from "hardhat";
 * import { deployDataDividendsForTest } from "datadividends/testing";
 * const connection = await network.create();
 * const dd = await deployDataDividendsForTest(connection, { parameters: { commitDelay: 0n } });
 * await dd.registerDataset({ contentHash, metadataURI, contributors }); // as the deployer
 * await dd.connect(alice).claimAll(alice.address); // as anyone else
 */
import type { Provider, Signer } from "ethers";

import { DataDividends } from "../sdk/client.js";
import { deployDataDividends, type Deployment } from "./deploy.js";
import { mineBlocks } from "../sdk/mining.js";

export { deployTokenVault, type Deployment } from "./deploy.js";
export { mineBlocks } from "../sdk/mining.js";
export { DEFAULT_DEPLOY_PARAMETERS, type DeployParameters } from "./parameters.js";
import { DEFAULT_DEPLOY_PARAMETERS, type DeployParameters } from "./parameters.js";
import type { ClientOptions, DataDividendsAddresses } from "../sdk/types.js";

/** What the helper needs of a connection: Hardhat's `network.create()` result has it. */
export interface TestConnection {
  ethers: {
    provider: Provider & { send(method: string, params: unknown[]): Promise<unknown> };
    getSigners(): Promise<Signer[]>;
  };
}

/** Parameters for tests: the deployment defaults, except that a registration takes one transaction. */
export const TEST_DEPLOY_PARAMETERS: DeployParameters = { ...DEFAULT_DEPLOY_PARAMETERS, commitDelay: 0n };

export interface TestDeploymentOptions {
  /** Over `TEST_DEPLOY_PARAMETERS`. */
  parameters?: Partial<DeployParameters>;
  /** Deploys, and administers everything (unless `parameters.admin` names another); default: the first signer. */
  deployer?: Signer;
  /** Reward tokens (base units) minted to each account in `fund.accounts` (by the deployer, so it must be the admin). */
  fund?: { accounts: readonly (Signer | string)[]; amount: bigint };
}

/**
 * The deployment, ready to use: a client that signs as the deployer (every `DataDividends` method:
 * `dd.registerDataset(…)`, `dd.claimAll(…)`), the typed contracts (`dd.token`, `dd.datasets`, `dd.models`,
 * `dd.vault`), and a client per other signer through `dd.connect(signer)`.
 */
export type TestDeployment = DataDividends &
  Deployment & {
    /** For `DataDividends.connect`, the tasks' `--addresses` file, or an app; `fromBlock` is the deployment block. */
    addresses: DataDividendsAddresses;
    deployer: Signer;
    /** A client that signs as `signer`. */
    connect(signer: Signer, options?: ClientOptions): DataDividends;
    /**
     * Mines `blocks` blocks (`mineBlocks`: real blocks, so an indexer can follow a node the tests run
     * on): pass as `advanceBlocks` to skip a commit delay.
     */
    advanceBlocks(blocks: number): Promise<void>;
  };

/** Deploys the reward token, both registries and the token's vault, from the given connection. */
export async function deployDataDividendsForTest(
  connection: TestConnection,
  options: TestDeploymentOptions = {},
): Promise<TestDeployment> {
  const { provider } = connection.ethers;
  const deployer = options.deployer ?? (await connection.ethers.getSigners())[0];
  const fromBlock = await provider.getBlockNumber();
  const deployment = await deployDataDividends(deployer, { ...TEST_DEPLOY_PARAMETERS, ...options.parameters });
  const [token, datasets, models, vault] = await Promise.all(
    [deployment.token, deployment.datasets, deployment.models, deployment.vault].map((c) => c.getAddress()),
  );
  const addresses: DataDividendsAddresses = { token, datasets, models, vault, fromBlock };
  const { accounts = [], amount = 0n } = options.fund ?? {};
  for (const account of accounts) {
    const to = typeof account === "string" ? account : await account.getAddress();
    await (await deployment.token.connect(deployer).mint(to, amount)).wait();
  }
  const extra = {
    ...deployment,
    addresses,
    deployer,
    connect: (signer: Signer, clientOptions?: ClientOptions) => DataDividends.connect(signer, addresses, clientOptions),
    advanceBlocks: (blocks: number) => mineBlocks((method, params) => provider.send(method, params), blocks),
  };
  return Object.assign(DataDividends.connect(deployer, addresses), extra);
}
