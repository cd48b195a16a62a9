import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { ArgumentType } from "@nomicfoundation/ignition-core";

import { artifact } from "../../artifacts.js";
import { modelRegistryArguments } from "../../constructors.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../parameters.js";

import DatasetRegistryModule from "./DatasetRegistry.js";

/** Models and their immutable usage declarations, checked against the dataset registry. */
export default buildModule("ModelRegistry", (m) => {
  const { datasets } = m.useModule(DatasetRegistryModule);
  const models = m.contract(
    "ModelRegistry",
    artifact("ModelRegistry"),
    modelRegistryArguments<ArgumentType>({
      datasets,
      adminDelay: m.getParameter("adminDelay", DEFAULTS.adminDelay),
      admin: m.getParameter("admin", m.getAccount(0)),
    }),
  );
  return { models };
});
