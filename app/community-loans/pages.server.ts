import { type RawBuilder, sql } from "kysely";
import type { Db } from "../utils/db.server";
import { getLoanTerms } from "./community-loans.server";
import { lenderPayoutsOf } from "./lender-payouts.server";
import { amsterdamDay, isLate } from "./loan";
import { repaymentSchedule } from "./schedule";
import type { AgreementData, BorrowerLoanView, InstallmentView, LenderLoanView, LoanTermsView } from "./views";

/** Community loans' reads for the pages (docs/decisions/078). */

function ymd(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
}

export interface LoanCaps {
  maxPerLenderCents: number;
  maxPerProjectCents: number;
}

export function loanCaps(env: { COMMUNITY_LOAN_MAX_PER_LENDER_CENTS: number; COMMUNITY_LOAN_MAX_PER_PROJECT_CENTS: number }): LoanCaps {
  return { maxPerLenderCents: env.COMMUNITY_LOAN_MAX_PER_LENDER_CENTS, maxPerProjectCents: env.COMMUNITY_LOAN_MAX_PER_PROJECT_CENTS };
}

/** The terms as the project page and the lend form show them, with an example schedule. */
export async function getLoanTermsView(db: Db, projectId: string, caps: LoanCaps): Promise<LoanTermsView | null> {
  const terms = await getLoanTerms(db, projectId);
  if (!terms) return null;
  const amountCents = Math.min(10_000, caps.maxPerLenderCents);
  const lines = repaymentSchedule({ principalCents: amountCents, annualRateBps: terms.annualRateBps, months: terms.months, kind: terms.method }).map((l) => ({
    month: l.month,
    principalCents: l.principalCents,
    interestCents: l.interestCents,
    paymentCents: l.paymentCents,
  }));
  return { ...terms, maxPerLenderCents: caps.maxPerLenderCents, example: { amountCents, lines, totalCents: lines.reduce((s, l) => s + l.paymentCents, 0) } };
}

async function lenderInstallments(db: Db, loanId: string, userId: string): Promise<InstallmentView[]> {
  const rows = await db
    .selectFrom("community_loan_installment_shares as s")
    .innerJoin("community_loan_installments as i", "i.id", "s.installment_id")
    .select(["i.id", "i.n", "i.status", "s.principal_cents", "s.interest_cents", ymd("i.due_on").as("due_on")])
    .where("s.loan_id", "=", loanId)
    .where("s.user_id", "=", userId)
    .orderBy("i.n")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    n: r.n,
    dueOn: r.due_on,
    status: r.status,
    principalCents: r.principal_cents,
    interestCents: r.interest_cents,
    amountCents: r.principal_cents + r.interest_cents,
  }));
}

/** /me/community-loans: every loan this member lent to, with what was repaid, what is outstanding, the next installment and late flags. */
export async function listLenderLoans(db: Db, userId: string, now: Date): Promise<LenderLoanView[]> {
  const loans = await db
    .selectFrom("community_loan_lenders as cl")
    .innerJoin("community_loans as l", "l.id", "cl.loan_id")
    .innerJoin("projects as p", "p.id", "l.project_id")
    .select(["l.id", "l.status", "l.months", "l.annual_rate_bps", "l.method", "cl.principal_cents", "p.slug", "p.title"])
    .where("cl.user_id", "=", userId)
    .orderBy("l.created_at", "desc")
    .execute();
  const today = amsterdamDay(now);
  const out: LenderLoanView[] = [];
  for (const l of loans) {
    const installments = await lenderInstallments(db, l.id, userId);
    const paid = installments.filter((i) => i.status === "paid");
    const open = installments.filter((i) => i.status !== "paid");
    const next = open[0];
    out.push({
      loanId: l.id,
      projectSlug: l.slug,
      projectTitle: l.title,
      status: l.status,
      months: l.months,
      annualRateBps: l.annual_rate_bps,
      method: l.method,
      lentCents: l.principal_cents,
      repaidCents: paid.reduce((s, i) => s + i.amountCents, 0),
      outstandingPrincipalCents: open.reduce((s, i) => s + i.principalCents, 0),
      next: next ? { n: next.n, dueOn: next.dueOn, amountCents: next.amountCents } : null,
      late: open.some((i) => i.status === "late" || isLate(i.dueOn, today)),
      installments,
      ...(await lenderPayoutsOf(db, l.id, userId)),
    });
  }
  return out;
}

