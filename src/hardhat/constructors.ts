/**
 * Each deployed contract's constructor arguments, in order, declared once. The Ignition modules
 * (ignition/modules, where a value is a module parameter or another contract's future) and the
 * Ignition-free deployment of tests, benches and scripted histories (deploy.ts, where a value is an
 * address or a number) both build their arguments here, so a constructor change is one edit here and a
 * type error wherever an input is missing.
 */

/** `DataRewardToken(name, symbol, cap, initialHolder, initialMint, adminDelay, admin)`. */
export function dataRewardTokenArguments<V>(a: {
  name: V;
  symbol: V;
  cap: V;
  initialHolder: V;
  initialMint: V;
  adminDelay: V;
  admin: V;
}): V[] {
  return [a.name, a.symbol, a.cap, a.initialHolder, a.initialMint, a.adminDelay, a.admin];
}

/** `DatasetRegistry(commitDelay, commitWindow, claimDelay, flagBond, disputeTimeout, appealWindow, adminDelay, admin)`. */
export function datasetRegistryArguments<V>(a: {
  commitDelay: V;
  commitWindow: V;
  claimDelay: V;
  flagBond: V;
  disputeTimeout: V;
  appealWindow: V;
  adminDelay: V;
  admin: V;
}): V[] {
  return [
    a.commitDelay,
    a.commitWindow,
    a.claimDelay,
    a.flagBond,
    a.disputeTimeout,
    a.appealWindow,
    a.adminDelay,
    a.admin,
  ];
}

/** `ModelRegistry(datasets, adminDelay, admin)`. */
export function modelRegistryArguments<V>(a: { datasets: V; adminDelay: V; admin: V }): V[] {
  return [a.datasets, a.adminDelay, a.admin];
}

/** `RewardVault(token, datasets, models, adminDelay, admin)`: one per reward token, on shared registries. */
export function rewardVaultArguments<V>(a: { token: V; datasets: V; models: V; adminDelay: V; admin: V }): V[] {
  return [a.token, a.datasets, a.models, a.adminDelay, a.admin];
}
