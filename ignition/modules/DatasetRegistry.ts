import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artifact } from "../../src/artifacts.js";
import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../src/sdk/parameters.js";

/** The registry's constructor arguments, read from this module's parameters, with `admin` given. */
export function datasetRegistryArguments(m: IgnitionModuleBuilder, admin: ArgumentType): ArgumentType[] {
  return [
    m.getParameter("commitDelay", DEFAULTS.commitDelay),
    m.getParameter("commitWindow", DEFAULTS.commitWindow),
    m.getParameter("claimDelay", DEFAULTS.claimDelay),
    m.getParameter("flagBond", DEFAULTS.flagBond),
    m.getParameter("disputeTimeout", DEFAULTS.disputeTimeout),
    m.getParameter("appealWindow", DEFAULTS.appealWindow),
    m.getParameter("adminDelay", DEFAULTS.adminDelay),
    admin,
  ];
}

/**
 * Datasets keyed by content hash; `commitDelay` 0 lets one transaction register. The admin is also
 * pauser and arbiter (a multisig, or the governance timelock: see GovernedDataDividends.ts).
 */
export default buildModule("DatasetRegistry", (m) => {
  const datasets = m.contract(
    "DatasetRegistry",
    artifact("DatasetRegistry"),
    datasetRegistryArguments(m, m.getParameter("admin", m.getAccount(0))),
  );
  return { datasets };
});
