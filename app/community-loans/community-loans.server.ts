import { type RawBuilder, sql } from "kysely";
import type { CommunityLoanRow } from "../../db/schema";
import { postJournal } from "../ledger/ledger.server";
import { notify } from "../notifications/notify.server";
import type { PledgeTransitionEffect } from "../services.server";
import type { Db, Trx } from "../utils/db.server";
import {
  amsterdamDay,
  type CommunityLoanEvent,
  type InstallmentStatus,
  isLate,
  loanPledgeError,
  type LoanPledgeError,
  type LoanMethod,
  planInstallments,
  transitionCommunityLoan,
  wantsLateReminder,
  wantsReminderBefore,
} from "./loan";
import { repaidEntries, startedEntries } from "./loan-ledger";

/**
 * Community loans' data functions (docs/decisions/078-community-loans.md). Every change of a loan or
 * an installment goes through `applyCommunityLoanEventTx` (the pure `transitionCommunityLoan` decides)
 * and leaves a community_loan_events row; money moves are journals posted in the same transaction.
 */

function ymd(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
}

export interface LoanTerms {
  months: number;
  annualRateBps: number;
  method: LoanMethod;
}

export async function getLoanTerms(db: Db, projectId: string): Promise<LoanTerms | null> {
  const row = await db
    .selectFrom("community_loan_terms")
    .select(["months", "annual_rate_bps", "method"])
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  return row ? { months: row.months, annualRateBps: row.annual_rate_bps, method: row.method } : null;
}

