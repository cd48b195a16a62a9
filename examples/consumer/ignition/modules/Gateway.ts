import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { DataDividendsModule } from "datadividends/ignition";

/**
 * DataDividends (token, registries, vault) and this project's gateway for one model. `useModule`
 * keeps DataDividends' own future IDs, so the record this writes is the one the datadividends tasks
 * read (`npx hardhat datadividends rewards claimable --network localhost` works on it).
 */
export default buildModule("Gateway", (m) => {
  const { token, datasets, models, vault } = m.useModule(DataDividendsModule);
  const gateway = m.contract("InferenceGateway", [
    vault,
    m.getParameter<string>("model"),
    m.getParameter("price", 10n ** 18n),
  ]);
  return { token, datasets, models, vault, gateway };
});