/** The initiator's view of their project's loan (the repay page), or null when there is none (yet). */
export async function getBorrowerLoan(db: Db, projectId: string): Promise<BorrowerLoanView | null> {
  const loan = await db.selectFrom("community_loans").selectAll().where("project_id", "=", projectId).executeTakeFirst();
  if (!loan) return null;
  const lenders = await db
    .selectFrom("community_loan_lenders")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("loan_id", "=", loan.id)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("community_loan_installments")
    .select(["id", "n", "status", "principal_cents", "interest_cents", "amount_cents", ymd("due_on").as("due_on")])
    .where("loan_id", "=", loan.id)
    .orderBy("n")
    .execute();
  return {
    loanId: loan.id,
    status: loan.status,
    principalCents: loan.principal_cents,
    lenders: Number(lenders.n),
    months: loan.months,
    annualRateBps: loan.annual_rate_bps,
    method: loan.method,
    installments: rows.map((r) => ({
      id: r.id,
      n: r.n,
      dueOn: r.due_on,
      status: r.status,
      principalCents: r.principal_cents,
      interestCents: r.interest_cents,
      amountCents: r.amount_cents,
    })),
  };
}

/**
 * The agreement of one lender's loan: for that lender, or for the initiator naming the lender (their
 * copy). `lenderId` defaults to the viewer. Null for anyone else: the route answers 404.
 */
export async function getAgreement(db: Db, input: { loanId: string; viewerId: string; lenderId?: string; caps: LoanCaps }): Promise<AgreementData | null> {
  const lenderId = input.lenderId ?? input.viewerId;
  const row = await db
    .selectFrom("community_loans as l")
    .innerJoin("community_loan_lenders as cl", "cl.loan_id", "l.id")
    .innerJoin("projects as p", "p.id", "l.project_id")
    .innerJoin("users as b", "b.id", "l.borrower_id")
    .innerJoin("users as u", "u.id", "cl.user_id")
    .select([
      "l.id",
      "l.borrower_id",
      "l.principal_cents",
      "l.months",
      "l.annual_rate_bps",
      "l.method",
      ymd("l.start_date").as("start_date"),
      "cl.principal_cents as lent",
      "p.title",
      "p.slug",
      "b.display_name as borrower_name",
      "u.display_name as lender_name",
    ])
    .where("l.id", "=", input.loanId)
    .where("cl.user_id", "=", lenderId)
    .executeTakeFirst();
  if (!row) return null;
  if (input.viewerId !== lenderId && input.viewerId !== row.borrower_id) return null;
  return {
    loanId: row.id,
    projectTitle: row.title,
    projectSlug: row.slug,
    borrowerName: row.borrower_name,
    lenderName: row.lender_name,
    lentCents: row.lent,
    principalCents: row.principal_cents,
    months: row.months,
    annualRateBps: row.annual_rate_bps,
    method: row.method,
    startDate: row.start_date,
    maxPerLenderCents: input.caps.maxPerLenderCents,
    installments: await lenderInstallments(db, row.id, lenderId),
  };
}

/** The lenders of a loan, for the initiator's copies of the agreements. */
export async function listLoanLenders(db: Db, loanId: string): Promise<{ userId: string; name: string; principalCents: number }[]> {
  const rows = await db
    .selectFrom("community_loan_lenders as cl")
    .innerJoin("users as u", "u.id", "cl.user_id")
    .select(["cl.user_id", "u.display_name", "cl.principal_cents"])
    .where("cl.loan_id", "=", loanId)
    .orderBy("cl.position")
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.display_name, principalCents: r.principal_cents }));
}