/** Sets (or replaces) a project's loan terms, in the project writer's transaction. */
export async function saveLoanTermsTx(trx: Trx, projectId: string, terms: LoanTerms, now: Date): Promise<void> {
  await trx
    .insertInto("community_loan_terms")
    .values({ project_id: projectId, months: terms.months, annual_rate_bps: terms.annualRateBps, method: terms.method, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column("project_id").doUpdateSet({ months: terms.months, annual_rate_bps: terms.annualRateBps, method: terms.method, updated_at: now }),
    )
    .execute();
}

/** What a lender has pledged to a loan project (active pledges), to check the per-lender cap. */
export async function pledgedByLender(db: Db, projectId: string, userId: string, exceptPledgeId?: string): Promise<number> {
  const row = await db
    .selectFrom("pledges")
    .select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as("total"))
    .where("project_id", "=", projectId)
    .where("backer_id", "=", userId)
    .where("status", "in", ["active", "processing", "payment_failed", "charged"])
    .$if(exceptPledgeId !== undefined, (q) => q.where("id", "<>", exceptPledgeId!))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/**
 * Starts the loan of a succeeded loan project once its settlement is complete: every pledge charged
 * (or dropped), none still on its way. Principal = what was charged; the lenders in the order they
 * pledged; the schedule and each lender's share fixed now. Idempotent (one loan per project).
 */
export async function startLoanIfSettledTx(trx: Trx, projectId: string, now: Date): Promise<CommunityLoanRow | null> {
  const project = await trx
    .selectFrom("projects")
    .select(["id", "slug", "title", "status", "funding_model", "initiator_id"])
    .where("id", "=", projectId)
    .executeTakeFirst();
  if (!project || project.funding_model !== "community_loan" || !["succeeded", "paid_out"].includes(project.status)) return null;
  const existing = await trx.selectFrom("community_loans").selectAll().where("project_id", "=", projectId).executeTakeFirst();
  if (existing) return null;
  const open = await trx
    .selectFrom("pledges")
    .select("id")
    .where("project_id", "=", projectId)
    .where("status", "in", ["active", "processing", "payment_failed"])
    .limit(1)
    .executeTakeFirst();
  if (open) return null;
  const terms = await getLoanTerms(trx, projectId);
  // The project form requires the terms; without them (a project edited behind the form's back) no loan
  // starts, and the charges around it are not rolled back for it.
  if (!terms) return null;
  const lenderRows = await trx
    .selectFrom("pledges")
    .select(["backer_id", sql<number>`sum(amount_cents)::bigint`.as("principal")])
    .where("project_id", "=", projectId)
    .where("status", "=", "charged")
    .groupBy("backer_id")
    // The order of pledging: the first event of the lender's first pledge (the clock may stand still between two).
    .orderBy(sql`min(created_at)`)
    .orderBy(sql`min((select min(e.id) from pledge_events e where e.pledge_id = pledges.id))`)
    .orderBy("backer_id")
    .execute();
  const lenders = lenderRows.map((r) => ({ userId: r.backer_id, principalCents: Number(r.principal) }));
  const principal = lenders.reduce((sum, l) => sum + l.principalCents, 0);
  if (principal === 0) return null;
  const startDay = amsterdamDay(now);
  const loan = await trx
    .insertInto("community_loans")
    .values({
      project_id: projectId,
      borrower_id: project.initiator_id,
      principal_cents: principal,
      months: terms.months,
      annual_rate_bps: terms.annualRateBps,
      method: terms.method,
      start_date: startDay,
      status: "running",
      created_at: now,
    })
    .onConflict((oc) => oc.column("project_id").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!loan) return null;
  await trx
    .insertInto("community_loan_lenders")
    .values(lenders.map((l, position) => ({ loan_id: loan.id, user_id: l.userId, principal_cents: l.principalCents, position })))
    .execute();
  const plan = planInstallments({
    principalCents: principal,
    annualRateBps: terms.annualRateBps,
    months: terms.months,
    method: terms.method,
    startDay,
    lenders,
  });
  for (const line of plan) {
    const inst = await trx
      .insertInto("community_loan_installments")
      .values({
        loan_id: loan.id,
        n: line.n,
        due_on: line.dueOn,
        principal_cents: line.principalCents,
        interest_cents: line.interestCents,
        amount_cents: line.amountCents,
        status: "due",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("community_loan_installment_shares")
      .values(
        line.shares.map((s) => ({
          installment_id: inst.id,
          loan_id: loan.id,
          user_id: s.userId,
          principal_cents: s.principalCents,
          interest_cents: s.interestCents,
        })),
      )
      .execute();
  }
  await trx
    .insertInto("community_loan_events")
    .values({ loan_id: loan.id, event: "started", from_status: null, to_status: "running", amount_cents: principal, created_at: now })
    .execute();
  await postJournal(trx, {
    kind: "community_loan.started",
    memo: `${project.title}: ${lenders.length} lenders`,
    refs: { projectId, loanId: loan.id },
    entries: startedEntries(loan.id, lenders),
    idempotencyKey: `community_loan:${loan.id}:started`,
    postedAt: now,
  });
  for (const l of lenders) {
    await notify(trx, {
      userId: l.userId,
      kind: "community_loan.started",
      data: { loanId: loan.id, projectSlug: project.slug, projectTitle: project.title, amountCents: l.principalCents, months: terms.months },
      dedupeKey: `community_loan:${loan.id}:started`,
    });
  }
  return loan;
}

/**
 * A pledge transition effect (app/wiring.server.ts): when the last pledge of a succeeded loan project
 * is charged or dropped, the loan starts in the same transaction.
 */
export const startLoanOnPledgeChange: PledgeTransitionEffect = async (trx, change) => {
  if (!["charge_succeeded", "drop", "refund", "release"].includes(change.event)) return;
  await startLoanIfSettledTx(trx, change.pledge.project_id, change.now);
};

/** The safety net of the daily job: loans whose start no pledge change triggered (e.g. every pledge dropped but one). */
export async function startDueLoans(db: Db, now: Date): Promise<number> {
  const due = await db
    .selectFrom("projects as p")
    .select("p.id")
    .where("p.funding_model", "=", "community_loan")
    .where("p.status", "in", ["succeeded", "paid_out"])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("community_loans as l").select("l.id").whereRef("l.project_id", "=", "p.id"))))
    .execute();
  let started = 0;
  for (const { id } of due) {
    const loan = await db.transaction().execute(async (trx) => {
      await trx.selectFrom("projects").select("id").where("id", "=", id).forUpdate().execute();
      return startLoanIfSettledTx(trx, id, now);
    });
    if (loan) started++;
  }
  return started;
}

export type ApplyLoanEventResult = { ok: true; events: string[] } | { ok: false; error: string };

/**
 * THE writer of loans and installments: locks the loan, asks `transitionCommunityLoan`, writes the
 * new statuses, an event row per event, the repayment's journal and the notifications.
 */
