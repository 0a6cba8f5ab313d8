import { sql } from "kysely";
import type { CommunityLoanPayoutRow } from "../../db/schema";
import type { LedgerCheck } from "../ledger/verify.server";
import { postJournal } from "../ledger/ledger.server";
import { notify } from "../notifications/notify.server";
import type { GatewayEventHandler } from "../payments/events.server";
import type { PaymentGateway } from "../payments/gateway";
import { defineJob } from "../services.server";
import { type Db, isUniqueViolation, type Trx } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import { type LenderPayoutAccountView, type LenderPayoutEvent, type LenderPayoutStatus, type LenderPayoutView, transitionLenderPayout } from "./lender-payout";
import { communityLoanAccounts, lenderPayoutEntries } from "./loan-ledger";

/**
 * Paying lenders what the repayments owe them (docs/decisions/081-lender-payouts.md), never inside a
 * transaction with the gateway (decision 020), like the initiators' payouts of app/payouts:
 *   1. `createDueLenderPayouts`: a lender whose account on a loan (`community_loan_lender:<loan>:<user>`,
 *      cash) holds a positive balance and whose payout account is verified gets ONE pending payout of
 *      that balance, key `community_loan_payout:<loan>:<user>:<attemptNo>`. The unique index
 *      `community_loan_payouts_one_live` allows one pending or in-transit payout per lender and loan;
 *      the lender row lock orders the creation against the writer, so the balance read is never one
 *      a payout on its way is about to take.
 *   2. `sendPendingLenderPayouts`: claims a pending payout (a lease), calls the gateway's
 *      `createPayout` with its key and records the answer through `applyLenderPayoutEventTx`;
 *   3. payout.* events of purpose `community_loan_payout` arrive through `handleLenderPayoutGatewayEvent`.
 * The lender's connected account is the one of app/payouts (`payout_accounts`, one per user and
 * gateway): this feature only READS that table; onboarding is app/payouts' own (the route calls it),
 * and account.updated events stay with purpose `payout`.
 */

export const LENDER_PAYOUT_PURPOSE = "community_loan_payout";

/** A worker holds a pending payout this long while it talks to the gateway; a crashed worker's hold runs out. */
export const LENDER_PAYOUT_LEASE_MS = 2 * 60_000;

export type LenderPayoutDeps = { db: Db; gateway: PaymentGateway; logger: Logger; now: () => Date };

const payoutKey = (loanId: string, userId: string, attemptNo: number) => `community_loan_payout:${loanId}:${userId}:${attemptNo}`;

// ---------------------------------------------------------------------------------------------
// The lender's account (read from app/payouts' table: one per user and gateway)
// ---------------------------------------------------------------------------------------------

export async function getLenderPayoutAccount(db: Db, userId: string, gateway: PaymentGateway["kind"]): Promise<LenderPayoutAccountView> {
  const row = await db
    .selectFrom("payout_accounts")
    .select(["status", "bank_last4", "bank_name"])
    .where("user_id", "=", userId)
    .where("gateway", "=", gateway)
    .executeTakeFirst();
  return row ? { status: row.status, bankLast4: row.bank_last4, bankName: row.bank_name } : { status: "none", bankLast4: null, bankName: null };
}

/** What the ledger owes one lender on one loan now: repaid to them and not (yet) on its way to their bank. */
export async function lenderOwedBalance(db: Db, loanId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom("ledger_entries")
    .select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as("balance"))
    .where("account", "=", communityLoanAccounts.lender(loanId, userId))
    .where("book", "=", "cash")
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

// ---------------------------------------------------------------------------------------------
// THE writer of lender payouts
// ---------------------------------------------------------------------------------------------

export type ApplyLenderPayoutResult =
  { outcome: "changed"; from: LenderPayoutStatus; to: LenderPayoutStatus } | { outcome: "unchanged" | "illegal" | "not_found"; status?: LenderPayoutStatus };

/**
 * Applies one payout event (inside the caller's transaction): locks the lender (the order every
 * writer of their payouts keeps) and the payout, asks `transitionLenderPayout`, writes the new
 * state, an event row, the journal (refs name the project and the loan: it is on the loan's public
 * ledger) and tells the lender. Idempotent: an event that changes nothing returns "unchanged".
 */
