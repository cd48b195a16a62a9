import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artifact } from "../../src/artifacts.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../src/sdk/parameters.js";

/**
 * The bundled reward and governance token. The admin (minter) may be a multisig or a timelock: the
 * initial supply is minted in the constructor, to `initialHolder` (the deployer by default), so the
 * deployment sends nothing from the admin.
 */
export default buildModule("DataRewardToken", (m) => {
  const token = m.contract("DataRewardToken", artifact("DataRewardToken"), [
    m.getParameter("name", DEFAULTS.tokenName),
    m.getParameter("symbol", DEFAULTS.tokenSymbol),
    m.getParameter("cap", DEFAULTS.tokenCap),
    m.getParameter("initialHolder", m.getAccount(0)),
    m.getParameter("initialMint", DEFAULTS.initialSupply),
    m.getParameter("adminDelay", DEFAULTS.adminDelay),
    m.getParameter("admin", m.getAccount(0)),
  ]);
  return { token };
});
