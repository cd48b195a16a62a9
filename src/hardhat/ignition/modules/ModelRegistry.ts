import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

import { artifact } from "../../artifacts.js";
import { modelRegistryArguments } from "../../constructors.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../parameters.js";

import DatasetRegistryModule from "./DatasetRegistry.js";

/** The model registry over `datasets`, administered by `admin`, its `adminDelay` read from this module's parameters. */
export function modelRegistryContract(m: IgnitionModuleBuilder, datasets: ArgumentType, admin: ArgumentType) {
  return m.contract(
    "ModelRegistry",
    artifact("ModelRegistry"),
    modelRegistryArguments<ArgumentType>({
      datasets,
      adminDelay: m.getParameter("adminDelay", DEFAULTS.adminDelay),
      admin,
    }),
  );
}

/** Models and their immutable usage declarations, checked against the dataset registry. */
export default buildModule("ModelRegistry", (m) => {
  const { datasets } = m.useModule(DatasetRegistryModule);
  return { models: modelRegistryContract(m, datasets, m.getParameter("admin", m.getAccount(0))) };
});
