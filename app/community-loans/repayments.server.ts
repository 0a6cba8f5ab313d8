import { sql } from "kysely";
import { ensureGatewayCustomer } from "../payments/customers.server";
import type { GatewayEventHandler } from "../payments/events.server";
import { GatewayRequestError, type PaymentGateway } from "../payments/gateway";
import type { LedgerCheck } from "../ledger/verify.server";
import { chargesWithoutRefundsReconciler } from "../reconciliation/charge-reconciler.server";
import { defineJob } from "../services.server";
import type { Db } from "../utils/db.server";
import { applyCommunityLoanEventTx, startDueLoans, sweepInstallments } from "./community-loans.server";

/**
 * Repayments (docs/decisions/078-community-loans.md): the initiator pays an installment on the
 * gateway's hosted page (the simulated gateway's page or Stripe Checkout), from the dashboard's
 * "Aflossen" button. The payment carries `{ purpose: "community_loan", installmentId, loanId }`;
 * its `payment.succeeded` event marks the installment paid and books the split per lender.
 */
export const COMMUNITY_LOAN_PURPOSE = "community_loan";

export type StartRepaymentResult =
  { ok: true; url: string } | { ok: false; error: "NotFound" | "NotBorrower" | "AlreadyPaid" | "NotNext" | "GatewayUnavailable" };

/** Opens the hosted payment page for the next open installment (calls the gateway: never inside a transaction). */
export async function startRepayment(
  services: { db: Db; gateway: PaymentGateway; appUrl: string },
  input: { installmentId: string; user: { id: string; email: string; displayName: string }; requestId: string; locale: "nl" | "en" },
): Promise<StartRepaymentResult> {
  const row = await services.db
    .selectFrom("community_loan_installments as i")
    .innerJoin("community_loans as l", "l.id", "i.loan_id")
    .innerJoin("projects as p", "p.id", "l.project_id")
    .select(["i.id", "i.n", "i.status", "i.amount_cents", "l.id as loan_id", "l.borrower_id", "p.slug", "p.title"])
    .where("i.id", "=", input.installmentId)
    .executeTakeFirst();
  if (!row) return { ok: false, error: "NotFound" };
  if (row.borrower_id !== input.user.id) return { ok: false, error: "NotBorrower" };
  if (row.status === "paid") return { ok: false, error: "AlreadyPaid" };
  const earlier = await services.db
    .selectFrom("community_loan_installments")
    .select("id")
    .where("loan_id", "=", row.loan_id)
    .where("n", "<", row.n)
    .where("status", "<>", "paid")
    .executeTakeFirst();
  if (earlier) return { ok: false, error: "NotNext" };
  const back = `${services.appUrl}/projects/${encodeURIComponent(row.slug)}/dashboard#community-loan`;
  try {
    const customerId = await ensureGatewayCustomer(services, input.user);
    const session = await services.gateway.createPaymentSession({
      customerId,
      amountCents: row.amount_cents,
      description: `Buurtlening ${row.title}: termijn ${row.n}`.slice(0, 200),
      returnUrl: back,
      cancelUrl: back,
      metadata: { purpose: COMMUNITY_LOAN_PURPOSE, installmentId: row.id, loanId: row.loan_id },
      idempotencyKey: `community_loan:${row.id}:session:${input.requestId}`,
      locale: input.locale,
    });
    return { ok: true, url: session.url };
  } catch (error) {
    if (error instanceof GatewayRequestError) return { ok: false, error: "GatewayUnavailable" };
    throw error;
  }
}

/** Gateway events with `metadata.purpose === "community_loan"` (listed in app/wiring.server.ts). */
export const handleCommunityLoanGatewayEvent: GatewayEventHandler = async (trx, event, ctx) => {
  if (event.type !== "payment.succeeded") return `ignored: ${event.type}`;
  const installmentId = event.metadata.installmentId;
  if (!installmentId) return "ignored: no installment";
  const r = await applyCommunityLoanEventTx(trx, { installmentId, event: "pay", paymentId: event.payment.id, actorId: null, now: ctx.now });
  // Paid twice (two pages open): the second payment is not booked and shows in the reconciliation for an admin to refund.
  return r.ok ? `installment paid (${r.events.join(", ")})` : `ignored: ${r.error}`;
};

