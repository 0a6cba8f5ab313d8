import { notify } from "../notifications/notify.server";
import { defineJob, type LoanTransitionEffect, type PledgeTransitionEffect, type ProjectTransitionEffect } from "../services.server";
import { rebuildAllRecords, refreshRecords } from "./projection.server";
import { LATE_CANCEL_MS } from "./review";
import { noticeTimedOutReviews } from "./reviews.server";

/**
 * Reputation's contributions to the extension points (listed in app/wiring.server.ts): the
 * projection follows every loan, pledge and project change in that change's own transaction, and a
 * nightly job recomputes every record (levels age: a claim after 12 months; reviews publish after
 * 14 days). docs/decisions/059-reputation.md.
 */

/** Loan events that can change a record (requests answered, returns, overdue, claims) and the review invitations. */
const RECORD_EVENTS = new Set(["accept", "decline", "expire", "confirm_return", "mark_overdue", "accept_claim", "decide_claim", "cancel"]);

export const refreshOnLoanChange: LoanTransitionEffect = async (trx, change) => {
  if (!RECORD_EVENTS.has(change.event)) return;
  await refreshRecords(trx, [change.ownerId, change.borrowerUserId], change.now);
  if (!change.borrowerUserId) return;
  const reviewable =
    change.event === "confirm_return" || (change.event === "cancel" && change.from === "accepted" && (await lateCancellation(trx, change.loanId, change.now)));
  if (!reviewable) return;
  const loan = await trx
    .selectFrom("loans as l")
    .innerJoin("items as i", "i.id", "l.item_id")
    .innerJoin("users as o", "o.id", "l.owner_id")
    .innerJoin("users as b", "b.id", "l.borrower_user_id")
    .select(["i.title", "o.display_name as owner_name", "b.display_name as borrower_name"])
    .where("l.id", "=", change.loanId)
    .executeTakeFirstOrThrow();
  for (const [userId, otherPartyName] of [
    [change.ownerId, loan.borrower_name],
    [change.borrowerUserId, loan.owner_name],
  ] as const) {
    await notify(trx, {
      userId,
      kind: "review.invite",
      data: { loanId: change.loanId, itemTitle: loan.title, otherPartyName },
      dedupeKey: `review:${change.loanId}:invite`,
    });
  }
};

async function lateCancellation(trx: Parameters<LoanTransitionEffect>[0], loanId: string, now: Date): Promise<boolean> {
  const loan = await trx.selectFrom("loans").select("starts_at").where("id", "=", loanId).executeTakeFirstOrThrow();
  return now.getTime() >= loan.starts_at.getTime() - LATE_CANCEL_MS;
}

export const refreshOnPledgeChange: PledgeTransitionEffect = async (trx, change) => {
  if (change.pledge.status !== "charged" && change.pledge.status !== "dropped") return;
  if (change.before?.status === change.pledge.status) return;
  await refreshRecords(trx, [change.pledge.backer_id], change.now);
};

export const refreshOnProjectChange: ProjectTransitionEffect = async (trx, change) => {
  // Succeeded, and the initiator's "delivered" mark (status unchanged: succeeded or paid out).
  if (change.to !== "succeeded" && change.from !== change.to) return;
  await refreshRecords(trx, [change.project.initiator_id], change.now);
};

export const reputationNightlyJob = defineJob({
  name: "reputation.nightly",
  sweep: true,
  schedule: "15 3 * * *",
  async run({ db, now }) {
    const noticed = await noticeTimedOutReviews(db, now);
    const records = await rebuildAllRecords(db, now);
    return { processed: records + noticed };
  },
});