export async function applyCommunityLoanEventTx(
  trx: Trx,
  input: { installmentId: string; event: "late" | "pay" | "remind_before" | "remind_late"; paymentId?: string; actorId: string | null; now: Date },
): Promise<ApplyLoanEventResult> {
  const head = await trx.selectFrom("community_loan_installments").select("loan_id").where("id", "=", input.installmentId).executeTakeFirst();
  if (!head) return { ok: false, error: "NotFound" };
  const loan = await trx.selectFrom("community_loans").selectAll().where("id", "=", head.loan_id).forUpdate().executeTakeFirstOrThrow();
  const inst = await trx
    .selectFrom("community_loan_installments")
    .select(["id", "n", "status", "amount_cents", "principal_cents", "late_reminded_at", ymd("due_on").as("due_on")])
    .where("id", "=", input.installmentId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const otherOpen = await trx
    .selectFrom("community_loan_installments")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("loan_id", "=", loan.id)
    .where("id", "<>", inst.id)
    .where("status", "<>", "paid")
    .executeTakeFirstOrThrow();
  const event: CommunityLoanEvent =
    input.event === "pay" ? { type: "pay", installment: inst.status, otherOpen: Number(otherOpen.n) } : { type: input.event, installment: inst.status };
  const t = transitionCommunityLoan(loan.status, event);
  if (!t.ok) return t;
  if (input.event === "pay" && !input.paymentId) throw new Error("a repayment needs its payment id");

  const project = await trx.selectFrom("projects").select(["slug", "title", "initiator_id"]).where("id", "=", loan.project_id).executeTakeFirstOrThrow();
  const notice = { loanId: loan.id, projectSlug: project.slug, projectTitle: project.title, n: inst.n, amountCents: inst.amount_cents, dueOn: inst.due_on };
  const lenders = await trx.selectFrom("community_loan_lenders").select(["user_id"]).where("loan_id", "=", loan.id).orderBy("position").execute();

  const patch: { status?: InstallmentStatus; paid_at?: Date; payment_id?: string; reminded_before_at?: Date; late_reminded_at?: Date } = {};
  if (t.installmentTo !== inst.status) patch.status = t.installmentTo;
  if (input.event === "pay") Object.assign(patch, { paid_at: input.now, payment_id: input.paymentId });
  if (input.event === "remind_before") patch.reminded_before_at = input.now;
  if (input.event === "remind_late" || input.event === "late") patch.late_reminded_at = input.now;
  await trx.updateTable("community_loan_installments").set(patch).where("id", "=", inst.id).execute();
  if (t.loanTo !== loan.status) {
    await trx.updateTable("community_loans").set({ status: t.loanTo, repaid_at: input.now }).where("id", "=", loan.id).execute();
  }
  for (const name of t.events) {
    const isLoanEvent = name === "repaid";
    await trx
      .insertInto("community_loan_events")
      .values({
        loan_id: loan.id,
        installment_id: isLoanEvent ? null : inst.id,
        actor_id: input.actorId,
        event: name,
        from_status: isLoanEvent ? loan.status : inst.status,
        to_status: isLoanEvent ? t.loanTo : t.installmentTo,
        amount_cents: name === "paid" || name === "repaid" ? inst.amount_cents : null,
        payment_id: input.paymentId ?? null,
        created_at: input.now,
      })
      .execute();
  }

  if (input.event === "pay") {
    const shares = await trx
      .selectFrom("community_loan_installment_shares as s")
      .innerJoin("community_loan_lenders as l", (j) => j.onRef("l.loan_id", "=", "s.loan_id").onRef("l.user_id", "=", "s.user_id"))
      .select(["s.user_id", "s.principal_cents", "s.interest_cents"])
      .where("s.installment_id", "=", inst.id)
      .orderBy("l.position")
      .execute();
    await postJournal(trx, {
      kind: "community_loan.repaid",
      memo: `installment ${inst.n}`,
      refs: { projectId: loan.project_id, loanId: loan.id, installmentId: inst.id, paymentId: input.paymentId },
      entries: repaidEntries(
        loan.id,
        shares.map((s) => ({ userId: s.user_id, principalCents: s.principal_cents, interestCents: s.interest_cents })),
      ),
      idempotencyKey: `community_loan:${inst.id}:repaid`,
      postedAt: input.now,
    });
    for (const s of shares) {
      await notify(trx, {
        userId: s.user_id,
        kind: "community_loan.repayment_received",
        data: { ...notice, amountCents: s.principal_cents + s.interest_cents },
        dedupeKey: `community_loan:${inst.id}:paid`,
      });
    }
  }
  if (input.event === "remind_before") {
    await notify(trx, { userId: project.initiator_id, kind: "community_loan.due_soon", data: notice, dedupeKey: `community_loan:${inst.id}:due_soon` });
  }
  if (input.event === "late" || input.event === "remind_late") {
    const round = input.now.toISOString().slice(0, 10);
    await notify(trx, {
      userId: project.initiator_id,
      kind: "community_loan.late",
      data: { ...notice, borrower: true },
      dedupeKey: `community_loan:${inst.id}:late:${round}`,
    });
    // The lenders hear once that it is late (not at every reminder to the initiator).
    if (input.event === "late") {
      for (const l of lenders) {
        await notify(trx, {
          userId: l.user_id,
          kind: "community_loan.late",
          data: { ...notice, borrower: false },
          dedupeKey: `community_loan:${inst.id}:late`,
        });
      }
    }
  }
  return { ok: true, events: t.events };
}

/**
 * The daily sweep: installments past their due date and the grace become late (initiator and lenders
 * told); late ones remind the initiator every week; due ones remind them a few days before.
 */
export async function sweepInstallments(db: Db, now: Date): Promise<{ late: number; remindedBefore: number; remindedLate: number }> {
  const today = amsterdamDay(now);
  const open = await db
    .selectFrom("community_loan_installments as i")
    .innerJoin("community_loans as l", "l.id", "i.loan_id")
    .select(["i.id", "i.status", "i.reminded_before_at", "i.late_reminded_at", ymd("i.due_on").as("due_on")])
    .where("l.status", "=", "running")
    .where("i.status", "<>", "paid")
    .where("i.due_on", "<=", sql<Date>`${today}::date + 3`)
    .orderBy("i.due_on")
    .execute();
  const counts = { late: 0, remindedBefore: 0, remindedLate: 0 };
  for (const i of open) {
    let event: "late" | "remind_before" | "remind_late" | null = null;
    if (i.status === "due" && isLate(i.due_on, today)) event = "late";
    else if (i.status === "due" && i.reminded_before_at === null && wantsReminderBefore(i.due_on, today)) event = "remind_before";
    else if (i.status === "late" && wantsLateReminder(i.late_reminded_at, now)) event = "remind_late";
    if (!event) continue;
    const chosen = event;
    const r = await db.transaction().execute((trx) => applyCommunityLoanEventTx(trx, { installmentId: i.id, event: chosen, actorId: null, now }));
    if (!r.ok) continue;
    if (chosen === "late") counts.late++;
    else if (chosen === "remind_before") counts.remindedBefore++;
    else counts.remindedLate++;
  }
  return counts;
}

/**
 * The lend form's own rules for a loan project, asked by the pledge route before the pledge writer:
 * the per-lender cap over all this lender's pledges to the project, the reflection period, the
 * risk-warning tick. Returns the form field and message, or null.
 */
export async function loanPledgeRefusal(
  db: Db,
  input: {
    projectId: string;
    userId: string;
    amountCents: number;
    endsAt: Date | null;
    now: Date;
    riskRead: boolean;
    replacingPledgeId?: string;
    maxPerLenderCents: number;
  },
): Promise<{ field: "amount" | "riskRead"; key: LoanPledgeError } | null> {
  const already = await pledgedByLender(db, input.projectId, input.userId, input.replacingPledgeId);
  const key = loanPledgeError({
    amountCents: already + input.amountCents,
    maxPerLenderCents: input.maxPerLenderCents,
    endsAt: input.endsAt,
    now: input.now,
    riskRead: input.riskRead,
    isNew: input.replacingPledgeId === undefined,
  });
  if (!key) return null;
  return { field: key === "communityLoans.error.riskNotRead" ? "riskRead" : "amount", key };
}
