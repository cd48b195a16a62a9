/**
 * What every action works with: the deployment's contracts, the runner (signer or provider), how to
 * wait for transactions, and the cached event history.
 */
import {
  getAddress,
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
  type Provider,
  type Signer,
} from "ethers";

import {
  DatasetRegistry__factory,
  ModelRegistry__factory,
  RewardVault__factory,
  ShareTrees__factory,
} from "../typechain.js";
import type { DatasetRegistry, ModelRegistry, RewardVault, ShareTrees } from "../typechain.js";
import { shareTreesAddress } from "../protocol/share-tree.js";
import { rewardToken, type RewardToken } from "./erc20.js";
import { DataDividendsError } from "../protocol/errors.js";
import { allVaults } from "../protocol/record.js";
import { EventIndex } from "./events.js";
import type { ClientOptions, DataDividendsAddresses } from "./types.js";
import { waitForReceipt } from "./waiting.js";

/** One reward token's vault, with the token it pays in. */
export interface VaultHandle {
  /** The token's address, checksummed. */
  token: string;
  vault: RewardVault;
  erc20: RewardToken;
}

export class ClientContext {
  readonly datasets: DatasetRegistry;
  readonly models: ModelRegistry;
  /** The registry's share-tree module (crowd datasets), at the address the registry created it. */
  readonly shareTrees: ShareTrees;
  /** Every vault of the deployment: the bundled token's first. */
  readonly allVaults: readonly VaultHandle[];
  readonly events: EventIndex;

  constructor(
    readonly runner: Signer | Provider,
    readonly addresses: DataDividendsAddresses,
    readonly options: ClientOptions,
  ) {
    this.datasets = DatasetRegistry__factory.connect(addresses.datasets, runner);
    this.models = ModelRegistry__factory.connect(addresses.models, runner);
    this.shareTrees = ShareTrees__factory.connect(shareTreesAddress(addresses.datasets), runner);
    const seen = new Set<string>();
    this.allVaults = allVaults(addresses).map(({ token, vault }) => {
      const key = getAddress(token);
      if (seen.has(key)) {
        throw new DataDividendsError("INVALID_INPUT", `the addresses list two vaults for the token ${key}`);
      }
      seen.add(key);
      return { token: key, vault: RewardVault__factory.connect(vault, runner), erc20: rewardToken(key, runner) };
    });
    this.events = new EventIndex(this.datasets, this.models, this.shareTrees, addresses.fromBlock ?? 0);
  }

  /** The vault that pays in `token` (default: the bundled token's), or a `NOT_FOUND` error. */
  vaultFor(token?: string): VaultHandle {
    if (token === undefined) return this.allVaults[0];
    const match = this.allVaults.find((v) => v.token.toLowerCase() === token.toLowerCase());
    if (match === undefined) {
      throw new DataDividendsError(
        "NOT_FOUND",
        `this deployment has no vault for the token ${token} (it has ${this.allVaults.map((v) => v.token).join(", ")})`,
      );
    }
    return match;
  }

  get provider(): Provider {
    const provider =
      "provider" in this.runner && this.runner.provider ? this.runner.provider : (this.runner as Provider);
    if (typeof provider.getBlockNumber !== "function") {
      throw new DataDividendsError("INVALID_INPUT", "the signer has no provider; connect it to one first");
    }
    return provider;
  }

  /** The signer's address, or an `INVALID_INPUT` error for a read-only client. */
  async signerAddress(): Promise<string> {
    if (!("signMessage" in this.runner)) {
      throw new DataDividendsError(
        "INVALID_INPUT",
        "this action sends a transaction: connect the client with a signer",
      );
    }
    return getAddress(await this.runner.getAddress());
  }

  receipt(tx: ContractTransactionResponse): Promise<ContractTransactionReceipt> {
    return waitForReceipt(tx, this.options);
  }

  /** Waits for `tx` as the options say and returns its hash. */
  async mined(tx: ContractTransactionResponse): Promise<string> {
    return (await this.receipt(tx)).hash;
  }
}
