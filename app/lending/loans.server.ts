import type { FileStorage } from "../storage/storage.server";
import { storeImage, type ImageError } from "../storage/images.server";
import { type Db, isExclusionViolation, isUniqueViolation, type Trx } from "../utils/db.server";
import { addDays, today, type Ymd } from "./days";
import { depositSecured } from "./deposit";
import { getDeposit, openDeposit } from "./deposit-records.server";
import { canBorrow, type EligibilityError } from "./item";
import {
  answeringSide,
  BOOKED_STATES,
  checkRequestedDays,
  type LoanActor,
  type LoanError,
  type LoanEvent,
  type LoanSide,
  type LoanSnapshot,
  type LoanState,
  noticesFor,
  type RequestError,
  requestExpiresAt,
  transition,
} from "./loan";
import { type LendingNotice, sendNotices } from "./notices.server";
import { dateParam, ymd } from "./sql.server";
import { wantedTransition } from "./wanted";
import { isUuid } from "../utils/ids";

/** A loan row as the lending module uses it (dates as "YYYY-MM-DD"). */
export interface LoanRecord {
  id: string;
  itemId: string;
  ownerId: string;
  borrowerUserId: string | null;
  borrowerProjectId: string | null;
  projectContactId: string | null;
  borrowerSideId: string;
  initiatedBy: LoanSide;
  wantedPostId: string | null;
  state: LoanState;
  startsOn: Ymd;
  endsOn: Ymd;
  message: string;
  depositCents: number;
  feePerDayCents: number;
  maxLoanDays: number;
  expiresAt: Date;
  ownerHandoverAt: Date | null;
  borrowerHandoverAt: Date | null;
  handoverNote: string | null;
  pickedUpAt: Date | null;
  returnedAt: Date | null;
  returnNote: string | null;
  closedAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
}

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
async function lockItem(trx: Trx, itemId: string) {
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

async function snapshotOf(trx: Db, loan: LoanRecord): Promise<LoanSnapshot> {
  const [extension, claim, ready] = await Promise.all([
    trx.selectFrom("loan_extensions").select(ymd("new_ends_on").as("new_ends_on")).where("loan_id", "=", loan.id).where("state", "=", "requested").executeTakeFirst(),
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
async function bookedOverlap(db: Db, itemId: string, startsOn: Ymd, endsOn: Ymd, exceptLoanId?: string): Promise<boolean> {
  let q = db
    .selectFrom("loans")
    .select("id")
    .where("item_id", "=", itemId)
    .where("state", "in", [...BOOKED_STATES])
    .where("starts_on", "<=", dateParam(endsOn))
    .where("ends_on", ">=", dateParam(startsOn));
  if (exceptLoanId) q = q.where("id", "<>", exceptLoanId);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

// ——— Notices ———————————————————————————————————————————————————————————————

async function partyNames(trx: Trx, loan: LoanRecord) {
  const rows = await trx
    .selectFrom("users")
    .select(["id", "display_name"])
    .where("id", "in", [loan.ownerId, loan.borrowerSideId])
    .execute();
  const item = await trx.selectFrom("items").select("title").where("id", "=", loan.itemId).executeTakeFirstOrThrow();
  const name = (id: string) => rows.find((r) => r.id === id)?.display_name ?? "";
  return { itemTitle: item.title, ownerName: name(loan.ownerId), borrowerName: name(loan.borrowerSideId) };
}

async function noticesForEvent(
  trx: Trx,
  loan: LoanRecord,
  event: LoanEvent["type"] | "created",
  actor: LoanActor,
  extra: { amountCents?: number; askedEndsOn?: Ymd; at?: Date } = {},
) {
  const wanted = noticesFor(loan, event, actor);
  if (wanted.length === 0) return 0;
  const names = await partyNames(trx, loan);
  const notices: LendingNotice[] = wanted.map(({ to, kind }): LendingNotice => {
    const userId = to === "owner" ? loan.ownerId : loan.borrowerSideId;
    const otherPartyName = to === "owner" ? names.borrowerName : names.ownerName;
    // A decline or cancellation may happen more than once per loan and kind only in theory; the key
    // includes the event so a rerun of the same step never notifies twice.
    // Extensions can be asked and answered more than once per loan: their keys carry the moment.
    const dedupeKey = event.endsWith("_extension")
      ? `${kind}:${loan.id}:${event}:${extra.askedEndsOn ?? loan.endsOn}:${(extra.at ?? new Date()).toISOString()}`
      : `${kind}:${loan.id}:${event}`;
    if (kind === "loan.claim_filed" || kind === "loan.claim_resolved") {
      return { userId, kind, data: { loanId: loan.id, itemTitle: names.itemTitle, amountCents: extra.amountCents ?? 0 }, dedupeKey };
    }
    const endsOn = kind === "loan.extension_requested" && extra.askedEndsOn ? extra.askedEndsOn : loan.endsOn;
    return { userId, kind, data: { loanId: loan.id, itemTitle: names.itemTitle, otherPartyName, startsOn: loan.startsOn, endsOn }, dedupeKey };
  });
  return sendNotices(trx, notices);
}

// ——— The one writer ——————————————————————————————————————————————————————————

export type LoanBy = { kind: "user"; userId: string; isModerator?: boolean } | { kind: "system" };

export type ApplyError = LoanError | "NotFound" | "DaysTaken" | "ExtensionNotFree";
export type ApplyResult = { ok: true; loan: LoanRecord; from: LoanState; to: LoanState } | { ok: false; error: ApplyError };

export interface ApplyOptions {
  note?: string;
  now: Date;
  /** Extra rows written with the event (claim photos, handover photo), already stored. */
  photoIds?: string[];
}

function actorFor(loan: LoanRecord, by: LoanBy): { actor: LoanActor; actorId: string | null } | null {
  if (by.kind === "system") return { actor: "system", actorId: null };
  const side = sideOf(loan, by.userId);
  if (side) return { actor: side, actorId: by.userId };
  // A moderator who is not a party acts as moderator (claims); parties never decide their own claim.
  if (by.isModerator) return { actor: "moderator", actorId: by.userId };
  return null;
}

/** Events that book days take the item's lock before the loan's (one lock order: item → loans). */
const BOOKING_EVENTS = new Set<LoanEvent["type"]>(["accept", "accept_extension"]);

/**
 * THE writer: locks the loan, applies the pure transition, writes the new state, the event row
 * (the lending ledger) and whatever the event carries, and queues notices — in the caller's
 * transaction. Business failures come back as values; a violated database invariant (the
 * exclusion constraint) is thrown and turned into a value by `applyLoanEvent`.
 */
export async function applyLoanEventTx(trx: Trx, loanId: string, by: LoanBy, event: LoanEvent, options: ApplyOptions): Promise<ApplyResult> {
  const { now } = options;
  const note = options.note?.trim() ? options.note.trim().slice(0, 2000) : null;
  if (BOOKING_EVENTS.has(event.type)) {
    const peek = await getLoan(trx, loanId);
    if (!peek) return { ok: false, error: "NotFound" };
    await lockItem(trx, peek.itemId);
  }
  const loan = await lockLoan(trx, loanId);
  if (!loan) return { ok: false, error: "NotFound" };
  const who = actorFor(loan, by);
  if (!who) return { ok: false, error: "NotYourTurn" };
  const snapshot = await snapshotOf(trx, loan);
  const result = transition(snapshot, event, who.actor, now);
  if (!result.ok) return result;
  const from = loan.state;
  const to = result.to;

  const changes: Record<string, unknown> = { state: to, updated_at: now };
  const data: Record<string, unknown> = {};
  switch (event.type) {
    case "accept":
      // The friendly check; the exclusion constraint is the guarantee (docs/decisions/041).
      if (await bookedOverlap(trx, loan.itemId, loan.startsOn, loan.endsOn, loan.id)) return { ok: false, error: "DaysTaken" };
      break;
    case "cancel":
      changes.cancel_reason = event.reason.trim().slice(0, 1000) || null;
      break;
    case "confirm_handover":
      changes[who.actor === "owner" ? "owner_handover_at" : "borrower_handover_at"] = now;
      if (note) changes.handover_note = loan.handoverNote ? `${loan.handoverNote}\n${note}`.slice(0, 1000) : note.slice(0, 1000);
      if (to === "picked_up") changes.picked_up_at = now;
      break;
    case "confirm_return":
      changes.returned_at = now;
      if (note) changes.return_note = note.slice(0, 1000);
      break;
    case "close":
      changes.closed_at = now;
      break;
    case "file_claim":
      data.amountCents = event.amountCents;
      break;
    case "decide_claim":
      data.amountCents = event.amountCents;
      break;
    case "accept_claim":
      data.amountCents = snapshot.claim?.amountCents ?? 0;
      break;
    case "request_extension":
      data.newEndsOn = event.newEndsOn;
      break;
    case "accept_extension": {
      const newEndsOn = snapshot.openExtension!.newEndsOn;
      if (await bookedOverlap(trx, loan.itemId, addDays(loan.endsOn, 1), newEndsOn, loan.id)) return { ok: false, error: "ExtensionNotFree" };
      changes.ends_on = newEndsOn;
      data.previousEndsOn = loan.endsOn;
      data.newEndsOn = newEndsOn;
      break;
    }
    default:
      break;
  }

  await trx.updateTable("loans").set(changes).where("id", "=", loan.id).execute();
  await trx
    .insertInto("loan_events")
    .values({
      loan_id: loan.id,
      actor_id: who.actorId,
      actor_role: who.actor,
      kind: event.type,
      from_state: from,
      to_state: to,
      note,
      data: JSON.stringify(data),
      occurred_at: now,
    })
    .execute();

  // What the event carries besides the state.
  switch (event.type) {
    case "accept":
      if (loan.depositCents > 0) await openDeposit(trx, loan, now);
      await declineOverlappingRequests(trx, loan, now);
      if (loan.wantedPostId) await fulfilWantedPost(trx, loan.wantedPostId, who.actorId, now);
      break;
    case "confirm_handover":
    case "file_claim":
      if (options.photoIds?.length) {
        await trx
          .insertInto("loan_photos")
          .values(options.photoIds.map((id) => ({ upload_id: id, loan_id: loan.id, kind: event.type === "file_claim" ? ("claim" as const) : ("handover" as const), added_by: who.actorId!, created_at: now })))
          .execute();
      }
      if (event.type === "file_claim") {
        await trx
          .insertInto("loan_claims")
          .values({ loan_id: loan.id, filed_by: who.actorId!, amount_cents: event.amountCents, description: note ?? "", created_at: now })
          .execute();
      }
      break;
    case "dispute_claim":
      await trx.updateTable("loan_claims").set({ dispute_note: note }).where("loan_id", "=", loan.id).execute();
      break;
    case "accept_claim":
      await trx
        .updateTable("loan_claims")
        .set((eb) => ({ state: "accepted", decided_amount_cents: eb.ref("amount_cents"), resolved_at: now }))
        .where("loan_id", "=", loan.id)
        .execute();
      break;
    case "decide_claim":
      await trx
        .updateTable("loan_claims")
        .set({ state: "decided", decided_amount_cents: event.amountCents, decided_by: who.actorId, decision_note: note, resolved_at: now })
        .where("loan_id", "=", loan.id)
        .execute();
      break;
    case "request_extension":
      await trx
        .insertInto("loan_extensions")
        .values({ loan_id: loan.id, requested_by: who.actorId!, previous_ends_on: loan.endsOn, new_ends_on: event.newEndsOn, note, created_at: now })
        .execute();
      break;
    case "accept_extension":
    case "decline_extension":
      await trx
        .updateTable("loan_extensions")
        .set({ state: event.type === "accept_extension" ? "accepted" : "declined", decided_at: now })
        .where("loan_id", "=", loan.id)
        .where("state", "=", "requested")
        .execute();
      break;
    default:
      break;
  }

  const after = { ...loan, state: to, endsOn: (changes.ends_on as Ymd | undefined) ?? loan.endsOn };
  const claimAmount =
    event.type === "file_claim" || event.type === "decide_claim"
      ? event.amountCents
      : event.type === "accept_claim"
        ? (snapshot.claim?.amountCents ?? 0)
        : undefined;
  await noticesForEvent(trx, after, event.type, who.actor, {
    amountCents: claimAmount,
    askedEndsOn: event.type === "request_extension" ? event.newEndsOn : undefined,
    at: now,
  });
  const updated = await getLoan(trx, loan.id);
  return { ok: true, loan: updated!, from, to };
}

/** Applies one event in its own transaction; a booking conflict caught by the database becomes a value. */
export async function applyLoanEvent(db: Db, loanId: string, by: LoanBy, event: LoanEvent, options: ApplyOptions): Promise<ApplyResult> {
  try {
    return await db.transaction().execute((trx) => applyLoanEventTx(trx, loanId, by, event, options));
  } catch (error) {
    if (isExclusionViolation(error, "loans_no_overlap")) {
      return { ok: false, error: event.type === "accept_extension" ? "ExtensionNotFree" : "DaysTaken" };
    }
    throw error;
  }
}

/** When days are given to one request, other open requests for overlapping days are declined. */
async function declineOverlappingRequests(trx: Trx, accepted: LoanRecord, now: Date): Promise<number> {
  const others = await trx
    .selectFrom("loans")
    .select("id")
    .where("item_id", "=", accepted.itemId)
    .where("state", "=", "requested")
    .where("id", "<>", accepted.id)
    .where("starts_on", "<=", dateParam(accepted.endsOn))
    .where("ends_on", ">=", dateParam(accepted.startsOn))
    .orderBy("created_at")
    .execute();
  for (const other of others) {
    await applyLoanEventTx(trx, other.id, { kind: "system" }, { type: "decline" }, { now, note: "lending.note.daysTaken" });
  }
  return others.length;
}

/** Declines every open request for an item (it was paused or unlisted). Caller holds the item lock. */
export async function declineOpenRequestsForItem(trx: Trx, itemId: string, note: string, now: Date): Promise<number> {
  const open = await trx.selectFrom("loans").select("id").where("item_id", "=", itemId).where("state", "=", "requested").orderBy("created_at").execute();
  for (const loan of open) await applyLoanEventTx(trx, loan.id, { kind: "system" }, { type: "decline" }, { now, note });
  return open.length;
}

async function fulfilWantedPost(trx: Trx, wantedPostId: string, actorId: string | null, now: Date): Promise<void> {
  const post = await trx.selectFrom("wanted_posts").select(["id", "state", "expires_at"]).where("id", "=", wantedPostId).forUpdate().executeTakeFirst();
  if (!post) return;
  const result = wantedTransition({ state: post.state, expiresAt: post.expires_at }, "fulfil", now);
  if (!result.ok) return; // already fulfilled by another offer, withdrawn or expired: the loan stands anyway
  await trx.updateTable("wanted_posts").set({ state: result.to, updated_at: now }).where("id", "=", post.id).execute();
  await trx
    .insertInto("wanted_events")
    .values({ wanted_post_id: post.id, actor_id: actorId, kind: "fulfil", from_state: post.state, to_state: result.to, occurred_at: now })
    .execute();
}

// ——— Creating loans ——————————————————————————————————————————————————————————

export type CreateLoanError = RequestError | EligibilityError | "NotFound" | "DaysTaken" | "AlreadyRequested" | "WantedClosed" | "ProjectIsYours";

export interface CreateLoanInput {
  itemId: string;
  startsOn: Ymd;
  endsOn: Ymd;
  message: string;
  now: Date;
}

async function hasBorrowedFrom(trx: Trx, ownerId: string, borrowerId: string): Promise<boolean> {
  const row = await trx
    .selectFrom("loans")
    .select("id")
    .where("owner_id", "=", ownerId)
    .where("borrower_user_id", "=", borrowerId)
    .where("picked_up_at", "is not", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

async function insertLoan(
  trx: Trx,
  values: {
    item: { id: string; owner_id: string; deposit_cents: number; fee_per_day_cents: number; max_loan_days: number };
    borrowerUserId: string | null;
    project: { id: string; contactUserId: string } | null;
    initiatedBy: LoanSide;
    wantedPostId: string | null;
    startsOn: Ymd;
    endsOn: Ymd;
    message: string;
    now: Date;
  },
): Promise<string> {
  const row = await trx
    .insertInto("loans")
    .values({
      item_id: values.item.id,
      owner_id: values.item.owner_id,
      borrower_user_id: values.borrowerUserId,
      borrower_project_id: values.project?.id ?? null,
      project_contact_id: values.project?.contactUserId ?? null,
      initiated_by: values.initiatedBy,
      wanted_post_id: values.wantedPostId,
      state: "requested",
      starts_on: values.startsOn,
      ends_on: values.endsOn,
      message: values.message.trim().slice(0, 1000),
      deposit_cents: values.item.deposit_cents,
      fee_per_day_cents: values.item.fee_per_day_cents,
      max_loan_days: values.item.max_loan_days,
      expires_at: requestExpiresAt(values.now, values.endsOn),
      created_at: values.now,
      updated_at: values.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const actorId = values.initiatedBy === "owner" ? values.item.owner_id : (values.borrowerUserId ?? values.project!.contactUserId);
  await trx
    .insertInto("loan_events")
    .values({
      loan_id: row.id,
      actor_id: actorId,
      actor_role: values.initiatedBy,
      kind: values.initiatedBy === "owner" ? "offered" : "requested",
      from_state: null,
      to_state: "requested",
      note: values.message.trim() ? values.message.trim().slice(0, 1000) : null,
      data: JSON.stringify({ startsOn: values.startsOn, endsOn: values.endsOn, wantedPostId: values.wantedPostId, projectId: values.project?.id ?? null }),
      occurred_at: values.now,
    })
    .execute();
  const loan = (await getLoan(trx, row.id))!;
  await noticesForEvent(trx, loan, "created", values.initiatedBy);
  return row.id;
}

const itemTermsColumns = ["id", "owner_id", "status", "audience", "neighbourhood_id", "deposit_cents", "fee_per_day_cents", "max_loan_days"] as const;

async function createLoan(db: Db, work: (trx: Trx) => Promise<{ ok: true; loanId: string } | { ok: false; error: CreateLoanError }>) {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (isUniqueViolation(error, "loans_one_open_request")) return { ok: false as const, error: "AlreadyRequested" as const };
    throw error;
  }
}

/** A member asks to borrow an item for some days (a loan request the owner answers). */
export async function requestLoan(db: Db, input: CreateLoanInput & { borrowerId: string }): Promise<{ ok: true; loanId: string } | { ok: false; error: CreateLoanError }> {
  if (!isUuid(input.itemId)) return { ok: false, error: "NotFound" };
  return createLoan(db, async (trx) => {
    // FOR SHARE: a pause/unlist (FOR UPDATE) either sees this request and declines it, or comes first.
    const item = await trx.selectFrom("items").select(itemTermsColumns).where("id", "=", input.itemId).forShare().executeTakeFirst();
    if (!item) return { ok: false, error: "NotFound" };
    const borrower = await trx.selectFrom("users").select(["id", "neighbourhood_id"]).where("id", "=", input.borrowerId).executeTakeFirstOrThrow();
    const eligibility = canBorrow(
      { ownerId: item.owner_id, status: item.status, audience: item.audience, neighbourhoodId: item.neighbourhood_id },
      { id: borrower.id, neighbourhoodId: borrower.neighbourhood_id, hasBorrowedFromOwner: await hasBorrowedFrom(trx, item.owner_id, borrower.id) },
    );
    if (eligibility) return { ok: false, error: eligibility };
    const daysError = checkRequestedDays({ startsOn: input.startsOn, endsOn: input.endsOn, maxLoanDays: item.max_loan_days }, input.now);
    if (daysError) return { ok: false, error: daysError };
    if (await bookedOverlap(trx, item.id, input.startsOn, input.endsOn)) return { ok: false, error: "DaysTaken" };
    const loanId = await insertLoan(trx, {
      item,
      borrowerUserId: borrower.id,
      project: null,
      initiatedBy: "borrower",
      wantedPostId: null,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      message: input.message,
      now: input.now,
    });
    return { ok: true, loanId };
  });
}

/** An owner offers an item to a wanted post: a request the asker accepts or declines. */
export async function offerItemForWanted(
  db: Db,
  input: { ownerId: string; itemId: string; wantedPostId: string; message: string; now: Date },
): Promise<{ ok: true; loanId: string } | { ok: false; error: CreateLoanError }> {
  if (!isUuid(input.itemId) || !isUuid(input.wantedPostId)) return { ok: false, error: "NotFound" };
  return createLoan(db, async (trx) => {
    const item = await trx.selectFrom("items").select(itemTermsColumns).where("id", "=", input.itemId).forShare().executeTakeFirst();
    if (!item || item.owner_id !== input.ownerId) return { ok: false, error: "NotFound" };
    if (item.status !== "listed") return { ok: false, error: "NotListed" };
    const post = await trx
      .selectFrom("wanted_posts")
      .select(["id", "author_id", "state", "expires_at", ymd("needed_from").as("needed_from"), ymd("needed_until").as("needed_until")])
      .where("id", "=", input.wantedPostId)
      .executeTakeFirst();
    if (!post) return { ok: false, error: "NotFound" };
    if (post.state !== "open" || post.expires_at.getTime() <= input.now.getTime()) return { ok: false, error: "WantedClosed" };
    if (post.author_id === input.ownerId) return { ok: false, error: "OwnItem" };
    // The asker's days, from today if the first day has already begun.
    const startsOn = post.needed_from < today(input.now) ? today(input.now) : post.needed_from;
    const daysError = checkRequestedDays({ startsOn, endsOn: post.needed_until, maxLoanDays: item.max_loan_days }, input.now);
    if (daysError) return { ok: false, error: daysError };
    if (await bookedOverlap(trx, item.id, startsOn, post.needed_until)) return { ok: false, error: "DaysTaken" };
    const loanId = await insertLoan(trx, {
      item,
      borrowerUserId: post.author_id,
      project: null,
      initiatedBy: "owner",
      wantedPostId: post.id,
      startsOn,
      endsOn: post.needed_until,
      message: input.message,
      now: input.now,
    });
    return { ok: true, loanId };
  });
}

/**
 * An owner lends an item to a live project (a material need): an offer the project's contact
 * (its initiator) accepts. The caller resolves the project — the projects feature owns that table.
 */
export async function lendItemToProject(
  db: Db,
  input: CreateLoanInput & { ownerId: string; project: { id: string; contactUserId: string } },
): Promise<{ ok: true; loanId: string } | { ok: false; error: CreateLoanError }> {
  if (!isUuid(input.itemId) || !isUuid(input.project.id)) return { ok: false, error: "NotFound" };
  if (input.project.contactUserId === input.ownerId) return { ok: false, error: "ProjectIsYours" };
  return createLoan(db, async (trx) => {
    const item = await trx.selectFrom("items").select(itemTermsColumns).where("id", "=", input.itemId).forShare().executeTakeFirst();
    if (!item || item.owner_id !== input.ownerId) return { ok: false, error: "NotFound" };
    if (item.status !== "listed") return { ok: false, error: "NotListed" };
    const daysError = checkRequestedDays({ startsOn: input.startsOn, endsOn: input.endsOn, maxLoanDays: item.max_loan_days }, input.now);
    if (daysError) return { ok: false, error: daysError };
    if (await bookedOverlap(trx, item.id, input.startsOn, input.endsOn)) return { ok: false, error: "DaysTaken" };
    const loanId = await insertLoan(trx, {
      item,
      borrowerUserId: null,
      project: input.project,
      initiatedBy: "owner",
      wantedPostId: null,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      message: input.message,
      now: input.now,
    });
    return { ok: true, loanId };
  });
}

// ——— Named actions (what routes call) ————————————————————————————————————————

export type UserBy = { userId: string; isModerator?: boolean };
const user = (by: UserBy): LoanBy => ({ kind: "user", userId: by.userId, isModerator: by.isModerator });

export const acceptLoanRequest = (db: Db, loanId: string, by: UserBy, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: "accept" }, { now, note });

export const declineLoanRequest = (db: Db, loanId: string, by: UserBy, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: "decline" }, { now, note });

export const cancelLoan = (db: Db, loanId: string, by: UserBy, reason: string, now: Date) =>
  applyLoanEvent(db, loanId, user(by), { type: "cancel", reason }, { now, note: reason });

export const confirmReturn = (db: Db, loanId: string, by: UserBy, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: "confirm_return" }, { now, note });

export const closeLoan = (db: Db, loanId: string, by: UserBy, now: Date) => applyLoanEvent(db, loanId, user(by), { type: "close" }, { now });

export const requestExtension = (db: Db, loanId: string, by: UserBy, newEndsOn: Ymd, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: "request_extension", newEndsOn }, { now, note });

export const answerExtension = (db: Db, loanId: string, by: UserBy, accept: boolean, now: Date, note?: string) =>
  applyLoanEvent(db, loanId, user(by), { type: accept ? "accept_extension" : "decline_extension" }, { now, note });

export const disputeClaim = (db: Db, loanId: string, by: UserBy, note: string, now: Date) =>
  applyLoanEvent(db, loanId, user(by), { type: "dispute_claim" }, { now, note });

export const acceptClaim = (db: Db, loanId: string, by: UserBy, now: Date) => applyLoanEvent(db, loanId, user(by), { type: "accept_claim" }, { now });

export const decideClaim = (db: Db, loanId: string, by: UserBy, amountCents: number, note: string, now: Date) =>
  applyLoanEvent(db, loanId, user(by), { type: "decide_claim", amountCents }, { now, note });

async function storePhotos(
  db: Db,
  storage: FileStorage,
  ownerId: string,
  purpose: "loan_condition" | "claim_evidence",
  photos: Buffer[],
): Promise<{ ok: true; ids: string[] } | { ok: false; error: ImageError }> {
  const ids: string[] = [];
  for (const data of photos) {
    const stored = await storeImage(db, storage, { ownerId, purpose, data });
    if (!stored.ok) return stored;
    ids.push(stored.image.id);
  }
  return { ok: true, ids };
}

/** One side confirms the handover, optionally with a note and a photo of the item's condition. */
export async function confirmHandover(
  db: Db,
  storage: FileStorage,
  input: { loanId: string; by: UserBy; note?: string; photo?: Buffer; now: Date },
): Promise<ApplyResult | { ok: false; error: ImageError }> {
  const loan = await getLoan(db, input.loanId);
  if (!loan) return { ok: false, error: "NotFound" };
  if (!sideOf(loan, input.by.userId)) return { ok: false, error: "NotYourTurn" };
  // Photos are stored before the transaction (resizing is slow and must not hold locks).
  const photos = input.photo ? await storePhotos(db, storage, input.by.userId, "loan_condition", [input.photo]) : { ok: true as const, ids: [] };
  if (!photos.ok) return photos;
  return applyLoanEvent(db, input.loanId, user(input.by), { type: "confirm_handover" }, { now: input.now, note: input.note, photoIds: photos.ids });
}

export const CLAIM_MAX_PHOTOS = 5;

/** The owner reports damage or loss: an amount up to the deposit, a description and 1–5 photos. */
export async function fileClaim(
  db: Db,
  storage: FileStorage,
  input: { loanId: string; by: UserBy; amountCents: number; description: string; photos: Buffer[]; now: Date },
): Promise<ApplyResult | { ok: false; error: ImageError | "PhotosRequired" | "DescriptionRequired" }> {
  if (input.photos.length === 0 || input.photos.length > CLAIM_MAX_PHOTOS) return { ok: false, error: "PhotosRequired" };
  if (input.description.trim() === "") return { ok: false, error: "DescriptionRequired" };
  const loan = await getLoan(db, input.loanId);
  if (!loan) return { ok: false, error: "NotFound" };
  if (sideOf(loan, input.by.userId) !== "owner") return { ok: false, error: "NotYourTurn" };
  // Check the rules before storing photos, so an impossible claim stores nothing.
  const pre = transition(await snapshotOf(db, loan), { type: "file_claim", amountCents: input.amountCents }, "owner", input.now);
  if (!pre.ok) return pre;
  const photos = await storePhotos(db, storage, input.by.userId, "claim_evidence", input.photos);
  if (!photos.ok) return photos;
  return applyLoanEvent(db, input.loanId, user(input.by), { type: "file_claim", amountCents: input.amountCents }, { now: input.now, note: input.description, photoIds: photos.ids });
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
  if (!out.includes("confirm_handover") && transition({ ...snapshot, depositReady: true }, { type: "confirm_handover" }, actor, now).ok) out.push("confirm_handover");
  return out;
}

export { answeringSide };

/** For tests and sweeps: the raw loan row (the 'system' actor needs no user). */
export async function loanState(db: Db, loanId: string): Promise<LoanState | null> {
  const row = await db.selectFrom("loans").select("state").where("id", "=", loanId).executeTakeFirst();
  return row?.state ?? null;
}