/** The gateway's record of repayments against the ledger (the reconciliation, decision 027). */
export const communityLoanReconciler = chargesWithoutRefundsReconciler({
  describes: "community loans: initiators' repayments (community_loan.repaid)",
  payerPrefix: "community_loan_borrower:",
  refKeys: ["installmentId", "loanId"],
});

/**
 * `npm run ledger:verify`: per loan, each lender's commitment balance is the principal still owed to
 * them (their shares of unpaid installments), their cash balance plus what was paid out to them
 * (in transit or at their bank, decision 081) what was repaid to them (their shares of paid ones); the borrower's balances mirror the sums; a repaid loan owes nothing.
 */
export const communityLoansMatchLedger: LedgerCheck = {
  name: "community loans: every lender's balances equal their shares of paid and unpaid installments",
  async run(db) {
    const rows = await sql<{ loan_id: string; user_id: string; owed: number; repaid: number; commitment: number; cash: number }>`
      select s.loan_id, s.user_id,
        sum(case when i.status <> 'paid' then s.principal_cents else 0 end)::bigint as owed,
        sum(case when i.status = 'paid' then s.principal_cents + s.interest_cents else 0 end)::bigint as repaid,
        coalesce((select sum(e.amount_cents) from ledger_entries e
                  where e.account = 'community_loan_lender:' || s.loan_id::text || ':' || s.user_id::text and e.book = 'commitment'), 0)::bigint as commitment,
        coalesce((select sum(e.amount_cents) from ledger_entries e
                  where e.account = 'community_loan_lender:' || s.loan_id::text || ':' || s.user_id::text and e.book = 'cash'), 0)::bigint
          -- what left for the lender's bank (decision 081) was repaid to them all the same
          + coalesce((select sum(po.amount_cents) from community_loan_payouts po
                      where po.loan_id = s.loan_id and po.user_id = s.user_id and po.status in ('in_transit', 'paid')), 0)::bigint as cash
      from community_loan_installment_shares s join community_loan_installments i on i.id = s.installment_id
      group by s.loan_id, s.user_id order by s.loan_id, s.user_id`.execute(db);
    const problems: string[] = [];
    for (const r of rows.rows) {
      if (Number(r.commitment) !== Number(r.owed))
        problems.push(`community loan ${r.loan_id}, lender ${r.user_id}: ${Number(r.commitment)} cents owed in the ledger, ${Number(r.owed)} by the schedule`);
      if (Number(r.cash) !== Number(r.repaid))
        problems.push(`community loan ${r.loan_id}, lender ${r.user_id}: ${Number(r.cash)} cents repaid in the ledger, ${Number(r.repaid)} by the schedule`);
    }
    const loans = await sql<{ id: string; status: string; principal: number; installments: number; open: number; borrower: number }>`
      select l.id, l.status, l.principal_cents as principal,
        (select coalesce(sum(principal_cents), 0) from community_loan_installments where loan_id = l.id)::bigint as installments,
        (select count(*) from community_loan_installments where loan_id = l.id and status <> 'paid')::bigint as open,
        coalesce((select sum(e.amount_cents) from ledger_entries e where e.account = 'community_loan_borrower:' || l.id::text and e.book = 'commitment'), 0)::bigint as borrower
      from community_loans l order by l.id`.execute(db);
    for (const l of loans.rows) {
      if (Number(l.installments) !== Number(l.principal))
        problems.push(`community loan ${l.id}: its installments repay ${Number(l.installments)} cents of a ${Number(l.principal)} cent principal`);
      if ((l.status === "repaid") !== (Number(l.open) === 0)) problems.push(`community loan ${l.id} is ${l.status} with ${Number(l.open)} installments open`);
      if (l.status === "repaid" && Number(l.borrower) !== 0)
        problems.push(`community loan ${l.id} is repaid but the borrower still owes ${-Number(l.borrower)} cents in the ledger`);
    }
    return problems;
  },
};

/** Daily (and on demand): loans that should have started, late installments flagged, reminders (app/community-loans). */
export const communityLoansDailyJob = defineJob({
  name: "community-loans.daily",
  sweep: true,
  schedule: "15 7 * * *",
  async run(ctx) {
    const started = await startDueLoans(ctx.db, ctx.now);
    const swept = await sweepInstallments(ctx.db, ctx.now);
    return { processed: started + swept.late + swept.remindedBefore + swept.remindedLate, detail: { started, ...swept } };
  },
});
