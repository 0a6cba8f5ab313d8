import type { Updateable } from "kysely";
import type { LoansTable } from "../../db/schema";
import type { LoanTransitionEffect } from "../services.server";
import { processRegistry } from "../utils/process-registry.server";
import { type PreparedImage, recordUpload } from "../storage/images.server";
import { type Db, isExclusionViolation, type Trx } from "../utils/db.server";
import { addDays, type Ymd } from "./days";
import { openDeposit } from "./deposit-records.server";
import { type LoanActor, type LoanError, type LoanEvent, type LoanSnapshot, type LoanState, transition } from "./loan";
import { bookedOverlap, getLoan, lockItem, lockLoan, type LoanRecord, sideOf, snapshotOf } from "./loan-queries.server";
import { noticesForEvent } from "./notices.server";
import { dateParam } from "./sql.server";
import { wantedTransition } from "./wanted";

/**
 * THE loan writer (docs/lending.md, docs/decisions/041-no-double-booking.md): locks the loan,
 * applies the pure transition, writes the new state with the event's own columns, the event row
 * (the lending ledger) and the rows the event carries, and queues notices — in the caller's
 * transaction. What each event does besides changing the state is one entry of `eventEffects`.
 * Business failures come back as values; a violated database invariant (the exclusion constraint)
 * is thrown and turned into a value by `applyLoanEvent`.
 */

/**
 * The registered loan transition effects (`extensions.loanTransitionEffects`). Like the pledge
 * writer's (app/pledges/pledge-effects.server.ts), the loan writer is called from routes, sweeps,
 * deposits and the demo; the wiring registers the list once when it is loaded, per process (not per
 * bundle: app/utils/process-registry.server.ts).
 */
const registeredEffects = processRegistry<LoanTransitionEffect>("loanTransitionEffects");
export function registerLoanTransitionEffects(effects: readonly LoanTransitionEffect[]): void {
  registeredEffects.set(effects);
}

export type LoanBy = { kind: "user"; userId: string; isModerator?: boolean } | { kind: "system" };

export type ApplyError = LoanError | "NotFound" | "DaysTaken" | "ExtensionNotFree" | "DeclinedDaysTaken";
export type ApplyResult = { ok: true; loan: LoanRecord; from: LoanState; to: LoanState } | { ok: false; error: ApplyError };

export interface ApplyOptions {
  note?: string;
  now: Date;
  /** Photos that come with the event (claim evidence, the item's condition at handover): files stored, rows written here. */
  photos?: PreparedImage[];
}

function actorFor(loan: LoanRecord, by: LoanBy): { actor: LoanActor; actorId: string | null } | null {
  if (by.kind === "system") return { actor: "system", actorId: null };
  const side = sideOf(loan, by.userId);
  if (side) return { actor: side, actorId: by.userId };
  // A moderator who is not a party acts as moderator (claims); parties never decide their own claim.
  if (by.isModerator) return { actor: "moderator", actorId: by.userId };
  return null;
}

/** What an event's effects see: the loan as locked, its snapshot, who acts, and the cleaned note. */
interface EffectContext {
  trx: Trx;
  loan: LoanRecord;
  snapshot: LoanSnapshot;
  who: { actor: LoanActor; actorId: string | null };
  to: LoanState;
  note: string | null;
  now: Date;
  photos: PreparedImage[];
}

type LoanUpdate = Omit<Updateable<LoansTable>, "state" | "updated_at">;

/** What one kind of event does besides moving the state. Every part is optional. */
interface EventEffect<E extends LoanEvent> {
  /** Takes the item's lock before the loan's (events that book days: one lock order, item → loans). */
  booksDays?: true;
  /** A check under the locks, after the rules passed (the friendly side of an invariant). */
  check?(ctx: EffectContext, event: E): Promise<ApplyError | null>;
  /** Columns of `loans` this event sets besides its state. */
  update?(ctx: EffectContext, event: E): LoanUpdate;
  /** What the event row records beyond kind, states, actor and note. */
  data?(ctx: EffectContext, event: E): Record<string, unknown>;
  /** Rows the event writes besides the loan (claims, extensions, photos, deposits). */
  write?(ctx: EffectContext, event: E): Promise<void>;
  /** The amount the notices mention (claims). */
  noticeAmount?(ctx: EffectContext, event: E): number;
}

