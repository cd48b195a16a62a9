/**
 * Deploys DataDividends through its Ignition module (recorded, so reruns are no-ops and the
 * datadividends tasks find it), and, given MODEL (a registered model's ID), this project's gateway for it.
 *
 *   npx hardhat run --network localhost scripts/deploy.ts
 *   MODEL=0x… npx hardhat run --network localhost scripts/deploy.ts
 */
import { DEVELOPMENT_IGNITION_PARAMETERS, DataDividendsModule } from "datadividends/ignition";
import { network } from "hardhat";

import GatewayModule from "../ignition/modules/Gateway.js";

const { ignition, ethers } = await network.create();
const model = process.env.MODEL;
// On a local chain, the parameters `npx hardhat datadividends deploy` uses there (tokens minted, a short commit window),
// so that this script and the plugin's task share one record.
const local = (await ethers.provider.getNetwork()).chainId === 31337n;
const base = local ? DEVELOPMENT_IGNITION_PARAMETERS : {};
const deployed =
  model === undefined
    ? await ignition.deploy(DataDividendsModule, { displayUi: false, parameters: base })
    : await ignition.deploy(GatewayModule, { displayUi: false, parameters: { ...base, Gateway: { model } } });
for (const [name, contract] of Object.entries(deployed)) {
  console.log(`${name.padEnd(8)} ${await contract.getAddress()}`);
}