export async function applyLenderPayoutEventTx(
  trx: Trx,
  input: { payoutId: string; event: LenderPayoutEvent; now: Date; note?: string },
): Promise<ApplyLenderPayoutResult> {
  const head = await trx.selectFrom("community_loan_payouts").select(["loan_id", "user_id"]).where("id", "=", input.payoutId).executeTakeFirst();
  if (!head) return { outcome: "not_found" };
  await lockLender(trx, head.loan_id, head.user_id);
  const row = await trx.selectFrom("community_loan_payouts").selectAll().where("id", "=", input.payoutId).forUpdate().executeTakeFirstOrThrow();
  const t = transitionLenderPayout(row.status, input.event);
  if (t.kind !== "changed") return { outcome: t.kind, status: row.status };
  const { event, now } = input;
  const updated = await trx
    .updateTable("community_loan_payouts")
    .set({
      status: t.to,
      updated_at: now,
      locked_until: null,
      ...(event.type === "sent" ? { gateway_ref: event.gatewayRef, sent_at: now } : {}),
      ...(event.type === "paid" ? { paid_at: now } : {}),
      ...(event.type === "failed" ? { failed_at: now, failure_code: event.code.slice(0, 100) } : {}),
    })
    .where("id", "=", row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("community_loan_payout_events")
    .values({
      payout_id: row.id,
      loan_id: row.loan_id,
      event: event.type,
      from_status: row.status,
      to_status: t.to,
      amount_cents: row.amount_cents,
      note: (input.note ?? (event.type === "failed" ? event.code : null))?.slice(0, 500) ?? null,
      created_at: now,
    })
    .execute();
  const loan = await trx
    .selectFrom("community_loans as l")
    .innerJoin("projects as p", "p.id", "l.project_id")
    .select(["l.project_id", "p.slug", "p.title"])
    .where("l.id", "=", row.loan_id)
    .executeTakeFirstOrThrow();
  if (t.journal) {
    await postJournal(trx, {
      kind: t.journal,
      memo: t.journal === "community_loan.payout_failed" ? "the bank returned the lender's payout" : "",
      refs: {
        projectId: loan.project_id,
        loanId: row.loan_id,
        lenderPayoutId: row.id,
        ...(updated.gateway_ref ? { payoutRef: updated.gateway_ref } : {}),
      },
      entries: lenderPayoutEntries(t.journal, row.loan_id, row.user_id, row.amount_cents),
      idempotencyKey: `community_loan_payout:${row.id}:${t.journal}`,
      postedAt: now,
    });
  }
  // The lender hears when the money is at their bank, or when their bank sent it back (then it is owed again).
  if (t.journal === "community_loan.payout_paid" || t.journal === "community_loan.payout_failed") {
    await notify(trx, {
      userId: row.user_id,
      kind: t.journal === "community_loan.payout_paid" ? "community_loan.payout_paid" : "community_loan.payout_failed",
      data: { loanId: row.loan_id, projectSlug: loan.slug, projectTitle: loan.title, amountCents: row.amount_cents },
      dedupeKey: `community_loan_payout:${row.id}:${t.to}`,
    });
  }
  return { outcome: "changed", from: row.status, to: t.to };
}

async function lockLender(trx: Trx, loanId: string, userId: string): Promise<boolean> {
  const row = await trx
    .selectFrom("community_loan_lenders")
    .select("loan_id")
    .where("loan_id", "=", loanId)
    .where("user_id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  return Boolean(row);
}

// ---------------------------------------------------------------------------------------------
// Who is due
// ---------------------------------------------------------------------------------------------

/**
 * Lenders (per loan) that are due: a positive owed balance, a verified account, no payout on its way,
 * no returned one still to be brought back from the connected account, and no failed one since the
 * account last changed (a refused or returned payout waits for the lender to fix their details).
 */
function dueLenders(db: Db, gateway: PaymentGateway["kind"]) {
  return db
    .selectFrom("community_loan_lenders as cl")
    .innerJoin("payout_accounts as a", (j) => j.onRef("a.user_id", "=", "cl.user_id").on("a.gateway", "=", gateway).on("a.status", "=", "verified"))
    .select(["cl.loan_id", "cl.user_id"])
    .where(
      sql<boolean>`(select coalesce(sum(e.amount_cents), 0) from ledger_entries e
        where e.account = 'community_loan_lender:' || cl.loan_id::text || ':' || cl.user_id::text and e.book = 'cash') > 0`,
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("community_loan_payouts as po")
            .select("po.id")
            .whereRef("po.loan_id", "=", "cl.loan_id")
            .whereRef("po.user_id", "=", "cl.user_id")
            .where((eb) =>
              eb.or([
                eb("po.status", "in", ["pending", "in_transit"]),
                eb.and([eb("po.status", "=", "failed"), eb("po.sent_at", "is not", null), eb("po.reclaimed_at", "is", null)]),
                eb.and([eb("po.status", "=", "failed"), eb("po.failed_at", ">=", eb.ref("a.updated_at"))]),
              ]),
            ),
        ),
      ),
    );
}