type EffectTable = { [T in LoanEvent["type"]]: EventEffect<Extract<LoanEvent, { type: T }>> };

async function insertPhotos(ctx: EffectContext, kind: "claim" | "handover"): Promise<void> {
  for (const photo of ctx.photos) {
    const upload = await recordUpload(ctx.trx, photo, ctx.now);
    await ctx.trx
      .insertInto("loan_photos")
      .values({ upload_id: upload.id, loan_id: ctx.loan.id, kind, added_by: ctx.who.actorId!, created_at: ctx.now })
      .execute();
  }
}

async function closeExtension(ctx: EffectContext, state: "accepted" | "declined"): Promise<void> {
  await ctx.trx
    .updateTable("loan_extensions")
    .set({ state, decided_at: ctx.now })
    .where("loan_id", "=", ctx.loan.id)
    .where("state", "=", "requested")
    .execute();
}

const eventEffects: EffectTable = {
  accept: {
    booksDays: true,
    // The friendly check; the exclusion constraint is the guarantee (docs/decisions/041).
    check: async ({ trx, loan }) => ((await bookedOverlap(trx, loan.itemId, loan.startsOn, loan.endsOn, loan.id)) ? "DaysTaken" : null),
    write: async ({ trx, loan, who, now }) => {
      if (loan.depositCents > 0) await openDeposit(trx, loan, now);
      await declineOverlappingRequests(trx, loan, now);
      if (loan.wantedPostId) await fulfilWantedPost(trx, loan.wantedPostId, who.actorId, now);
    },
  },
  decline: {},
  expire: {},
  cancel: {
    update: (_ctx, event) => ({ cancel_reason: event.reason.trim().slice(0, 1000) || null }),
  },
  confirm_handover: {
    update: ({ loan, who, to, note, now }) => ({
      ...(who.actor === "owner" ? { owner_handover_at: now } : { borrower_handover_at: now }),
      ...(note ? { handover_note: loan.handoverNote ? `${loan.handoverNote}\n${note}`.slice(0, 1000) : note.slice(0, 1000) } : {}),
      ...(to === "picked_up" ? { picked_up_at: now } : {}),
    }),
    write: (ctx) => insertPhotos(ctx, "handover"),
  },
  mark_overdue: {},
  confirm_return: {
    update: ({ note, now }) => ({ returned_at: now, ...(note ? { return_note: note.slice(0, 1000) } : {}) }),
  },
  close: {
    update: ({ now }) => ({ closed_at: now }),
  },
  file_claim: {
    data: (_ctx, event) => ({ amountCents: event.amountCents }),
    write: async (ctx, event) => {
      await insertPhotos(ctx, "claim");
      await ctx.trx
        .insertInto("loan_claims")
        .values({ loan_id: ctx.loan.id, filed_by: ctx.who.actorId!, amount_cents: event.amountCents, description: ctx.note ?? "", created_at: ctx.now })
        .execute();
    },
    noticeAmount: (_ctx, event) => event.amountCents,
  },
  dispute_claim: {
    write: async ({ trx, loan, note }) => {
      await trx.updateTable("loan_claims").set({ dispute_note: note }).where("loan_id", "=", loan.id).execute();
    },
  },
  accept_claim: {
    data: ({ snapshot }) => ({ amountCents: snapshot.claim?.amountCents ?? 0 }),
    write: async ({ trx, loan, now }) => {
      await trx
        .updateTable("loan_claims")
        .set((eb) => ({ state: "accepted", decided_amount_cents: eb.ref("amount_cents"), resolved_at: now }))
        .where("loan_id", "=", loan.id)
        .execute();
    },
    noticeAmount: ({ snapshot }) => snapshot.claim?.amountCents ?? 0,
  },
  decide_claim: {
    data: (_ctx, event) => ({ amountCents: event.amountCents }),
    write: async ({ trx, loan, who, note, now }, event) => {
      await trx
        .updateTable("loan_claims")
        .set({ state: "decided", decided_amount_cents: event.amountCents, decided_by: who.actorId, decision_note: note, resolved_at: now })
        .where("loan_id", "=", loan.id)
        .execute();
    },
    noticeAmount: (_ctx, event) => event.amountCents,
  },
  request_extension: {
    // Asked only for days that are still free (issue 13 §13): the owner is never shown an Accept
    // that cannot succeed. Accepting checks again, and the exclusion constraint guarantees it.
    check: async ({ trx, loan }, event) =>
      (await bookedOverlap(trx, loan.itemId, addDays(loan.endsOn, 1), event.newEndsOn, loan.id)) ? "ExtensionNotFree" : null,
    data: (_ctx, event) => ({ newEndsOn: event.newEndsOn }),
    write: async ({ trx, loan, who, note, now }, event) => {
      await trx
        .insertInto("loan_extensions")
        .values({ loan_id: loan.id, requested_by: who.actorId!, previous_ends_on: loan.endsOn, new_ends_on: event.newEndsOn, note, created_at: now })
        .execute();
    },
  },
  accept_extension: {
    booksDays: true,
    check: async ({ trx, loan, snapshot }) =>
      (await bookedOverlap(trx, loan.itemId, addDays(loan.endsOn, 1), snapshot.openExtension!.newEndsOn, loan.id)) ? "ExtensionNotFree" : null,
    update: ({ snapshot }) => ({ ends_on: snapshot.openExtension!.newEndsOn }),
    data: ({ loan, snapshot }) => ({ previousEndsOn: loan.endsOn, newEndsOn: snapshot.openExtension!.newEndsOn }),
    write: (ctx) => closeExtension(ctx, "accepted"),
  },
  decline_extension: {
    write: (ctx) => closeExtension(ctx, "declined"),
  },
};

