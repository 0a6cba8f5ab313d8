import { sql } from "kysely";
import type { LedgerCheck } from "../ledger/verify.server";

/**
 * `npm run ledger:verify` checks of projects and pledges (docs/decisions/034-pledge-ledger-journals.md).
 * Read-only; one line per problem.
 */
export const projectBalancesMatchCollected: LedgerCheck = {
  name: "projects: the pledge money in each project's account equals its collected total",
  async run(db) {
    // Only the pledges' own journals: fees and payouts move the project's money on (their own kinds).
    const rows = await db
      .selectFrom("projects as p")
      .select([
        "p.slug",
        "p.collected_cents",
        sql<number>`coalesce((
          select sum(e.amount_cents) from ledger_entries e join ledger_journals j on j.id = e.journal_id
          where e.account = 'project:' || p.id::text and e.book = 'cash' and j.kind like 'pledge.%'
        ), 0)::bigint`.as("balance"),
      ])
      .orderBy("p.slug")
      .execute();
    return rows
      .filter((r) => Number(r.balance) !== Number(r.collected_cents))
      .map((r) => `project ${r.slug}: ledger balance ${Number(r.balance)} cents, collected ${r.collected_cents} cents`);
  },
};

/** Each charge's fees are booked at most once and never exceed the charge (fees.server.ts). */
export const pledgeFeesWithinCharges: LedgerCheck = {
  name: "pledges: fees booked once per charge and never more than it",
  async run(db) {
    const rows = await sql<{ pledge_id: string; payment_id: string; fees: number; charged: number }>`
      with fees as (
        select j.refs->>'pledgeId' as pledge_id, j.refs->>'paymentId' as payment_id, sum(-e.amount_cents) as fees
        from ledger_journals j join ledger_entries e on e.journal_id = j.id
        where j.kind in ('fee.processing', 'fee.platform') and j.refs ? 'pledgeId' and e.account like 'project:%' and e.book = 'cash'
        group by 1, 2
      )
      select f.pledge_id, f.payment_id, f.fees,
             coalesce((select sum(a.amount_cents) from pledge_payment_attempts a
                       where a.pledge_id::text = f.pledge_id and a.gateway_ref = f.payment_id and a.kind = 'charge' and a.status = 'succeeded'), 0) as charged
      from fees f
      order by 1`.execute(db);
    return rows.rows
      .filter((r) => Number(r.fees) > Number(r.charged))
      .map((r) => `pledge ${r.pledge_id}: fees of ${Number(r.fees)} cents booked for payment ${r.payment_id}, which charged ${Number(r.charged)} cents`);
  },
};

/** Promises in the ledger match the pledges: saved ones on project:<id>, failed ones on project_overdue:<id>. */
export const projectCommitmentsMatchPledges: LedgerCheck = {
  name: "projects: commitments in the ledger equal the open pledges",
  async run(db) {
    const rows = await db
      .selectFrom("projects as p")
      .select([
        "p.slug",
        sql<number>`coalesce((select sum(amount_cents) from pledges pl where pl.project_id = p.id and pl.status in ('active', 'processing')), 0)::bigint`.as(
          "open",
        ),
        sql<number>`coalesce((select sum(amount_cents) from pledges pl where pl.project_id = p.id and pl.status = 'payment_failed'), 0)::bigint`.as("overdue"),
        sql<number>`coalesce((select sum(e.amount_cents) from ledger_entries e where e.book = 'commitment' and e.account = 'project:' || p.id::text), 0)::bigint`.as(
          "committed",
        ),
        sql<number>`coalesce((select sum(e.amount_cents) from ledger_entries e where e.book = 'commitment' and e.account = 'project_overdue:' || p.id::text), 0)::bigint`.as(
          "overdue_ledger",
        ),
      ])
      .orderBy("p.slug")
      .execute();
    const problems: string[] = [];
    for (const r of rows) {
      if (Number(r.open) !== Number(r.committed))
        problems.push(`project ${r.slug}: ${Number(r.committed)} cents committed in the ledger, open pledges ${Number(r.open)} cents`);
      if (Number(r.overdue) !== Number(r.overdue_ledger))
        problems.push(`project ${r.slug}: ${Number(r.overdue_ledger)} cents overdue in the ledger, failed payments ${Number(r.overdue)} cents`);
    }
    return problems;
  },
};
