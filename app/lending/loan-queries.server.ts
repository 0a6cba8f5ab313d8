import { type Db, type Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { addDays, today, type Ymd } from "./days";
import { depositSecured } from "./deposit";
import { getDeposit } from "./deposit-records.server";
import { BOOKED_STATES, type LoanActor, type LoanEvent, type LoanSide, type LoanSnapshot, type LoanState, type TransitionResult, transition } from "./loan";
import type { LoanRecord } from "./loan-record";
import { dateParam, ymd } from "./sql.server";

/**
 * Reading loans: the record every lending function works with, the locks the writer takes, the
 * snapshot the pure rules judge, and predictions of what an event would do (docs/lending.md).
 */
export type { LoanRecord } from "./loan-record";

const loanColumns = [
  "l.id",
  "l.item_id",
  "l.owner_id",
  "l.borrower_user_id",
  "l.borrower_project_id",
  "l.project_contact_id",
  "l.borrower_side_id",
  "l.initiated_by",
  "l.wanted_post_id",
  "l.state",
  "l.message",
  "l.deposit_cents",
  "l.fee_per_day_cents",
  "l.max_loan_days",
  "l.expires_at",
  "l.owner_handover_at",
  "l.borrower_handover_at",
  "l.handover_note",
  "l.picked_up_at",
  "l.returned_at",
  "l.return_note",
  "l.closed_at",
  "l.cancel_reason",
  "l.created_at",
] as const;

function selectLoans(db: Db) {
  return db
    .selectFrom("loans as l")
    .select(loanColumns)
    .select([ymd("l.starts_on").as("starts_on"), ymd("l.ends_on").as("ends_on")]);
}

type LoanRowOut = Awaited<ReturnType<ReturnType<typeof selectLoans>["executeTakeFirstOrThrow"]>>;

function toLoanRecord(r: LoanRowOut): LoanRecord {
  return {
    id: r.id,
    itemId: r.item_id,
    ownerId: r.owner_id,
    borrowerUserId: r.borrower_user_id,
    borrowerProjectId: r.borrower_project_id,
    projectContactId: r.project_contact_id,
    borrowerSideId: r.borrower_side_id,
    initiatedBy: r.initiated_by,
    wantedPostId: r.wanted_post_id,
    state: r.state,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    message: r.message,
    depositCents: r.deposit_cents,
    feePerDayCents: r.fee_per_day_cents,
    maxLoanDays: r.max_loan_days,
    expiresAt: r.expires_at,
    ownerHandoverAt: r.owner_handover_at,
    borrowerHandoverAt: r.borrower_handover_at,
    handoverNote: r.handover_note,
    pickedUpAt: r.picked_up_at,
    returnedAt: r.returned_at,
    returnNote: r.return_note,
    closedAt: r.closed_at,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at,
  };
}

export async function getLoan(db: Db, loanId: string): Promise<LoanRecord | null> {
  if (!isUuid(loanId)) return null;
  const row = await selectLoans(db).where("l.id", "=", loanId).executeTakeFirst();
  return row ? toLoanRecord(row) : null;
}

/** Locks the loan row for the rest of the transaction. */
export async function lockLoan(trx: Trx, loanId: string): Promise<LoanRecord | null> {
  if (!isUuid(loanId)) return null;
  const row = await selectLoans(trx).where("l.id", "=", loanId).forUpdate().executeTakeFirst();
  return row ? toLoanRecord(row) : null;
}

/** Locks the item row: every writer that books days (accept, extend, pause) takes it first. */
export async function lockItem(trx: Trx, itemId: string) {
  return trx.selectFrom("items").select(["id", "title", "status", "owner_id"]).where("id", "=", itemId).forUpdate().executeTakeFirst();
}

export function sideOf(loan: Pick<LoanRecord, "ownerId" | "borrowerSideId">, userId: string): LoanSide | null {
  if (loan.ownerId === userId) return "owner";
  if (loan.borrowerSideId === userId) return "borrower";
  return null;
}

/** Whether the deposit is in place for the handover (docs/decisions/043-loan-deposits.md). */
async function depositReady(db: Db, loan: LoanRecord): Promise<boolean> {
  if (loan.depositCents === 0) return true;
  return depositSecured(await getDeposit(db, loan.id), loan.depositCents);
}

export async function snapshotOf(trx: Db, loan: LoanRecord): Promise<LoanSnapshot> {
  const [extension, claim, ready] = await Promise.all([
    trx
      .selectFrom("loan_extensions")
      .select(ymd("new_ends_on").as("new_ends_on"))
      .where("loan_id", "=", loan.id)
      .where("state", "=", "requested")
      .executeTakeFirst(),
    trx.selectFrom("loan_claims").select("amount_cents").where("loan_id", "=", loan.id).executeTakeFirst(),
    depositReady(trx, loan),
  ]);
  return {
    state: loan.state,
    initiatedBy: loan.initiatedBy,
    startsOn: loan.startsOn,
    endsOn: loan.endsOn,
    expiresAt: loan.expiresAt,
    maxLoanDays: loan.maxLoanDays,
    depositCents: loan.depositCents,
    depositReady: ready,
    handover: { owner: loan.ownerHandoverAt !== null, borrower: loan.borrowerHandoverAt !== null },
    returnedAt: loan.returnedAt,
    openExtension: extension ? { newEndsOn: extension.new_ends_on } : null,
    claim: claim ? { amountCents: claim.amount_cents } : null,
  };
}

/** Booked loans of an item overlapping the inclusive day range (other than `exceptLoanId`). */
export async function bookedOverlap(db: Db, itemId: string, startsOn: Ymd, endsOn: Ymd, exceptLoanId?: string): Promise<boolean> {
  return (await bookedOverlapBy(db, itemId, startsOn, endsOn, exceptLoanId)) !== null;
}

/** Who holds the booked days that overlap (the borrower's user id; null for a project's loan), or null when the days are free. */
export async function bookedOverlapBy(
  db: Db,
  itemId: string,
  startsOn: Ymd,
  endsOn: Ymd,
  exceptLoanId?: string,
): Promise<{ borrowerUserId: string | null } | null> {
  let q = db
    .selectFrom("loans")
    .select(["id", "borrower_user_id"])
    .where("item_id", "=", itemId)
    .where("state", "in", [...BOOKED_STATES])
    .where("starts_on", "<=", dateParam(endsOn))
    .where("ends_on", ">=", dateParam(startsOn));
  if (exceptLoanId) q = q.where("id", "<>", exceptLoanId);
  const row = await q.limit(1).executeTakeFirst();
  return row ? { borrowerUserId: row.borrower_user_id } : null;
}

/**
 * What `event` would do to `loan` now, judged on the real snapshot — without writing anything.
 * `assume` overrides parts of the snapshot ("if the deposit were in place"), so a caller can ask
 * whether a step needs something first (deposits.server.ts: does this confirmation complete the
 * handover, so that the hold must be placed before it?).
 */
export async function predictLoanEvent(
  db: Db,
  loan: LoanRecord,
  event: LoanEvent,
  actor: LoanActor,
  now: Date,
  assume: Partial<LoanSnapshot> = {},
): Promise<TransitionResult> {
  return transition({ ...(await snapshotOf(db, loan)), ...assume }, event, actor, now);
}

/** Events the viewer could apply now (buttons on the loan page); parameters use plausible defaults. */
export async function availableActions(db: Db, loan: LoanRecord, actor: LoanActor, now: Date): Promise<LoanEvent["type"][]> {
  const snapshot = await snapshotOf(db, loan);
  const candidates: LoanEvent[] = [
    { type: "accept" },
    { type: "decline" },
    { type: "cancel", reason: "x" },
    { type: "confirm_handover" },
    { type: "confirm_return" },
    { type: "close" },
    { type: "file_claim", amountCents: 0 },
    { type: "dispute_claim" },
    { type: "accept_claim" },
    { type: "decide_claim", amountCents: 0 },
    { type: "request_extension", newEndsOn: addDays(snapshot.endsOn < today(now) ? today(now) : snapshot.endsOn, 1) },
    { type: "accept_extension" },
    { type: "decline_extension" },
  ];
  const out = candidates.filter((e) => transition(snapshot, e, actor, now).ok).map((e) => e.type);
  // The second handover confirmation waits for the deposit: still show the button, the page explains.
  if (!out.includes("confirm_handover") && transition({ ...snapshot, depositReady: true }, { type: "confirm_handover" }, actor, now).ok)
    out.push("confirm_handover");
  // An extension whose days were booked since it was asked cannot be accepted: only Decline is
  // offered (issue 13 §13).
  if (
    out.includes("accept_extension") &&
    snapshot.openExtension &&
    (await bookedOverlap(db, loan.itemId, addDays(loan.endsOn, 1), snapshot.openExtension.newEndsOn, loan.id))
  )
    return out.filter((a) => a !== "accept_extension");
  return out;
}

/** For tests and sweeps: the raw loan row (the 'system' actor needs no user). */
export async function loanState(db: Db, loanId: string): Promise<LoanState | null> {
  const row = await db.selectFrom("loans").select("state").where("id", "=", loanId).executeTakeFirst();
  return row?.state ?? null;
}