function effectOf<E extends LoanEvent>(event: E): EventEffect<E> {
  return eventEffects[event.type] as EventEffect<E>;
}

export async function applyLoanEventTx(trx: Trx, loanId: string, by: LoanBy, event: LoanEvent, options: ApplyOptions): Promise<ApplyResult> {
  const { now } = options;
  const effect = effectOf(event);
  const note = options.note?.trim() ? options.note.trim().slice(0, 2000) : null;
  if (effect.booksDays) {
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
  if (!result.ok) return (await refusalExplained(trx, loan, event)) ?? result;
  const from = loan.state;
  const to = result.to;
  const ctx: EffectContext = { trx, loan, snapshot, who, to, note, now, photos: options.photos ?? [] };

  const refused = (await effect.check?.(ctx, event)) ?? null;
  if (refused) return { ok: false, error: refused };
  const changes = effect.update?.(ctx, event) ?? {};
  await trx
    .updateTable("loans")
    .set({ ...changes, state: to, updated_at: now })
    .where("id", "=", loan.id)
    .execute();
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
      data: JSON.stringify(effect.data?.(ctx, event) ?? {}),
      occurred_at: now,
    })
    .execute();
  await effect.write?.(ctx, event);
  for (const registered of registeredEffects.get()) {
    await registered(trx, {
      loanId: loan.id,
      ownerId: loan.ownerId,
      borrowerUserId: loan.borrowerUserId,
      event: event.type,
      from,
      to,
      actorId: who.actorId,
      now,
    });
  }

  const after: LoanRecord = { ...loan, state: to, endsOn: (changes.ends_on as Ymd | undefined) ?? loan.endsOn };
  await noticesForEvent(trx, after, event.type, who.actor, {
    amountCents: effect.noticeAmount?.(ctx, event),
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

/**
 * A refusal that says why: accepting a request that was declined by itself, because its days went
 * to another request meanwhile (an owner's page opened before that), says so instead of "not at
 * this stage".
 */
async function refusalExplained(trx: Trx, loan: LoanRecord, event: LoanEvent): Promise<{ ok: false; error: ApplyError } | null> {
  if (event.type !== "accept" || loan.state !== "declined") return null;
  const last = await trx.selectFrom("loan_events").select(["kind", "note"]).where("loan_id", "=", loan.id).orderBy("id", "desc").limit(1).executeTakeFirst();
  return last?.kind === "decline" && last.note === "lending.note.daysTaken" ? { ok: false, error: "DeclinedDaysTaken" } : null;
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
