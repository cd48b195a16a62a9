/**
 * Deployment parameters and their defaults, shared by `deployDataDividends` and the Ignition
 * modules (so there is one place to change them). No imports: Ignition loads this too.
 */

/** What `deployDataDividends` deploys. */
export interface DeployParameters {
  /** Blocks between commit and reveal; 0 registers in one transaction. */
  commitDelay: bigint;
  /** Blocks a ready commitment stays revealable. */
  commitWindow: bigint;
  /** Seconds a default-admin transfer waits. */
  adminDelay: bigint;
  /** Default admin, pauser and minter; the deployer where omitted. */
  admin?: string;
  /** Reward token name (also its EIP-712 permit domain name). */
  tokenName: string;
  /** Reward token symbol. */
  tokenSymbol: string;
  /** Reward token cap in base units (18 decimals). */
  tokenCap: bigint;
}

export const DEFAULT_DEPLOY_PARAMETERS: DeployParameters = {
  commitDelay: 1n,
  commitWindow: 7200n,
  adminDelay: 86_400n,
  tokenName: "DataDividends Reward",
  tokenSymbol: "DDR",
  tokenCap: 10n ** 27n,
};
