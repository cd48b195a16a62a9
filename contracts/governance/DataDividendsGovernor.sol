// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IDatasetDisputes} from "../interfaces/IDatasetDisputes.sol";

/// @title DataDividendsGovernor
/// @notice Token-holder governance over DataDividends: OpenZeppelin Governor with simple counting, the reward
/// token's votes, a quorum fraction and a timelock, which holds the admin, pauser and arbiter roles.
/// @dev OpenZeppelin's extensions composed as its Contracts Wizard writes them, plus two deployment checks that
/// keep token holders able to answer: some voting power lies outside the timelock (a timelock cannot delegate,
/// so a supply it holds can never vote), and one governance cycle (voting delay + voting period + timelock
/// delay, all in seconds on the token's timestamp clock) fits in the dispute registry's appeal window, so holders
/// can reverse an upheld ruling before it takes effect. The cycle check holds for later changes of the voting
/// delay or period too; a proposal that raises the timelock's own delay must keep it (`cycle()` tells).
contract DataDividendsGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    /// @notice The dispute registry whose appeal window a governance cycle must fit in.
    IDatasetDisputes public immutable disputes;

    /// @notice One governance cycle (`cycle`) is longer than the registry's appeal window: an upheld ruling
    /// could take effect before token holders could reverse it.
    /// @param cycle Seconds from proposal to execution.
    /// @param appealWindow The registry's appeal window, in seconds.
    error CycleLongerThanAppealWindow(uint256 cycle, uint256 appealWindow);

    /// @notice The token's supply outside the timelock (`outside`) cannot reach the quorum (`quorum`): no
    /// proposal could ever pass.
    /// @param outside Token units not held by the timelock.
    /// @param quorum Votes a proposal needs.
    error NoVotersOutsideTimelock(uint256 outside, uint256 quorum);

    /// @param token The votes token (DataRewardToken, timestamp clock).
    /// @param timelock The timelock that executes passed proposals.
    /// @param disputes_ The dataset registry the timelock arbitrates.
    /// @param votingDelay_ Seconds between a proposal and its vote.
    /// @param votingPeriod_ Seconds the vote lasts.
    /// @param proposalThreshold_ Votes needed to propose.
    /// @param quorumPercent Percent of the supply that must vote for or abstain.
    constructor(
        IVotes token,
        TimelockController timelock,
        IDatasetDisputes disputes_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumPercent
    )
        Governor("DataDividends Governor")
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(token)
        GovernorVotesQuorumFraction(quorumPercent)
        GovernorTimelockControl(timelock)
    {
        disputes = disputes_;
        _checkCycle(disputes_);
        uint256 supply = IERC20(address(token)).totalSupply();
        uint256 outside = supply - IERC20(address(token)).balanceOf(address(timelock));
        uint256 needed = (supply * quorumPercent) / 100;
        if (outside == 0 || outside < needed) revert NoVotersOutsideTimelock(outside, needed);
    }

    /// @notice Seconds from a proposal to its earliest execution: voting delay + voting period + timelock delay.
    /// @return Seconds.
    function cycle() public view returns (uint256) {
        return votingDelay() + votingPeriod() + TimelockController(payable(timelock())).getMinDelay();
    }

    /// @dev GovernorSettings' setter, then the cycle check (skipped while constructing: the constructor checks).
    function _setVotingDelay(uint48 newVotingDelay) internal override {
        super._setVotingDelay(newVotingDelay);
        if (timelock() != address(0)) _checkCycle(disputes);
    }

    /// @dev GovernorSettings' setter, then the cycle check (skipped while constructing: the constructor checks).
    function _setVotingPeriod(uint32 newVotingPeriod) internal override {
        super._setVotingPeriod(newVotingPeriod);
        if (timelock() != address(0)) _checkCycle(disputes);
    }

    function _checkCycle(IDatasetDisputes disputes_) private view {
        uint256 window = disputes_.appealWindow();
        uint256 cycle_ = cycle();
        if (cycle_ > window) revert CycleLongerThanAppealWindow(cycle_, window);
    }

    /* RESOLUTION OF OPENZEPPELIN'S OVERRIDES */

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @notice Where a proposal stands (queued and executed states come from the timelock).
    /// @param proposalId The proposal.
    /// @return The state.
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @notice Whether a passed proposal must be queued in the timelock before it executes (always).
    /// @param proposalId The proposal.
    /// @return True.
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