/** Creates the pending payout of every lender that is due (one per lender and loan: the unique index decides). */
export async function createDueLenderPayouts(db: Db, gateway: PaymentGateway["kind"], now: Date, limit = 200): Promise<number> {
  const due = await dueLenders(db, gateway).orderBy("cl.loan_id").orderBy("cl.position").limit(limit).execute();
  let created = 0;
  for (const { loan_id, user_id } of due) if (await createLenderPayoutFor(db, { loanId: loan_id, userId: user_id, gateway, now })) created++;
  return created;
}

async function createLenderPayoutFor(db: Db, input: { loanId: string; userId: string; gateway: PaymentGateway["kind"]; now: Date }): Promise<boolean> {
  const { loanId, userId, gateway, now } = input;
  try {
    return await db.transaction().execute(async (trx) => {
      // The lender lock orders us against the writer: no payout can be sent (and its balance taken) while we read.
      if (!(await lockLender(trx, loanId, userId))) return false;
      const still = await dueLenders(trx, gateway).where("cl.loan_id", "=", loanId).where("cl.user_id", "=", userId).executeTakeFirst();
      if (!still) return false;
      const amount = await lenderOwedBalance(trx, loanId, userId);
      if (amount <= 0) return false;
      const account = await trx
        .selectFrom("payout_accounts")
        .select(["account_id", "bank_last4"])
        .where("user_id", "=", userId)
        .where("gateway", "=", gateway)
        .executeTakeFirstOrThrow();
      const previous = await trx
        .selectFrom("community_loan_payouts")
        .select(sql<number>`coalesce(max(attempt_no), 0)`.as("n"))
        .where("loan_id", "=", loanId)
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow();
      const attemptNo = Number(previous.n) + 1;
      const payout = await trx
        .insertInto("community_loan_payouts")
        .values({
          loan_id: loanId,
          user_id: userId,
          attempt_no: attemptNo,
          gateway,
          account_id: account.account_id,
          amount_cents: amount,
          status: "pending",
          idempotency_key: payoutKey(loanId, userId, attemptNo),
          bank_last4: account.bank_last4,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("community_loan_payout_events")
        .values({ payout_id: payout.id, loan_id: loanId, event: "created", from_status: null, to_status: "pending", amount_cents: amount, created_at: now })
        .execute();
      return true;
    });
  } catch (error) {
    // Another worker created it first (community_loan_payouts_one_live / _attempt_unique).
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------

export interface LenderPayoutRunHooks {
  /** Tests: called after the gateway answered, before the answer is recorded (simulate a crash). */
  afterGatewayCall?: (payout: CommunityLoanPayoutRow) => void;
}

async function claimPending(db: Db, now: Date, limit: number): Promise<CommunityLoanPayoutRow[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("community_loan_payouts")
      .selectAll()
      .where("status", "=", "pending")
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
      .orderBy("created_at")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return [];
    await trx
      .updateTable("community_loan_payouts")
      .set({ locked_until: new Date(now.getTime() + LENDER_PAYOUT_LEASE_MS) })
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    return rows;
  });
}

/** Sends every pending lender payout to the gateway (the same key every time). */
export async function sendPendingLenderPayouts(
  deps: LenderPayoutDeps,
  options: { hooks?: LenderPayoutRunHooks; limit?: number } = {},
): Promise<{ sent: number; failed: number; errors: number }> {
  const claimed = await claimPending(deps.db, deps.now(), options.limit ?? 50);
  const counts = { sent: 0, failed: 0, errors: 0 };
  for (const payout of claimed) counts[await sendOne(deps, payout, options.hooks)]++;
  return counts;
}

async function sendOne(deps: LenderPayoutDeps, payout: CommunityLoanPayoutRow, hooks: LenderPayoutRunHooks = {}): Promise<"sent" | "failed" | "errors"> {
  const loan = await deps.db
    .selectFrom("community_loans as l")
    .innerJoin("projects as p", "p.id", "l.project_id")
    .select(["p.title"])
    .where("l.id", "=", payout.loan_id)
    .executeTakeFirstOrThrow();
  let result;
  try {
    result = await deps.gateway.createPayout({
      accountId: payout.account_id,
      amountCents: payout.amount_cents,
      description: `Buurtkracht: aflossing buurtlening ${loan.title}`.slice(0, 500),
      metadata: { purpose: LENDER_PAYOUT_PURPOSE, lenderPayoutId: payout.id, loanId: payout.loan_id },
      idempotencyKey: payout.idempotency_key,
    });
  } catch (error) {
    // Not known whether it happened: the lease runs out and the next run asks again, same key.
    deps.logger.warn(
      { err: error, lenderPayoutId: payout.id },
      "community loans: the gateway did not take a lender payout now; retried later with the same key",
    );
    return "errors";
  }
  hooks.afterGatewayCall?.(payout);
  const now = deps.now();
  if (result.ok) {
    const gp = result.payout;
    await deps.db.transaction().execute(async (trx) => {
      await applyLenderPayoutEventTx(trx, { payoutId: payout.id, event: { type: "sent", gatewayRef: gp.id }, now });
      // The gateway may already know more (an answer replayed after the payout arrived or came back).
      if (gp.status === "paid") await applyLenderPayoutEventTx(trx, { payoutId: payout.id, event: { type: "paid" }, now });
      if (gp.status === "failed")
        await applyLenderPayoutEventTx(trx, { payoutId: payout.id, event: { type: "failed", code: gp.failure?.code ?? "failed" }, now });
    });
    return "sent";
  }
  // The account cannot receive payouts (details needed): nothing moved. The gateway's account.updated
  // (purpose "payout") updates the account; no new attempt until it changes after this failure.
  await deps.db.transaction().execute((trx) => applyLenderPayoutEventTx(trx, { payoutId: payout.id, event: { type: "failed", code: result.error }, now }));
  return "failed";
}

/**
 * Payouts the bank returned after the money reached the connected account: the gateway brings it
 * back to the platform (Stripe: reverses the transfer; key `community_loan_payout:<id>:reclaim`), then
 * the lender may get a new attempt. The simulated gateway's returned payouts are back already.
 */
export async function reclaimReturnedLenderPayouts(deps: LenderPayoutDeps, limit = 50): Promise<{ reclaimed: number; errors: number }> {
  const rows = await deps.db
    .selectFrom("community_loan_payouts")
    .select(["id", "loan_id", "account_id", "gateway_ref", "amount_cents"])
    .where("status", "=", "failed")
    .where("sent_at", "is not", null)
    .where("reclaimed_at", "is", null)
    .orderBy("failed_at")
    .limit(limit)
    .execute();
  const counts = { reclaimed: 0, errors: 0 };
  for (const row of rows) {
    if (!row.gateway_ref) continue;
    try {
      await deps.gateway.reclaimPayout({ accountId: row.account_id, payoutId: row.gateway_ref, idempotencyKey: `community_loan_payout:${row.id}:reclaim` });
    } catch (error) {
      deps.logger.warn({ err: error, lenderPayoutId: row.id }, "community loans: a returned lender payout could not be reclaimed now; retried later");
      counts.errors++;
      continue;
    }
    const now = deps.now();
    await deps.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable("community_loan_payouts")
        .set({ reclaimed_at: now, updated_at: now })
        .where("id", "=", row.id)
        .where("reclaimed_at", "is", null)
        .returning("id")
        .executeTakeFirst();
      if (done)
        await trx
          .insertInto("community_loan_payout_events")
          .values({
            payout_id: row.id,
            loan_id: row.loan_id,
            event: "reclaimed",
            from_status: "failed",
            to_status: "failed",
            amount_cents: row.amount_cents,
            created_at: now,
          })
          .execute();
    });
    counts.reclaimed++;
  }
  return counts;
}

