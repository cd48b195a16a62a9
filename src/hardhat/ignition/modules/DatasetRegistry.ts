import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artifact } from "../../artifacts.js";
import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

import { DATASET_REGISTRY_PARAMETERS, DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../parameters.js";
import { datasetRegistryArguments } from "../../constructors.js";

/** The registry's constructor arguments, read from this module's parameters, with `admin` given. */
export function datasetRegistryInputs(m: IgnitionModuleBuilder, admin: ArgumentType): ArgumentType[] {
  const parameters = Object.fromEntries(
    DATASET_REGISTRY_PARAMETERS.map((name) => [name, m.getParameter(name, DEFAULTS[name])]),
  );
  return datasetRegistryArguments({
    ...(parameters as Record<(typeof DATASET_REGISTRY_PARAMETERS)[number], ArgumentType>),
    admin,
  });
}

/**
 * Datasets keyed by content hash; `commitDelay` 0 lets one transaction register. The admin is also
 * pauser and arbiter (a multisig, or the governance timelock: see GovernedDataDividends.ts).
 */
export default buildModule("DatasetRegistry", (m) => {
  const datasets = m.contract(
    "DatasetRegistry",
    artifact("DatasetRegistry"),
    datasetRegistryInputs(m, m.getParameter("admin", m.getAccount(0))),
  );
  return { datasets };
});
