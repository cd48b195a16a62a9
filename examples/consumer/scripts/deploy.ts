/**
 * Deploys DataDividends through its Ignition module (recorded, so reruns are no-ops and the
 * datadividends tasks find it), and, given MODEL (a registered model's ID), this project's gateway for it.
 *
 *   npx hardhat run --network localhost scripts/deploy.ts
 *   MODEL=0x… npx hardhat run --network localhost scripts/deploy.ts
 */
import { DataDividendsModule } from "datadividends/ignition";
import { network } from "hardhat";

import GatewayModule from "../ignition/modules/Gateway.js";

const { ignition } = await network.create();
const model = process.env.MODEL;
const deployed =
  model === undefined
    ? await ignition.deploy(DataDividendsModule, { displayUi: false })
    : await ignition.deploy(GatewayModule, { displayUi: false, parameters: { Gateway: { model } } });
for (const [name, contract] of Object.entries(deployed)) {
  console.log(`${name.padEnd(8)} ${await contract.getAddress()}`);
}
