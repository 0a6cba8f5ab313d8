import type { Updateable } from "kysely";
import { accounts, type LedgerEntryInput, move } from "../ledger/ledger";
import { postJournal } from "../ledger/ledger.server";
import type { LoanDepositsTable } from "../../db/schema";
import type { Payment } from "../payments/gateway";
import type { Db, Trx } from "../utils/db.server";
import { type DepositEvent, depositPath, type DepositPath, type DepositState, depositTransition } from "./deposit";
import type { Ymd } from "./days";
import { noticesForDeposit } from "./notices.server";

/**
 * The deposit's one writer and its ledger journals (docs/decisions/043-loan-deposits.md). Everything
 * here runs inside the caller's transaction and never calls the gateway: the orchestration in
 * deposits.server.ts writes an intent, commits, calls the gateway, and records the outcome here —
 * through the same functions the gateway event handler uses, so a result that arrives both ways (or
 * twice) is recorded once.
 */
export interface DepositRecord {
  loanId: string;
  borrowerId: string;
  amountCents: number;
  path: DepositPath;
  state: DepositState;
  customerId: string | null;
  paymentMethodId: string | null;
  methodType: "card" | "sepa_debit" | null;
  methodLabel: string | null;
  setupAttempts: number;
  setupSessionId: string | null;
  holdAttempts: number;
  holdPaymentId: string | null;
  heldCents: number | null;
  holdExpiresAt: Date | null;
  actionUrl: string | null;
  settlement: "release" | "capture" | "charge" | "cancel" | null;
  settleCents: number | null;
  chargeAttempts: number;
  chargePaymentId: string | null;
  collectedCents: number | null;
  lastFailure: string | null;
}

type Row = Awaited<ReturnType<ReturnType<typeof selectDeposit>["executeTakeFirstOrThrow"]>>;
const selectDeposit = (db: Db) => db.selectFrom("loan_deposits").selectAll();
const toRecord = (r: Row): DepositRecord => ({
  loanId: r.loan_id,
  borrowerId: r.borrower_id,
  amountCents: r.amount_cents,
  path: r.path,
  state: r.state,
  customerId: r.customer_id,
  paymentMethodId: r.payment_method_id,
  methodType: r.method_type,
  methodLabel: r.method_label,
  setupAttempts: r.setup_attempts,
  setupSessionId: r.setup_session_id,
  holdAttempts: r.hold_attempts,
  holdPaymentId: r.hold_payment_id,
  heldCents: r.held_cents,
  holdExpiresAt: r.hold_expires_at,
  actionUrl: r.action_url,
  settlement: r.settlement,
  settleCents: r.settle_cents,
  chargeAttempts: r.charge_attempts,
  chargePaymentId: r.charge_payment_id,
  collectedCents: r.collected_cents,
  lastFailure: r.last_failure,
});

