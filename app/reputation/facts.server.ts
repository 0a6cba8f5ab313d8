import { sql } from "kysely";
import type { Db } from "../utils/db.server";
import { countedReviewIds } from "./formulas";
import type { Facts, LoanFact } from "./record";

/**
 * The facts of a member's record, read from the event tables (loan_events, pledge_events,
 * project_events, reviews) — the ledgers, not anyone's say-so. Pure rules turn them into counts
 * (record.ts). docs/reputation.md.
 */
export async function loadFacts(db: Db, userId: string, now: Date): Promise<Facts> {
  const loans = await sql<{
    id: string;
    side: "owner" | "borrower";
    asked_owner: boolean;
    requested_at: Date;
    answer_kind: "accepted" | "declined" | "expired" | null;
    answer_at: Date | null;
    handed_over: boolean;
    returned: boolean;
    was_overdue: boolean;
    claim_upheld_at: Date | null;
  }>`
    select l.id,
      case when l.owner_id = ${userId}::uuid then 'owner' else 'borrower' end as side,
      l.initiated_by = 'borrower' as asked_owner,
      l.created_at as requested_at,
      a.kind as answer_kind, a.occurred_at as answer_at,
      l.picked_up_at is not null as handed_over,
      exists (select 1 from loan_events e where e.loan_id = l.id and e.kind = 'confirm_return') as returned,
      exists (select 1 from loan_events e where e.loan_id = l.id and e.kind = 'mark_overdue') as was_overdue,
      (select max(e.occurred_at) from loan_events e
        where e.loan_id = l.id and e.kind in ('accept_claim', 'decide_claim') and coalesce((e.data->>'amountCents')::int, 0) > 0) as claim_upheld_at
    from loans l
    left join lateral (
      select case e.kind when 'accept' then 'accepted' when 'decline' then 'declined' else 'expired' end as kind, e.occurred_at
      from loan_events e
      where e.loan_id = l.id
        and ((e.kind in ('accept', 'decline') and e.actor_role = 'owner') or e.kind = 'expire')
      order by e.id limit 1
    ) a on true
    where l.owner_id = ${userId}::uuid or l.borrower_user_id = ${userId}::uuid
  `.execute(db);

  const pledges = await sql<{ id: string; charged: boolean; dropped: boolean }>`
    select p.id,
      exists (select 1 from pledge_events e where e.pledge_id = p.id and e.to_status = 'charged') as charged,
      exists (select 1 from pledge_events e where e.pledge_id = p.id and e.to_status = 'dropped') as dropped
    from pledges p where p.backer_id = ${userId}::uuid
  `.execute(db);

  const projects = await sql<{ id: string; succeeded: boolean; delivered: boolean; reviewed: boolean }>`
    select p.id,
      exists (select 1 from project_events e where e.project_id = p.id and e.to_status = 'succeeded') as succeeded,
      p.delivered_at is not null as delivered,
      exists (select 1 from reviews r where r.project_id = p.id and r.hidden_at is null) as reviewed
    from projects p where p.initiator_id = ${userId}::uuid
  `.execute(db);

  const reviews = await publishedReviewsOf(db, userId, now);
  const counted = countedReviewIds(reviews);
  const countedStars = reviews.filter((r) => counted.has(r.id)).reduce((sum, r) => sum + r.stars, 0);

  return {
    loans: loans.rows.map((r): LoanFact => ({
      loanId: r.id,
      side: r.side,
      askedOwner: r.asked_owner,
      requestedAt: r.requested_at,
      answer: r.answer_kind && r.answer_at ? { kind: r.answer_kind, at: r.answer_at } : null,
      handedOver: r.handed_over,
      returned: r.returned,
      wasOverdue: r.was_overdue,
      claimUpheldAt: r.claim_upheld_at,
    })),
    pledges: pledges.rows.map((r) => ({ pledgeId: r.id, charged: r.charged, dropped: r.dropped })),
    projects: projects.rows.map((r) => ({ projectId: r.id, succeeded: r.succeeded, delivered: r.delivered, reviewed: r.reviewed })),
    counted: { count: counted.size, starsSum: countedStars },
  };
}

/**
 * Reviews of a member that everyone may see now: a loan review once the other side reviewed too or
 * its window ended (double-blind), a project review at once; not one a moderator hid. The SQL twin of review.ts `isPublished`.
 */
export async function publishedReviewsOf(
  db: Db,
  userId: string,
  now: Date,
): Promise<{ id: string; reviewerId: string; revieweeId: string; submittedAt: Date; stars: number }[]> {
  const rows = await db
    .selectFrom("reviews as r")
    .select(["r.id", "r.reviewer_id", "r.reviewee_id", "r.created_at", "r.stars"])
    .where("r.reviewee_id", "=", userId)
    .where(publishedNow(now))
    // A review a moderator hid no longer counts (docs/moderation.md).
    .where("r.hidden_at", "is", null)
    .execute();
  return rows.map((r) => ({ id: r.id, reviewerId: r.reviewer_id, revieweeId: r.reviewee_id, submittedAt: r.created_at, stars: r.stars }));
}

/** The condition "this review (alias r) is published at `now`", for any query over `reviews as r`. */
export const publishedNow = (now: Date) =>
  sql<boolean>`(r.project_id is not null or r.window_ends_at <= ${now} or exists (
    select 1 from reviews o where o.loan_id = r.loan_id and o.side <> r.side))`;
