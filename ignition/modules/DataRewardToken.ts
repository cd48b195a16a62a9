import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../src/sdk/parameters.js";

/** The bundled reward token; the admin holds the minter role and gets `initialMint`. */
export default buildModule("DataRewardToken", (m) => {
  const admin = m.getParameter("admin", m.getAccount(0));
  const token = m.contract("DataRewardToken", [
    m.getParameter("name", DEFAULTS.tokenName),
    m.getParameter("symbol", DEFAULTS.tokenSymbol),
    m.getParameter("cap", DEFAULTS.tokenCap),
    m.getParameter("adminDelay", DEFAULTS.adminDelay),
    admin,
  ]);
  const initialMint = m.getParameter("initialMint", 0n);
  m.call(token, "mint", [admin, initialMint], { id: "InitialMint" });
  return { token };
});