export async function getDeposit(db: Db, loanId: string): Promise<DepositRecord | null> {
  const row = await selectDeposit(db).where("loan_id", "=", loanId).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function lockDeposit(trx: Trx, loanId: string, options: { skipLocked?: boolean } = {}): Promise<DepositRecord | null> {
  let q = selectDeposit(trx).where("loan_id", "=", loanId).forUpdate();
  if (options.skipLocked) q = q.skipLocked();
  const row = await q.executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Called by the loan writer when a loan with a deposit is accepted (same transaction). */
export async function openDeposit(
  trx: Trx,
  loan: { id: string; borrowerSideId: string; depositCents: number; startsOn: Ymd; endsOn: Ymd },
  now: Date,
): Promise<void> {
  // The hold would be placed at pickup, on the first day at the earliest.
  const path = depositPath(loan.startsOn, loan.endsOn);
  const inserted = await trx
    .insertInto("loan_deposits")
    .values({
      loan_id: loan.id,
      borrower_id: loan.borrowerSideId,
      amount_cents: loan.depositCents,
      path,
      state: "awaiting_method",
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column("loan_id").doNothing())
    .returning("loan_id")
    .executeTakeFirst();
  if (inserted) {
    await trx
      .insertInto("loan_deposit_events")
      .values({
        loan_id: loan.id,
        kind: "opened",
        from_state: null,
        to_state: "awaiting_method",
        data: JSON.stringify({ path, amountCents: loan.depositCents }),
        occurred_at: now,
      })
      .execute();
  }
}

type Changes = Omit<Updateable<LoanDepositsTable>, "loan_id" | "borrower_id" | "amount_cents" | "path" | "state" | "created_at">;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** Journals for the deposit steps that move money or a promise of money (decision 021's shapes). */
function journalFor(
  event: DepositEvent,
  d: DepositRecord,
  after: Changes,
  ownerId: string,
): { kind: string; key: string; entries: LedgerEntryInput[]; memo?: string } | null {
  const borrower = accounts.borrower(d.borrowerId);
  const loan = accounts.loan(d.loanId);
  const lender = accounts.lender(ownerId);
  switch (event) {
    case "hold_placed": {
      const held = typeof after.held_cents === "number" ? after.held_cents : d.amountCents;
      return { kind: "deposit.held", key: `loan:${d.loanId}:deposit:held:${str(after.hold_payment_id)}`, entries: move(borrower, loan, held, "commitment") };
    }
    case "released":
      // Releasing a saved method (nothing was ever held) moves nothing.
      if (d.state !== "held" || !d.heldCents) return null;
      return { kind: "deposit.released", key: `loan:${d.loanId}:deposit:released`, entries: move(loan, borrower, d.heldCents, "commitment") };
    case "hold_expired":
      return {
        kind: "deposit.released",
        key: `loan:${d.loanId}:deposit:expired:${d.holdPaymentId}`,
        entries: move(loan, borrower, d.heldCents ?? d.amountCents, "commitment"),
        memo: "card hold expired",
      };
    case "captured": {
      const captured = typeof after.collected_cents === "number" ? after.collected_cents : 0;
      const entries = [...move(loan, borrower, d.heldCents ?? d.amountCents, "commitment")];
      if (captured > 0) entries.push(...move(borrower, loan, captured), ...move(loan, lender, captured));
      return { kind: "deposit.captured", key: `loan:${d.loanId}:deposit:captured`, entries };
    }
    case "charged": {
      const charged = typeof after.collected_cents === "number" ? after.collected_cents : 0;
      if (charged <= 0) return null;
      return {
        kind: "deposit.charged",
        key: `loan:${d.loanId}:deposit:charged:${str(after.charge_payment_id) ?? d.chargePaymentId}`,
        entries: [...move(borrower, loan, charged), ...move(loan, lender, charged)],
      };
    }
    default:
      return null;
  }
}

/**
 * THE deposit writer: locks the row, applies the pure transition, writes state + changes, an event
 * row and the journal, in the caller's transaction. An event that no longer applies (already
 * recorded by the other path, or out of order) is a no-op and says so.
 */
export async function applyDepositEvent(
  trx: Trx,
  loanId: string,
  event: DepositEvent,
  changes: Changes,
  now: Date,
  data: Record<string, unknown> = {},
): Promise<{ ok: true; from: DepositState; to: DepositState } | { ok: false; reason: string }> {
  const d = await lockDeposit(trx, loanId);
  if (!d) return { ok: false, reason: "no deposit" };
  const result = depositTransition(d.state, event);
  if (!result.ok) return { ok: false, reason: `${event} not possible in ${d.state}` };
  await trx
    .updateTable("loan_deposits")
    .set({ ...changes, state: result.to, updated_at: now })
    .where("loan_id", "=", loanId)
    .execute();
  await trx
    .insertInto("loan_deposit_events")
    .values({ loan_id: loanId, kind: event, from_state: d.state, to_state: result.to, data: JSON.stringify(data), occurred_at: now })
    .execute();
  const owner = await trx.selectFrom("loans").select("owner_id").where("id", "=", loanId).executeTakeFirstOrThrow();
  const journal = journalFor(event, d, changes, owner.owner_id);
  if (journal) {
    await postJournal(trx, {
      kind: journal.kind,
      memo: journal.memo,
      refs: {
        loanId,
        userId: d.borrowerId,
        paymentId: str(changes.hold_payment_id) ?? str(changes.charge_payment_id) ?? d.chargePaymentId ?? d.holdPaymentId ?? undefined,
      },
      entries: journal.entries,
      idempotencyKey: journal.key,
      postedAt: now,
    });
  }
  // The deposit held, or let go: both parties hear it (issue 12, "messages that reach people").
  if (event === "hold_placed" || event === "released") {
    const row = await trx.selectFrom("loans").select(["id", "item_id", "owner_id", "borrower_side_id"]).where("id", "=", loanId).executeTakeFirst();
    const loan = row ? { id: row.id, itemId: row.item_id, ownerId: row.owner_id, borrowerSideId: row.borrower_side_id } : null;
    const cents = event === "hold_placed" ? (num(changes.held_cents) ?? d.amountCents) : (d.heldCents ?? d.amountCents);
    if (loan) await noticesForDeposit(trx, loan, event === "hold_placed" ? "loan.deposit_held" : "loan.deposit_released", cents, now);
  }
  return { ok: true, from: d.state, to: result.to };
}

/** Updates fields that are not a state change (a pending authentication URL, a failure text). */
export async function noteDeposit(trx: Trx, loanId: string, changes: Changes, now: Date): Promise<void> {
  await trx
    .updateTable("loan_deposits")
    .set({ ...changes, updated_at: now })
    .where("loan_id", "=", loanId)
    .execute();
}

/**
 * A payment of the deposit (a hold or a charge) as the gateway reports it — from a synchronous
 * result or an event, in any order, any number of times. `metadata.step` says which it is.
 */
export async function recordDepositPayment(trx: Trx, loanId: string, payment: Payment, now: Date): Promise<string> {
  const d = await lockDeposit(trx, loanId);
  if (!d) return "ignored: no deposit";
  const step = payment.metadata.step;
  const failure = payment.lastFailure ? `${payment.lastFailure.code}${payment.lastFailure.declineCode ? `/${payment.lastFailure.declineCode}` : ""}` : null;
  const outcome = (r: { ok: true; to: DepositState } | { ok: false; reason: string }, label: string) => (r.ok ? label : `ignored: ${r.reason}`);
  if (step === "hold") {
    if (d.holdPaymentId && d.holdPaymentId !== payment.id) return "ignored: not the current hold";
    switch (payment.status) {
      case "requires_capture":
        return outcome(
          await applyDepositEvent(
            trx,
            loanId,
            "hold_placed",
            {
              hold_payment_id: payment.id,
              held_cents: payment.amountCapturableCents || payment.amountCents,
              hold_expires_at: payment.holdExpiresAt,
              action_url: null,
              last_failure: null,
            },
            now,
            { paymentId: payment.id },
          ),
          "deposit.held",
        );
      case "requires_action":
        if (d.state !== "method_saved") return "ignored: not waiting for a hold";
        await noteDeposit(trx, loanId, { hold_payment_id: payment.id, action_url: payment.nextActionUrl }, now);
        return "deposit.hold_requires_action";
      case "failed":
        // The card could not be held: the borrower saves another card.
        return outcome(
          await applyDepositEvent(
            trx,
            loanId,
            "hold_failed",
            { payment_method_id: null, method_label: null, method_type: null, hold_payment_id: null, action_url: null, last_failure: failure },
            now,
            { paymentId: payment.id, failure },
          ),
          "deposit.hold_failed",
        );
      case "succeeded":
        return outcome(
          await applyDepositEvent(trx, loanId, "captured", { collected_cents: payment.amountReceivedCents }, now, { paymentId: payment.id }),
          "deposit.captured",
        );
      case "canceled":
        if (payment.cancellationReason === "expired") {
          return outcome(await applyDepositEvent(trx, loanId, "hold_expired", {}, now, { paymentId: payment.id }), "deposit.hold_expired");
        }
        return outcome(await applyDepositEvent(trx, loanId, "released", {}, now, { paymentId: payment.id }), "deposit.released");
      case "processing":
        return "ignored: holds do not process";
      default: {
        const unreachable: never = payment.status;
        throw new Error(`Unknown payment status ${String(unreachable)}`);
      }
    }
  }
  if (step === "charge") {
    if (d.chargePaymentId && d.chargePaymentId !== payment.id) return "ignored: not the current charge";
    switch (payment.status) {
      case "succeeded":
        return outcome(
          await applyDepositEvent(
            trx,
            loanId,
            "charged",
            { charge_payment_id: payment.id, collected_cents: payment.amountReceivedCents, action_url: null },
            now,
            { paymentId: payment.id },
          ),
          "deposit.charged",
        );
      case "processing":
        await noteDeposit(trx, loanId, { charge_payment_id: payment.id }, now);
        return "deposit.charge_processing";
      case "requires_action":
        await noteDeposit(trx, loanId, { charge_payment_id: payment.id, action_url: payment.nextActionUrl }, now);
        return "deposit.charge_requires_action";
      case "failed":
        return outcome(
          await applyDepositEvent(trx, loanId, "charge_failed", { charge_payment_id: payment.id, last_failure: failure, action_url: null }, now, {
            paymentId: payment.id,
            failure,
          }),
          "deposit.charge_failed",
        );
      default:
        return `ignored: charge ${payment.status}`;
    }
  }
  return "ignored: unknown step";
}
