/**
 * The main job: the whole DataDividends flow on Hardhat's in-process network, in one process.
 *
 *   npm run demo
 *
 * Deploys through the GovernedDataDividends Ignition module (token holders are the arbiter), in memory:
 * it reads and writes no deployment record, whatever the checkout holds. Hashes the sample datasets in
 * seeds/ and writes their manifests to a temporary folder; a squatter registers one of them (a published
 * hash) before its creator; the others are registered (commit, then reveal). Registers a model from
 * seeds/models/airsense-forecaster/README.md and a fine-tune of it that owes it a royalty; pays both (the
 * owner, a sponsor through an EIP-2612 permit and the fine-tune's users in DDR; a gateway's micro-payments in a
 * 6-decimal USDC mock, through a second vault). The creator flags the squatted
 * copy during its cooling-off, and a governance proposal (delegate, propose, vote, queue, execute) gives
 * the slot back. Claims for every contributor through a relayer (lineage royalties forwarded in the same
 * transaction), prints who got what and why, and checks that nothing was lost: deposited = paid + held,
 * with held only rounding dust, and the squatter paid nothing. Then a crowd dataset of 10,000 slots, most of them
 * people known by a handle: one binds late and is paid everything the slot earned; unbound slots are swept after
 * the deadline; the crowd's books are checked too. Exits 1 with a one-line reason if any step
 * or check fails. Each step is a function of scripts/demo/steps.ts taking what the steps before it returned.
 */
import { processIo } from "../src/hardhat/io.js";
import { runCommand } from "../src/hardhat/run.js";
import * as demo from "./demo/steps.js";

const result = await runCommand(processIo, async () => {
  const stage = await demo.start(processIo);
  try {
    const deployed = await demo.deploy(stage);
    const seeds = await demo.hashSeeds(stage);
    const squat = await demo.registerDatasets(stage, deployed, seeds);
    const models = await demo.registerModels(stage, deployed, seeds);
    const revenue = await demo.payRevenue(stage, deployed, models);
    const flag = await demo.flagSquatted(stage, deployed, squat, models, revenue);
    await demo.ruleByGovernance(stage, deployed, squat, flag);
    const claims = await demo.claimForEveryone(stage, deployed, seeds);
    await demo.checkBooks(stage, deployed, seeds, models, revenue, claims);
    await demo.crowd(stage, deployed);
    demo.finish(stage, seeds);
  } finally {
    await demo.stop(stage);
  }
});
process.exitCode = result.success ? 0 : 1;
