/**
 * Hashes the folder data/prompts and registers it as a dataset of the signer, with the signer and a
 * second account as contributors (3:1), through the DataDividends SDK. Idempotent: a rerun reports it
 * registered.
 *
 *   npx hardhat run --network localhost scripts/register-dataset.ts
 */
import { DataDividends } from "datadividends";
import { mineBlocks } from "datadividends/testing";
import { hashDataset } from "datadividends/node";
import { DEVELOPMENT_IGNITION_PARAMETERS, DataDividendsModule } from "datadividends/ignition";
import { network } from "hardhat";

const { ethers, ignition } = await network.create();
const [signer, coauthor] = await ethers.getSigners();
// The recorded deployment (a no-op on a network that has one; deploys where there is none), with the
// parameters `npx hardhat datadividends deploy` uses on a local chain, so that both share one record.
const local = (await ethers.provider.getNetwork()).chainId === 31337n;
const { token, datasets, models, vault } = await ignition.deploy(DataDividendsModule, {
  displayUi: false,
  parameters: local ? DEVELOPMENT_IGNITION_PARAMETERS : {},
});
const addresses = {
  token: await token.getAddress(),
  datasets: await datasets.getAddress(),
  models: await models.getAddress(),
  vault: await vault.getAddress(),
};

const { root, files } = await hashDataset("data/prompts");
const dd = DataDividends.connect(signer, addresses);
const result = await dd.registerDataset(
  {
    contentHash: root,
    metadataURI: "ipfs://bafy-example-prompts/manifest.json",
    contributors: [
      { account: signer.address, shares: 3 },
      { account: coauthor.address, shares: 1 },
    ],
  },
  // A development chain mines on request (real blocks, which an indexer can follow); on a live network
  // leave this out and the SDK waits for blocks.
  { advanceBlocks: (blocks) => mineBlocks((method, params) => ethers.provider.send(method, params), blocks) },
);
console.log(`dataset ${result.id} (${files.length} files): ${result.status}`);
