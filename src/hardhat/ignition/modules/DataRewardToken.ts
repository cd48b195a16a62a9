import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  AccountRuntimeValue,
  ArgumentType,
  IgnitionModuleBuilder,
  ModuleParameterType,
} from "@nomicfoundation/ignition-core";

import { artifact } from "../../artifacts.js";

import { DEFAULT_DEPLOY_PARAMETERS as DEFAULTS } from "../../parameters.js";
import { dataRewardTokenArguments } from "../../constructors.js";

/**
 * The token's constructor arguments, read from this module's parameters (`DataRewardToken` section), with
 * the admin (and minter) and the default initial holder given by the caller.
 */
export function dataRewardTokenInputs(
  m: IgnitionModuleBuilder,
  admin: ArgumentType,
  initialHolder: ModuleParameterType | AccountRuntimeValue,
): ArgumentType[] {
  return dataRewardTokenArguments<ArgumentType>({
    name: m.getParameter("name", DEFAULTS.tokenName),
    symbol: m.getParameter("symbol", DEFAULTS.tokenSymbol),
    cap: m.getParameter("cap", DEFAULTS.tokenCap),
    initialHolder: m.getParameter("initialHolder", initialHolder),
    initialMint: m.getParameter("initialMint", DEFAULTS.initialSupply),
    adminDelay: m.getParameter("adminDelay", DEFAULTS.adminDelay),
    admin,
  });
}

/**
 * The bundled reward and governance token. The admin (minter) may be a multisig: the initial supply is
 * minted in the constructor, to `initialHolder` (the deployer by default), so the deployment sends nothing
 * from the admin. The governed deployment builds its own module of this ID with the timelock as admin
 * (`GovernedDataDividends.ts`), so both read the same `DataRewardToken` parameters.
 */
export default buildModule("DataRewardToken", (m) => {
  const admin = m.getParameter("admin", m.getAccount(0));
  const token = m.contract(
    "DataRewardToken",
    artifact("DataRewardToken"),
    dataRewardTokenInputs(m, admin, m.getAccount(0)),
  );
  return { token };
});