/** Every minute (and in `run-due`): bring back returned payouts, create the due ones, send them. */
export const payLendersJob = defineJob({
  name: "community-loans.pay-lenders",
  sweep: true,
  schedule: "* * * * *",
  async run(ctx) {
    const deps = { db: ctx.db, gateway: ctx.gateway, logger: ctx.logger, now: () => ctx.clock.now() };
    const reclaimed = await reclaimReturnedLenderPayouts(deps);
    const created = await createDueLenderPayouts(ctx.db, ctx.gateway.kind, ctx.now);
    const sent = await sendPendingLenderPayouts(deps);
    return {
      processed: reclaimed.reclaimed + created + sent.sent + sent.failed,
      detail: { reclaimed: reclaimed.reclaimed, created, ...sent, errors: sent.errors + reclaimed.errors },
    };
  },
});

// ---------------------------------------------------------------------------------------------
// Gateway events (purpose "community_loan_payout", app/wiring.server.ts)
// ---------------------------------------------------------------------------------------------

/**
 * payout.in_transit / payout.paid / payout.failed of a lender payout. Order-tolerant: `paid` or
 * `failed` for a payout still pending here first applies `sent`, so the journals always read
 * sent → paid (or sent → failed). Redeliveries change nothing.
 */
export const handleLenderPayoutGatewayEvent: GatewayEventHandler = async (trx, event, ctx) => {
  if (event.type !== "payout.in_transit" && event.type !== "payout.paid" && event.type !== "payout.failed") return `ignored: ${event.type}`;
  const payoutId = event.metadata.lenderPayoutId;
  if (!payoutId) return "ignored: no lenderPayoutId";
  const sent = await applyLenderPayoutEventTx(trx, { payoutId, event: { type: "sent", gatewayRef: event.payout.id }, now: ctx.now });
  if (sent.outcome === "not_found") return "ignored: unknown lender payout";
  if (event.type === "payout.in_transit") return sent.outcome === "changed" ? "lender payout in_transit" : "ignored: already sent";
  const next =
    event.type === "payout.paid"
      ? await applyLenderPayoutEventTx(trx, { payoutId, event: { type: "paid" }, now: ctx.now })
      : await applyLenderPayoutEventTx(trx, { payoutId, event: { type: "failed", code: event.failure.code }, now: ctx.now });
  if (next.outcome === "changed") return `lender payout ${next.to}`;
  if (next.outcome === "illegal")
    ctx.logger.warn({ payoutId, status: next.status }, "community loans: the gateway reports a change the lender payout cannot make");
  return `ignored: lender payout ${next.outcome} (${next.status ?? "?"})`;
};

