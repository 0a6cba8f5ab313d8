import { sql } from "kysely";
import type { PersonalDataContribution } from "../services.server";

/**
 * Community loans' share of a member's data (docs/decisions/074, 078): the loans they lent to (with
 * their own schedule), the payouts of their repayments to their bank (decision 081) and the loans
 * their projects borrowed. A running loan, as lender or borrower, blocks the erasure (money is still
 * owed one way or the other), and so does a repaid loan whose repayments have not all reached the
 * lender's bank; a repaid loan's rows stay as money records (the users row itself is blanked by the
 * account's own erasure).
 */
export const communityLoansPersonalData: PersonalDataContribution = {
  key: "community_loans",
  async exportRows(db, { userId }) {
    const [lent, shares, borrowed, payouts] = await Promise.all([
      db
        .selectFrom("community_loan_lenders as cl")
        .innerJoin("community_loans as l", "l.id", "cl.loan_id")
        .innerJoin("projects as p", "p.id", "l.project_id")
        .select(["p.title as project", "cl.principal_cents", "l.annual_rate_bps", "l.months", "l.method", "l.status", "l.created_at"])
        .where("cl.user_id", "=", userId)
        .orderBy("l.created_at")
        .execute(),
      db
        .selectFrom("community_loan_installment_shares as s")
        .innerJoin("community_loan_installments as i", "i.id", "s.installment_id")
        .innerJoin("community_loans as l", "l.id", "s.loan_id")
        .innerJoin("projects as p", "p.id", "l.project_id")
        .select(["p.title as project", "i.n", sql<string>`to_char(i.due_on, 'YYYY-MM-DD')`.as("due_on"), "i.status", "s.principal_cents", "s.interest_cents"])
        .where("s.user_id", "=", userId)
        .orderBy("l.created_at")
        .orderBy("i.n")
        .execute(),
      db
        .selectFrom("community_loans as l")
        .innerJoin("projects as p", "p.id", "l.project_id")
        .select(["p.title as project", "l.principal_cents", "l.annual_rate_bps", "l.months", "l.method", "l.status", "l.created_at"])
        .where("l.borrower_id", "=", userId)
        .orderBy("l.created_at")
        .execute(),
      db
        .selectFrom("community_loan_payouts as po")
        .innerJoin("community_loans as l", "l.id", "po.loan_id")
        .innerJoin("projects as p", "p.id", "l.project_id")
        .select(["p.title as project", "po.amount_cents", "po.status", "po.bank_last4", "po.created_at", "po.paid_at", "po.failed_at"])
        .where("po.user_id", "=", userId)
        .orderBy("po.created_at")
        .execute(),
    ]);
    return { community_loans_lent: lent, community_loan_schedule: shares, community_loans_borrowed: borrowed, community_loan_payouts: payouts };
  },
  async blockers(db, { userId }) {
    const running = await db
      .selectFrom("community_loans as l")
      .select("l.id")
      .where("l.status", "=", "running")
      .where((eb) =>
        eb.or([
          eb("l.borrower_id", "=", userId),
          eb.exists(eb.selectFrom("community_loan_lenders as cl").select("cl.loan_id").whereRef("cl.loan_id", "=", "l.id").where("cl.user_id", "=", userId)),
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    if (running) return ["communityLoans.privacy.running"];
    // Repaid to them but not (yet) at their bank: still owed by the platform (decision 081).
    const owed = await sql<{ n: number }>`
      select count(*)::int as n from community_loan_lenders cl
      where cl.user_id = ${userId}
        and ((select coalesce(sum(e.amount_cents), 0) from ledger_entries e
              where e.account = 'community_loan_lender:' || cl.loan_id::text || ':' || cl.user_id::text and e.book = 'cash') > 0
          or exists (select 1 from community_loan_payouts po where po.loan_id = cl.loan_id and po.user_id = cl.user_id and po.status in ('pending', 'in_transit')))`.execute(
      db,
    );
    return Number(owed.rows[0]?.n ?? 0) > 0 ? ["communityLoans.privacy.owed"] : [];
  },
  async erase() {
    return { fileKeys: [] };
  },
};
