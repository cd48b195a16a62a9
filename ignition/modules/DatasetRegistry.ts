import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Datasets keyed by content hash; `commitDelay` 0 lets one transaction register. */
export default buildModule("DatasetRegistry", (m) => {
  const datasets = m.contract("DatasetRegistry", [
    m.getParameter("commitDelay", 1n),
    m.getParameter("commitWindow", 7200n),
    m.getParameter("adminDelay", 86_400n),
    m.getParameter("admin", m.getAccount(0)),
  ]);
  return { datasets };
});
