/**
 * One table from each custom error the contracts (and the OpenZeppelin bases they inherit) can raise to a
 * line a person can act on. The SDK refuses what a contract refuses by simulating the call and decoding the
 * contract's own error, then says it with this table: one rule, written once in Solidity, explained once
 * here. A test holds the table to the contracts' ABIs (every error has its line).
 */
import { ZeroHash, id } from "ethers";

import type { DecodedRevert } from "../protocol/errors.js";
import { datasetStatusName, disputeStateName } from "../protocol/ids.js";

type Args = Record<string, unknown>;

const ROLES = new Map<string, string>([
  [ZeroHash, "the default admin role"],
  [id("ARBITER_ROLE"), "the arbiter role"],
  [id("PAUSER_ROLE"), "the pauser role"],
  [id("MINTER_ROLE"), "the minter role"],
  [id("ATTESTER_ROLE"), "the attester role"],
]);

const s = (value: unknown) => String(value);
const when = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString();
const status = (value: unknown) => datasetStatusName(BigInt(value as bigint));
const state = (value: unknown) => disputeStateName(BigInt(value as bigint));

/** Each custom error's line, from its decoded arguments. */
export const ADVICE: Readonly<Record<string, (a: Args) => string>> = {
  // Access, pausing, administration (OpenZeppelin).
  AccessControlUnauthorizedAccount: (a) =>
    `${s(a.account)} does not hold ${ROLES.get(s(a.neededRole)) ?? `role ${s(a.neededRole)}`}`,
  AccessControlBadConfirmation: () => "a role can be renounced only by its holder, naming itself",
  AccessControlEnforcedDefaultAdminDelay: (a) =>
    `the default admin transfer cannot complete before ${when(a.schedule)} (its delay)`,
  AccessControlEnforcedDefaultAdminRules: () =>
    "the default admin role moves only through beginDefaultAdminTransfer and acceptDefaultAdminTransfer",
  AccessControlInvalidDefaultAdmin: (a) => `${s(a.defaultAdmin)} cannot be the default admin`,
  EnforcedPause: () => "the contract is paused: wait for its pauser to unpause it",
  ExpectedPause: () => "the contract is not paused",
  ReentrancyGuardReentrantCall: () => "the call re-entered the contract, which it refuses",
  // Registration.
  CommitNotRequired: () => "this registry takes registrations in one transaction: register without a commitment",
  CommitmentExpired: (a) =>
    `commitment ${s(a.commitment)} expired at block ${s(a.expiredAt)}: commit again with a new salt`,
  CommitmentNotFound: (a) => `no commitment ${s(a.commitment)}: commit first (or check the salt)`,
  CommitmentNotReady: (a) => `commitment ${s(a.commitment)} can be revealed from block ${s(a.readyAt)}`,
  ContributorsNotSorted: (a) =>
    `contributors must be in ascending address order (${s(a.current)} comes after ${s(a.previous)})`,
  DatasetAlreadyRegistered: (a) => `dataset ${s(a.id)} is already registered by ${s(a.registrant)}`,
  DuplicateContributor: (a) => `${s(a.account)} is listed twice among the contributors`,
  EmptyMetadataURI: () => "the metadata URI is empty: give where the manifest or card is published",
  MetadataURITooLong: (a) => `the metadata URI has ${s(a.length)} bytes; at most ${s(a.maxLength)} are allowed`,
  NoContributors: () => "a dataset needs at least one contributor",
  TooManyContributors: (a) => `${s(a.count)} contributors; a dataset lists at most ${s(a.max)}`,
  ZeroAddressContributor: (a) => `contributor ${s(a.index)} is the zero address`,
  ZeroCommitment: () => "the commitment is zero",
  ZeroContentHash: () => "the content hash is zero",
  ZeroShares: (a) => `${s(a.account)} has zero shares: every contributor needs at least one`,
  // The registries' two LengthMismatch errors share a selector: the arguments are read by position.
  LengthMismatch: (a) => {
    const [first, second] = Object.values(a);
    return `two lists that go together differ in length (${s(first)} and ${s(second)}): contributors and shares, or datasets and weights`;
  },
  InvalidParameter: (a) => `the deployment parameter ${s(a.parameter)} cannot be ${s(a.value)}`,
  // Datasets and their holders.
  DatasetAlreadyRetired: (a) => `dataset ${s(a.id)} is already retired`,
  DatasetFrozen: (a) => `dataset ${s(a.id)} is frozen by a dispute: this waits until the dispute ends`,
  NotRegistrant: (a) => `only the registrant of dataset ${s(a.id)} may do this, not ${s(a.caller)}`,
  NotShareHolder: (a) => `${s(a.caller)} does not hold share slot ${s(a.index)} of dataset ${s(a.id)}`,
  InvalidShareRecipient: (a) => `${s(a.to)} cannot receive the share slot: it is zero or already its holder`,
  UnknownContributor: (a) => `dataset ${s(a.id)} has no share slot ${s(a.index)}`,
  UnknownDataset: (a) => `dataset ${s(a.id)} is not registered`,
  NotContributor: (a) => `${s(a.account)} does not hold share slot ${s(a.index)} of dataset ${s(a.dataset)}`,
  // Share trees (crowd datasets).
  NotShareTrees: (a) => `only the share-tree module may do this, not ${s(a.caller)}`,
  NotTreeDataset: (a) =>
    `dataset ${s(a.id)} is not a final share-tree dataset (unknown, a listed one, or still provisional: wait until it is final)`,
  SlotTaken: (a) =>
    `share slot ${s(a.index)} of dataset ${s(a.id)} is already proven (held by ${s(a.holder)}): claim it without a proof`,
  InvalidTree: (a) => `the share tree's ${s(a.term)} cannot be ${s(a.value)}`,
  UnknownTree: (a) =>
    `these are not dataset ${s(a.dataset)}'s share-tree terms: it has no tree, or a ruling replaced it (use the tree file it names now)`,
  SharesFixed: (a) =>
    `share slot ${s(a.index)} of dataset ${s(a.id)} was written with ${s(a.shares)} share(s) and keeps them; the tree gives it ${s(a.given)}`,
  NotArbiter: (a) => `${s(a.caller)} is not an arbiter of the dataset registry`,
  NotRegistry: (a) => `only the dataset registry may do this, not ${s(a.caller)}`,
  SlotOutOfRange: (a) =>
    `share slot ${s(a.index)} is past the ${s(a.slotCount)} slots of dataset ${s(a.dataset)}'s tree`,
  ProofShapeMismatch: (a) =>
    `the slot proof has ${s(a.hashes)} hashes and ${s(a.sumBytes)} bytes of sums; the tree is ${s(a.depth)} deep: it is from another tree file`,
  InvalidSlotProof: (a) =>
    `slot ${s(a.index)}'s leaf does not prove into dataset ${s(a.dataset)}'s share tree: the tree file does not match the registered root`,
  WrongSlotKind: (a) =>
    `share slot ${s(a.index)} of dataset ${s(a.dataset)} is of the other kind (an address slot is proven; an identity slot is bound or swept)`,
  SlotAlreadyBound: (a) => `share slot ${s(a.index)} of dataset ${s(a.dataset)} is already bound to ${s(a.account)}`,
  BindingPending: (a) =>
    `a binding of share slot ${s(a.index)} of dataset ${s(a.dataset)} is pending until ${when(a.effectiveAt)}`,
  BindingClosed: (a) =>
    `dataset ${s(a.dataset)}'s deadline passed at ${when(a.deadline)} and its unbound slots now belong to its fallback account`,
  AttestationExpired: (a) => `the attestation expired at ${when(a.deadline)}: ask the attester for a new one`,
  AttestationReplayed: (a) =>
    `the attestation is for binding attempt ${s(a.given)} of share slot ${s(a.index)} of dataset ${s(a.dataset)}, which is at attempt ${s(a.expected)} (used or vetoed): ask the attester for a new one`,
  NotAttester: (a) => `${s(a.attester)} does not hold the attester role`,
  InvalidAttestation: (a) => `the attestation's signature is not ${s(a.attester)}'s`,
  InvalidBindingAccount: (a) => `a share slot cannot be bound to ${s(a.account)}`,
  NoPendingBinding: (a) => `no binding of share slot ${s(a.index)} of dataset ${s(a.dataset)} is pending`,
  VetoClosed: (a) =>
    `the binding of share slot ${s(a.index)} of dataset ${s(a.dataset)} took effect at ${when(a.effectiveAt)}: too late to veto`,
  NotVetoer: (a) =>
    `only the registrant of dataset ${s(a.dataset)} or an arbiter may veto a binding, not ${s(a.caller)}`,
  BindingNotReady: (a) =>
    `the binding of share slot ${s(a.index)} of dataset ${s(a.dataset)} can be completed at ${when(a.effectiveAt)}, not before`,
  SweepTooEarly: (a) =>
    `dataset ${s(a.dataset)}'s unbound slots can be swept after ${when(a.deadline)}, not at ${when(a.timestamp)}`,
  // Disputes.
  AlreadyChallenger: (a) => `${s(a.account)} already posted a bond on dispute ${s(a.disputeId)} of ${s(a.id)}`,
  AppealClosed: (a) =>
    `the ruling on dispute ${s(a.disputeId)} of ${s(a.id)} can no longer be appealed (appealed already, or its window closed)`,
  BondNotReclaimable: (a) =>
    `no refundable joined bond on dispute ${s(a.disputeId)} of ${s(a.id)} (none posted, already reclaimed, still open, or the flag was dismissed)`,
  DisputeMismatch: (a) =>
    `dispute ${s(a.given)} is not the latest on ${s(a.id)} (that is dispute ${s(a.latest)}): a ruling names the dispute it is for`,
  DisputeNotOpen: (a) =>
    `dispute ${s(a.disputeId)} on ${s(a.id)} is ${state(a.state)}: this step does not apply to a dispute in that state`,
  FlagNotExpired: (a) => `the flag on ${s(a.id)} can be ended by anyone from ${when(a.expiresAt)}`,
  HolderCountMismatch: (a) =>
    `the dataset has ${s(a.expected)} share slot(s); name a holder for each, got ${s(a.given)}`,
  InvalidHolder: (a) => `${s(a.account)} cannot be a holder (the zero address or the arbiter)`,
  NoBondCredit: (a) => `${s(a.account)} has no bond credited to withdraw`,
  NoOpenFlag: (a) => `dataset ${s(a.id)} has no open flag`,
  NotAppellant: (a) =>
    `only the registrant of ${s(a.id)} or the holder of share slot ${s(a.index)} may appeal, not ${s(a.account)}`,
  NotFlaggable: (a) =>
    `dataset ${s(a.id)} cannot be flagged: it is ${status(a.status)} (only final datasets, or ones whose dispute is open, can)`,
  PartyCannotFlag: (a) => `${s(a.account)} is the registrant of dataset ${s(a.id)} and cannot flag it`,
  RulingMismatch: (a) =>
    `the ruling given for dispute ${s(a.disputeId)} of ${s(a.id)} is not the one upheld (holders or registrant differ)`,
  RulingNotExecutable: (a) =>
    `the ruling on dispute ${s(a.disputeId)} of ${s(a.id)} takes effect from ${when(a.executableAt)} (its appeal window)`,
  WrongBond: (a) => `the flag carries ${s(a.sent)} wei; the bond is ${s(a.bond)} wei`,
  InvalidRecipient: (a) => `${s(a.account)} cannot receive it (the zero address)`,
  // Models.
  DatasetNotDeclarable: (a) =>
    `dataset ${s(a.id)} cannot be declared: it is ${status(a.status)} (only active datasets can)`,
  DatasetsNotSorted: (a) => `datasets must be in ascending ID order (${s(a.current)} comes after ${s(a.previous)})`,
  DuplicateDataset: (a) => `dataset ${s(a.id)} is declared twice`,
  InvalidParentWeight: (a) =>
    `a parent edge weight of ${s(a.parentWeight)} does not fit parent ${s(a.parent)} (zero with a parent, or non-zero without)`,
  InvalidRoyalty: (a) => `a royalty of ${s(a.bps)} basis points is above 100%`,
  ModelAlreadyRegistered: (a) => `model ${s(a.id)} is already registered`,
  NoDatasets: () => "a model declares at least one dataset",
  RoyaltyBelowFloor: (a) =>
    `parent ${s(a.parent)} asks a parent edge weight of at least ${s(a.minimum)}, got ${s(a.parentWeight)}`,
  TooManyDatasets: (a) => `${s(a.count)} datasets; a model declares at most ${s(a.max)}`,
  UnknownModel: (a) => `model ${s(a.id)} is not registered`,
  ZeroArtifactHash: () => "the artifact hash is zero",
  ZeroWeight: (a) => `dataset ${s(a.id)} is declared with weight zero`,
  RegistryMismatch: (a) => `the model registry reads datasets from ${s(a.modelsDatasets)}, not ${s(a.datasets)}`,
  // Rewards.
  EdgeNotDeclared: (a) => `model ${s(a.model)} did not declare dataset ${s(a.dataset)}`,
  NotParent: (a) => `model ${s(a.parent)} is not the parent of ${s(a.child)}`,
  NothingToClaim: (a) => `${s(a.account)} has nothing to claim on the edges given`,
  PoolCapacityExceeded: (a) => `model ${s(a.model)}'s pool cannot take ${s(a.amount)} more`,
  TokenDeliveryShortfall: (a) =>
    `the token delivered ${s(a.received)} of ${s(a.expected)}: fee-on-transfer tokens cannot be paid in`,
  ZeroAmount: () => "the amount is zero",
  ClaimSignatureExpired: (a) => `the signed claim expired at ${when(a.deadline)}`,
  InvalidClaimSignature: (a) => `the claim is not signed by ${s(a.account)} (or was changed after signing)`,
  InvalidSignature: (a) => `the signature is not ${s(a.signer)}'s`,
  NotRelayer: (a) => `only ${s(a.relayer)} may send this signed claim, not ${s(a.sender)}`,
  SignatureExpired: (a) => `the signature expired at ${when(a.deadline)}`,
  TipAboveCap: (a) => `a tip of ${s(a.tip)} is above what the claim allows (${s(a.cap)})`,
  InvalidAccountNonce: (a) => `${s(a.account)}'s nonce is ${s(a.currentNonce)}: the signature was spent or revoked`,
  // Tokens (OpenZeppelin ERC-20, permit, votes).
  ERC20ExceededCap: (a) => `minting would take the supply to ${s(a.increasedSupply)}, above its cap ${s(a.cap)}`,
  ERC20ExceededSafeSupply: (a) => `minting would take the supply to ${s(a.increasedSupply)}, above ${s(a.cap)}`,
  ERC20InsufficientAllowance: (a) =>
    `${s(a.spender)} may spend ${s(a.allowance)} and needs ${s(a.needed)}: approve more (or pay with a permit)`,
  ERC20InsufficientBalance: (a) => `${s(a.sender)} holds ${s(a.balance)} and needs ${s(a.needed)}`,
  ERC20InvalidApprover: (a) => `${s(a.approver)} cannot approve`,
  ERC20InvalidCap: (a) => `a cap of ${s(a.cap)} is not allowed`,
  ERC20InvalidReceiver: (a) => `${s(a.receiver)} cannot receive tokens`,
  ERC20InvalidSender: (a) => `${s(a.sender)} cannot send tokens`,
  ERC20InvalidSpender: (a) => `${s(a.spender)} cannot be a spender`,
  ERC2612ExpiredSignature: (a) => `the permit expired at ${when(a.deadline)}`,
  ERC2612InvalidSigner: (a) => `the permit is signed by ${s(a.signer)}, not ${s(a.owner)}`,
  ERC5805FutureLookup: (a) => `votes at ${s(a.timepoint)} are not known yet (the clock is at ${s(a.clock)})`,
  ERC6372InconsistentClock: () => "the token's clock does not match its clock mode",
  VotesExpiredSignature: (a) => `the delegation signature expired at ${when(a.expiry)}`,
  CheckpointUnorderedInsertion: () => "a vote checkpoint out of order",
  InsufficientBalance: (a) => `the contract holds ${s(a.balance)} wei and needs ${s(a.needed)}`,
  FailedCall: () => "a call the contract made failed",
  AddressEmptyCode: (a) => `no contract at ${s(a.target)}`,
  SafeERC20FailedOperation: (a) => `the token ${s(a.token)} refused the transfer`,
  SafeCastOverflowedUintDowncast: (a) => `${s(a.value)} does not fit in ${s(a.bits)} bits`,
  ECDSAInvalidSignature: () => "the signature is not valid",
  ECDSAInvalidSignatureLength: (a) => `a signature of ${s(a.length)} bytes is not valid`,
  ECDSAInvalidSignatureS: () => "the signature is malleable (high s) and refused",
  InvalidShortString: () => "a name or symbol too long for the token",
  StringTooLong: () => "a name or symbol too long for the token",
  // Governance.
  CycleLongerThanAppealWindow: (a) =>
    `one governance cycle (${s(a.cycle)} s) is longer than the registry's appeal window (${s(a.appealWindow)} s): a ruling could take effect before a vote can reverse it`,
  NoVotersOutsideTimelock: (a) =>
    `only ${s(a.outside)} votes are held outside the timelock, below the quorum of ${s(a.quorum)}: mint the supply to voters`,
  GovernorAlreadyCastVote: (a) => `${s(a.voter)} has already voted`,
  GovernorAlreadyQueuedProposal: (a) => `proposal ${s(a.proposalId)} is already queued`,
  GovernorDisabledDeposit: () => "the governor takes no deposits",
  GovernorInsufficientProposerVotes: (a) =>
    `${s(a.proposer)} has ${s(a.votes)} votes; proposing takes ${s(a.threshold)} (delegate first)`,
  GovernorInvalidProposalLength: (a) =>
    `a proposal's targets (${s(a.targets)}), calls (${s(a.calldatas)}) and values (${s(a.values)}) must be as many`,
  GovernorInvalidQuorumFraction: (a) => `a quorum of ${s(a.quorumNumerator)}/${s(a.quorumDenominator)} is not allowed`,
  GovernorInvalidSignature: (a) => `the vote is not signed by ${s(a.voter)}`,
  GovernorInvalidVoteParams: () => "this vote takes no parameters",
  GovernorInvalidVoteType: () => "a vote is 0 (against), 1 (for) or 2 (abstain)",
  GovernorInvalidVotingPeriod: (a) => `a voting period of ${s(a.votingPeriod)} is not allowed`,
  GovernorNonexistentProposal: (a) => `no proposal ${s(a.proposalId)}`,
  GovernorOnlyExecutor: (a) => `only the timelock may do this, not ${s(a.account)}`,
  GovernorProposalQueueingFailed: (a) => `proposal ${s(a.proposalId)} could not be queued`,
  GovernorProposalQueueingNotRequired: (a) => `proposal ${s(a.proposalId)} needs no queueing`,
  GovernorRestrictedProposer: (a) => `${s(a.proposer)} may not propose this`,
  GovernorUnableToCancel: (a) => `${s(a.account)} cannot cancel proposal ${s(a.proposalId)} now`,
  GovernorUnexpectedProposalState: (a) =>
    `proposal ${s(a.proposalId)} is in state ${s(a.current)}, which this step does not take`,
};

/** The line for a decoded revert: its advice, or the decoded error itself where the table has none. */
export function explain(revert: DecodedRevert): string {
  const advice = ADVICE[revert.name];
  return advice === undefined ? revert.text : advice(revert.args);
}
