/**
 * Deployment parameters and their defaults, shared by the Ignition modules and the Ignition-free
 * deployment of tests (src/hardhat/deploy.ts), so there is one place to change them.
 */

/** What `deployDataDividends` deploys. */
export interface DeployParameters {
  /** Blocks between commit and reveal; 0 registers in one transaction (and nothing is provisional). */
  commitDelay: bigint;
  /** Blocks a ready commitment stays revealable (> 0 where the delay is). */
  commitWindow: bigint;
  /** Seconds after registration before a dataset's shares are first paid (the claim cooling-off). */
  claimDelay: bigint;
  /** Wei a flag must carry. */
  flagBond: bigint;
  /** Seconds a flag may stay unresolved before anyone can end it. */
  disputeTimeout: bigint;
  /**
   * Seconds an upheld ruling waits (its appeal window) before anyone can execute it. A governed deployment's
   * governor refuses a window shorter than one governance cycle (voting delay + period + timelock delay).
   */
  appealWindow: bigint;
  /** Seconds a default-admin transfer waits. */
  adminDelay: bigint;
  /** Default admin, pauser, arbiter and minter; the deployer where omitted. */
  admin?: string;
  /** Reward token name (also its EIP-712 permit domain name). */
  tokenName: string;
  /** Reward token symbol. */
  tokenSymbol: string;
  /** Reward token cap in base units (18 decimals). */
  tokenCap: bigint;
  /** Base units minted to the deployer at deployment. */
  initialSupply: bigint;
}

export const DEFAULT_DEPLOY_PARAMETERS: DeployParameters = {
  commitDelay: 1n,
  commitWindow: 7200n,
  claimDelay: 0n,
  flagBond: 10n ** 17n,
  disputeTimeout: 14n * 86_400n,
  // One default governance cycle (1 + 7 + 2 days) and two days to notice a ruling and propose its reversal.
  appealWindow: 12n * 86_400n,
  adminDelay: 86_400n,
  tokenName: "DataDividends Reward",
  tokenSymbol: "DDR",
  tokenCap: 10n ** 27n,
  initialSupply: 0n,
};

/** Governor settings (`src/hardhat/ignition/modules/Governance.ts`). */
export interface GovernanceParameters {
  /** Seconds the timelock holds a passed proposal before it can execute. */
  timelockDelay: bigint;
  /** Seconds between a proposal and the start of its vote (the token's votes clock is the timestamp). */
  votingDelay: bigint;
  /** Seconds a vote lasts. */
  votingPeriod: bigint;
  /** Votes needed to propose. */
  proposalThreshold: bigint;
  /** Percent of the supply that must take part. */
  quorumPercent: bigint;
}

export const DEFAULT_GOVERNANCE_PARAMETERS: GovernanceParameters = {
  timelockDelay: 2n * 86_400n,
  votingDelay: 86_400n,
  votingPeriod: 7n * 86_400n,
  proposalThreshold: 0n,
  quorumPercent: 4n,
};

/**
 * The Ignition parameters `deploy` uses on a development node (Hardhat's, anvil) when the project has no
 * `ignition/parameters/<network>.json`: a project that installs the plugin deploys something usable with
 * no configuration (a million tokens minted to the deployer, a 1-block commit delay with a 20-block
 * window, no cooling-off, no admin delay). This repository's `ignition/parameters/hardhat.json` is the same
 * (a test holds them equal).
 */
export const DEVELOPMENT_IGNITION_PARAMETERS: Record<string, Record<string, number | bigint>> = {
  $global: { adminDelay: 0 },
  DatasetRegistry: { commitDelay: 1, commitWindow: 20, claimDelay: 0 },
  DataRewardToken: { initialMint: 10n ** 24n },
};

/** The dataset registry's parameters (`DatasetRegistry` section of a parameters file), by name, `admin` aside. */
export const DATASET_REGISTRY_PARAMETERS = [
  "commitDelay",
  "commitWindow",
  "claimDelay",
  "flagBond",
  "disputeTimeout",
  "appealWindow",
  "adminDelay",
] as const;

/**
 * Each module's parameters, by the name its parameters file gives them: a parameter a module does not read
 * would be ignored by Ignition without a word (a typo deploys the default), so the file is checked first.
 */
export const MODULE_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  DataRewardToken: ["name", "symbol", "cap", "initialHolder", "initialMint", "adminDelay", "admin"],
  DatasetRegistry: [...DATASET_REGISTRY_PARAMETERS, "admin"],
  ModelRegistry: ["adminDelay", "admin"],
  RewardVault: ["adminDelay", "admin"],
  Timelock: ["timelockDelay"],
  Governance: ["votingDelay", "votingPeriod", "proposalThreshold", "quorumPercent"],
};
