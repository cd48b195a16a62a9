import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artifact } from "../../src/artifacts.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../src/sdk/parameters.js";

import DatasetRegistryModule from "./DatasetRegistry.js";

/** Models and their immutable usage declarations, checked against the dataset registry. */
export default buildModule("ModelRegistry", (m) => {
  const { datasets } = m.useModule(DatasetRegistryModule);
  const models = m.contract("ModelRegistry", artifact("ModelRegistry"), [
    datasets,
    m.getParameter("adminDelay", DEFAULTS.adminDelay),
    m.getParameter("admin", m.getAccount(0)),
  ]);
  return { models };
});
