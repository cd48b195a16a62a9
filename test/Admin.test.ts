/**
 * Admin powers across every contract: two-step delayed admin transfer, pausing, and nothing else.
 * "The admin can never move money that is owed to contributors."
 */
import { expect } from "chai";
import { network } from "hardhat";

import { deploySystem } from "./helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

async function systemFixture() {
  return deploySystem(ethers, 1n);
}

describe("admin rules (AccessControlDefaultAdminRules)", function () {
  it("transfers the default admin only in two steps, after the delay", async function () {
    const { token, datasets, models, vault, admin, stranger } = await loadFixture(systemFixture);
    for (const c of [token, datasets, models, vault]) {
      expect(await c.defaultAdminDelay()).to.equal(86_400n);
      await expect(c.connect(stranger).beginDefaultAdminTransfer(stranger.address))
        .to.be.revertedWithCustomError(c, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await c.DEFAULT_ADMIN_ROLE());
      await c.connect(admin).beginDefaultAdminTransfer(stranger.address);
      await expect(c.connect(stranger).acceptDefaultAdminTransfer()).to.be.revertedWithCustomError(
        c,
        "AccessControlEnforcedDefaultAdminDelay",
      );
    }
    await time.increase(86_401);
    for (const c of [token, datasets, models, vault]) {
      await c.connect(stranger).acceptDefaultAdminTransfer();
      expect(await c.defaultAdmin()).to.equal(stranger.address);
    }
  });

  it("refuses role grants by anyone but the admin", async function () {
    const { datasets, models, vault, stranger } = await loadFixture(systemFixture);
    for (const c of [datasets, models, vault]) {
      await expect(c.connect(stranger).grantRole(await c.PAUSER_ROLE(), stranger.address))
        .to.be.revertedWithCustomError(c, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await c.DEFAULT_ADMIN_ROLE());
    }
  });

  it("lets a granted pauser pause, and a revoked one no longer", async function () {
    const { vault, admin, stranger } = await loadFixture(systemFixture);
    const role = await vault.PAUSER_ROLE();
    await vault.connect(admin).grantRole(role, stranger.address);
    await expect(vault.connect(stranger).pause()).to.emit(vault, "Paused").withArgs(stranger.address);
    await expect(vault.connect(stranger).unpause()).to.emit(vault, "Unpaused").withArgs(stranger.address);
    await vault.connect(admin).revokeRole(role, stranger.address);
    await expect(vault.connect(stranger).pause()).to.be.revertedWithCustomError(
      vault,
      "AccessControlUnauthorizedAccount",
    );
  });
});
