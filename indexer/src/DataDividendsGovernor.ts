/**
 * The governor's events: proposals, their queueing, execution and cancellation, and votes.
 */
import { ponder, type Context, type Event } from "ponder:registry";
import { proposal, vote } from "ponder:schema";

import { lower } from "./shared";

ponder.on("DataDividendsGovernor:ProposalCreated", async ({ event, context }) => {
  const { proposalId, proposer, voteStart, voteEnd, description } = event.args;
  await context.db.insert(proposal).values({
    id: proposalId,
    proposer: lower(proposer),
    description,
    voteStart,
    voteEnd,
    status: "created",
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    blockNumber: event.block.number,
  });
});

ponder.on("DataDividendsGovernor:ProposalQueued", async ({ event, context }) => {
  await context.db
    .update(proposal, { id: event.args.proposalId })
    .set({ status: "queued", eta: event.args.etaSeconds });
});

ponder.on("DataDividendsGovernor:ProposalExecuted", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ status: "executed" });
});

ponder.on("DataDividendsGovernor:ProposalCanceled", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ status: "canceled" });
});

/** Records a vote and adds its weight to the proposal's tally (GovernorCountingSimple: 0 against, 1 for, 2 abstain). */
async function castVote(
  context: Context,
  event: Event,
  args: { voter: string; proposalId: bigint; support: number; weight: bigint; reason: string },
) {
  await context.db.insert(vote).values({
    id: event.id,
    proposal: args.proposalId,
    voter: lower(args.voter),
    support: args.support,
    weight: args.weight,
    reason: args.reason,
    blockNumber: event.block.number,
  });
  const column = (["againstVotes", "forVotes", "abstainVotes"] as const)[args.support];
  await context.db.update(proposal, { id: args.proposalId }).set((row) => ({ [column]: row[column] + args.weight }));
}

ponder.on("DataDividendsGovernor:VoteCast", async ({ event, context }) => {
  await castVote(context, event, event.args);
});

ponder.on("DataDividendsGovernor:VoteCastWithParams", async ({ event, context }) => {
  await castVote(context, event, event.args);
});