// ---------------------------------------------------------------------------------------------
// The ledger check (`npm run ledger:verify`)
// ---------------------------------------------------------------------------------------------

/**
 * Each lender payout's journals follow its status, for its amount (sent once it left, paid once it
 * arrived, failed when the bank returned it); what is in transit in the ledger is what the payouts
 * say; no lender's owed balance is below zero (nobody was paid more than the repayments owed them).
 */
export const lenderPayoutsMatchLedger: LedgerCheck = {
  name: "community loans: lender payouts' journals follow their status, and no lender is paid more than is owed",
  async run(db) {
    const rows = await sql<{ id: string; status: string; amount_cents: number; sent_at: Date | null; sent: number; paid: number; failed: number }>`
      select p.id, p.status, p.amount_cents, p.sent_at,
        coalesce((select sum(e.amount_cents) from ledger_journals j join ledger_entries e on e.journal_id = j.id
                  where j.kind = 'community_loan.payout_sent' and j.refs->>'lenderPayoutId' = p.id::text
                    and e.account = 'gateway:lender_payouts_in_transit'), 0)::bigint as sent,
        coalesce((select sum(e.amount_cents) from ledger_journals j join ledger_entries e on e.journal_id = j.id
                  where j.kind = 'community_loan.payout_paid' and j.refs->>'lenderPayoutId' = p.id::text
                    and e.account = 'community_loan_paid_out:' || p.loan_id::text || ':' || p.user_id::text), 0)::bigint as paid,
        coalesce((select sum(e.amount_cents) from ledger_journals j join ledger_entries e on e.journal_id = j.id
                  where j.kind = 'community_loan.payout_failed' and j.refs->>'lenderPayoutId' = p.id::text
                    and e.account = 'community_loan_lender:' || p.loan_id::text || ':' || p.user_id::text), 0)::bigint as failed
      from community_loan_payouts p order by p.created_at, p.id`.execute(db);
    const problems: string[] = [];
    for (const r of rows.rows) {
      const amount = Number(r.amount_cents);
      const left = r.status === "in_transit" || r.status === "paid" || (r.status === "failed" && r.sent_at !== null);
      const want = { sent: left ? amount : 0, paid: r.status === "paid" ? amount : 0, failed: r.status === "failed" && r.sent_at !== null ? amount : 0 };
      for (const k of ["sent", "paid", "failed"] as const) {
        if (Number(r[k]) !== want[k])
          problems.push(`lender payout ${r.id} (${r.status}): community_loan.payout_${k} booked ${Number(r[k])} cents, expected ${want[k]}`);
      }
    }
    const transit = await sql<{ ledger: number; payouts: number }>`
      select coalesce((select sum(amount_cents) from ledger_entries where account = 'gateway:lender_payouts_in_transit' and book = 'cash'), 0)::bigint as ledger,
             coalesce((select sum(amount_cents) from community_loan_payouts where status = 'in_transit'), 0)::bigint as payouts`.execute(db);
    const t = transit.rows[0];
    if (t && Number(t.ledger) !== Number(t.payouts))
      problems.push(`lender payouts in transit: ${Number(t.ledger)} cents in the ledger, ${Number(t.payouts)} cents in payouts`);
    const negative = await sql<{ account: string; balance: number }>`
      select account, sum(amount_cents)::bigint as balance from ledger_entries
      where account like 'community_loan_lender:%' and book = 'cash'
      group by account having sum(amount_cents) < 0 order by account`.execute(db);
    for (const n of negative.rows) problems.push(`${n.account}: paid out more than the repayments owed (balance ${Number(n.balance)} cents)`);
    return problems;
  },
};

