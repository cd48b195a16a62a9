/**
 * `mineBlocks`: the blocks it mines name their parents, so an indexer can follow the node. One
 * `hardhat_mine` of more than a few blocks leaves placeholder blocks with a zero parentHash instead.
 */
import { expect } from "chai";
import { ZeroHash } from "ethers";
import { network } from "hardhat";

import { DataDividendsError } from "../../src/index.js";
import { mineBlocks, ONE_BY_ONE_LIMIT, type RpcSend } from "../../src/sdk/mining.js";

const { ethers } = await network.create();
const send: RpcSend = (method, params) => ethers.provider.send(method, params);

/** The parentHash of each block in [from, to] that does not name the block before it. */
async function brokenLinks(from: number, to: number): Promise<number[]> {
  const broken: number[] = [];
  let previous = (await ethers.provider.getBlock(from - 1))!.hash;
  for (let n = from; n <= to; n++) {
    const block = (await ethers.provider.getBlock(n))!;
    if (block.parentHash !== previous) broken.push(n);
    previous = block.hash;
  }
  return broken;
}

describe("mineBlocks", function () {
  it("mines real blocks, each naming its parent, where one hardhat_mine would not", async function () {
    const start = await ethers.provider.getBlockNumber();
    await mineBlocks(send, 20);
    expect(await ethers.provider.getBlockNumber()).to.equal(start + 20);
    expect(await brokenLinks(start + 1, start + 20)).to.deep.equal([]);

    // What it avoids: Hardhat reserves the middle of a long hardhat_mine run.
    await send("hardhat_mine", ["0x14"]);
    const placeholders = await brokenLinks(start + 21, start + 40);
    expect(placeholders).to.not.deep.equal([]);
    expect((await ethers.provider.getBlock(placeholders[0]))!.parentHash).to.equal(ZeroHash);
  });

  it("mines a run past the one-by-one limit in one call, and nothing for zero", async function () {
    const calls: string[] = [];
    const counting: RpcSend = (method, params) => {
      calls.push(method);
      return send(method, params);
    };
    const start = await ethers.provider.getBlockNumber();
    await mineBlocks(counting, ONE_BY_ONE_LIMIT + 1);
    expect(await ethers.provider.getBlockNumber()).to.equal(start + ONE_BY_ONE_LIMIT + 1);
    expect(calls).to.deep.equal(["anvil_mine", "hardhat_mine"]);

    calls.length = 0;
    await mineBlocks(counting, 0);
    expect(calls).to.deep.equal([]);
    await mineBlocks(counting, 3);
    expect(calls).to.deep.equal(["anvil_mine", "evm_mine", "evm_mine", "evm_mine"]);
  });

  it("uses anvil_mine where the node has it, and refuses a negative or fractional count", async function () {
    const calls: string[] = [];
    const anvil: RpcSend = (method) => {
      calls.push(method);
      return Promise.resolve(null);
    };
    await mineBlocks(anvil, 50);
    expect(calls).to.deep.equal(["anvil_mine"]);
    for (const bad of [-1, 1.5, Number.NaN]) {
      await mineBlocks(anvil, bad).then(
        () => expect.fail(`mined ${bad} blocks`),
        (error: unknown) => {
          expect(error).to.be.instanceOf(DataDividendsError);
          expect((error as DataDividendsError).code).to.equal("INVALID_INPUT");
        },
      );
    }
  });
});