// ---------------------------------------------------------------------------------------------
// What the lender sees
// ---------------------------------------------------------------------------------------------

/** One loan's payouts to this lender, newest first, and what is paid out and still owed. */
export async function lenderPayoutsOf(
  db: Db,
  loanId: string,
  userId: string,
): Promise<{ owedCents: number; paidOutCents: number; payouts: LenderPayoutView[] }> {
  const rows = await db
    .selectFrom("community_loan_payouts")
    .select(["id", "status", "amount_cents", "bank_last4", "created_at", "sent_at", "paid_at", "failed_at"])
    .where("loan_id", "=", loanId)
    .where("user_id", "=", userId)
    .orderBy("attempt_no", "desc")
    .limit(12)
    .execute();
  const paid = await db
    .selectFrom("community_loan_payouts")
    .select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as("n"))
    .where("loan_id", "=", loanId)
    .where("user_id", "=", userId)
    .where("status", "=", "paid")
    .executeTakeFirstOrThrow();
  return {
    owedCents: await lenderOwedBalance(db, loanId, userId),
    paidOutCents: Number(paid.n),
    payouts: rows.map((r) => ({
      id: r.id,
      status: r.status,
      amountCents: r.amount_cents,
      bankLast4: r.bank_last4,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      paidAt: r.paid_at,
      failedAt: r.failed_at,
    })),
  };
}
