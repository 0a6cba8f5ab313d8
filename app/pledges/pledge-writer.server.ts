import type { PledgeRow } from "../../db/schema";
import type { Trx } from "../utils/db.server";
import { holdsTierPlace, type PledgeEvent, type PledgeStatus, type PledgeVisibility, totalsDelta, transitionPledge } from "./pledge";
import { onPledgeTransition, type PaymentRefs } from "./pledge-effects.server";
import { isUuid } from "../utils/ids";

/**
 * The one writer of pledge state (docs/decisions/031-pledge-lifecycle.md). Always inside the
 * caller's transaction, with the project row locked first and then the pledge row (that order,
 * everywhere, so writers never deadlock). In the same transaction it keeps the project's totals
 * and the tiers' claimed places, writes a pledge_events row, and the ledger and notification
 * consequences (pledge-effects.server.ts).
 */

export async function lockPledge(trx: Trx, pledgeId: string): Promise<PledgeRow | null> {
  if (!isUuid(pledgeId)) return null;
  return (await trx.selectFrom("pledges").selectAll().where("id", "=", pledgeId).forUpdate().executeTakeFirst()) ?? null;
}

/** Takes one place in a tier, only if one is left (the CHECK on claimed ≤ quantity backs this up). */
async function claimTierPlace(trx: Trx, tierId: string): Promise<boolean> {
  const row = await trx
    .updateTable("reward_tiers")
    .set((eb) => ({ claimed: eb("claimed", "+", 1) }))
    .where("id", "=", tierId)
    .where((eb) => eb.or([eb("quantity", "is", null), eb("claimed", "<", eb.ref("quantity"))]))
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

async function releaseTierPlace(trx: Trx, tierId: string): Promise<void> {
  await trx
    .updateTable("reward_tiers")
    .set((eb) => ({ claimed: eb("claimed", "-", 1) }))
    .where("id", "=", tierId)
    .execute();
}

interface PledgeState {
  status: PledgeStatus;
  amountCents: number;
  tierId: string | null;
}

/**
 * Moves tier places and project totals from `before` to `after`. Claims first: when the new tier
 * is sold out nothing has been written yet and the caller gets `false`.
 */
async function applyCounters(trx: Trx, projectId: string, before: PledgeState | null, after: PledgeState): Promise<boolean> {
  const heldBefore = before && holdsTierPlace(before.status) ? before.tierId : null;
  const heldAfter = holdsTierPlace(after.status) ? after.tierId : null;
  if (heldAfter && heldAfter !== heldBefore) {
    if (!(await claimTierPlace(trx, heldAfter))) return false;
  }
  if (heldBefore && heldBefore !== heldAfter) await releaseTierPlace(trx, heldBefore);
  const delta = totalsDelta(before, after);
  if (delta.pledgedCents !== 0 || delta.collectedCents !== 0 || delta.backers !== 0) {
    await trx
      .updateTable("projects")
      .set((eb) => ({
        pledged_cents: eb("pledged_cents", "+", delta.pledgedCents),
        collected_cents: eb("collected_cents", "+", delta.collectedCents),
        backer_count: eb("backer_count", "+", delta.backers),
      }))
      .where("id", "=", projectId)
      .execute();
  }
  return true;
}

export interface NewPledge {
  projectId: string;
  backerId: string;
  tierId: string | null;
  amountCents: number;
  visibility: PledgeVisibility;
  message: string;
  idempotencyKey: string | null;
  paymentMethodRef: string | null;
  /** The platform fee shown to the backer (basis points); charged at this rate. Default 0. */
  platformFeeBps?: number;
}

/** null → active: the pledge is saved (nothing is charged for all-or-nothing). */
export async function insertPledgeTx(trx: Trx, input: NewPledge & { now: Date }): Promise<{ ok: true; pledge: PledgeRow } | { ok: false; error: "SoldOut" }> {
  const after: PledgeState = { status: "active", amountCents: input.amountCents, tierId: input.tierId };
  if (!(await applyCounters(trx, input.projectId, null, after))) return { ok: false, error: "SoldOut" };
  const pledge = await trx
    .insertInto("pledges")
    .values({
      project_id: input.projectId,
      backer_id: input.backerId,
      tier_id: input.tierId,
      amount_cents: input.amountCents,
      status: "active",
      visibility: input.visibility,
      message: input.message,
      idempotency_key: input.idempotencyKey,
      payment_method_ref: input.paymentMethodRef,
      platform_fee_bps: input.platformFeeBps ?? 0,
      created_at: input.now,
      updated_at: input.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const eventRow = await trx
    .insertInto("pledge_events")
    .values({
      pledge_id: pledge.id,
      project_id: pledge.project_id,
      actor_id: input.backerId,
      event: "saved",
      from_status: null,
      to_status: "active",
      amount_cents: pledge.amount_cents,
      tier_id: pledge.tier_id,
      pledged_delta_cents: totalsDelta(null, after).pledgedCents,
      created_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await onPledgeTransition(trx, { pledge, before: null, event: "saved", actorId: input.backerId, now: input.now, eventId: eventRow.id });
  return { ok: true, pledge };
}

export interface PledgePatch {
  amountCents?: number;
  tierId?: string | null;
  message?: string;
  visibility?: PledgeVisibility;
  paymentMethodRef?: string | null;
}

/**
 * Applies one event to a locked pledge. Returns the updated row, or the transition's error, or
 * SoldOut when a tier change finds no place left (nothing written in either case).
 */
export async function applyPledgeEventTx(
  trx: Trx,
  input: { pledge: PledgeRow; event: PledgeEvent; actorId: string | null; now: Date; patch?: PledgePatch; note?: string; refs?: PaymentRefs },
): Promise<{ ok: true; pledge: PledgeRow } | { ok: false; error: "IllegalTransition" | "FixWindowOpen" | "SoldOut" }> {
  const { pledge, event, patch = {} } = input;
  const result = transitionPledge({ status: pledge.status, fixUntil: pledge.fix_until }, event);
  if (!result.ok) return result;
  const before: PledgeState = { status: pledge.status, amountCents: pledge.amount_cents, tierId: pledge.tier_id };
  const after: PledgeState = {
    status: result.to,
    amountCents: patch.amountCents ?? pledge.amount_cents,
    tierId: patch.tierId === undefined ? pledge.tier_id : patch.tierId,
  };
  if (!(await applyCounters(trx, pledge.project_id, before, after))) return { ok: false, error: "SoldOut" };
  const updated = await trx
    .updateTable("pledges")
    .set({
      status: result.to,
      amount_cents: after.amountCents,
      tier_id: after.tierId,
      ...(patch.message !== undefined ? { message: patch.message } : {}),
      ...(patch.visibility !== undefined ? { visibility: patch.visibility } : {}),
      ...(patch.paymentMethodRef !== undefined ? { payment_method_ref: patch.paymentMethodRef } : {}),
      ...(result.fixUntil !== undefined ? { fix_until: result.fixUntil } : {}),
      // A won dispute returns the pledge to charged; it was charged when it was charged.
      ...(result.to === "charged" && pledge.status !== "disputed" ? { charged_at: input.now } : {}),
      updated_at: input.now,
    })
    .where("id", "=", pledge.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const eventRow = await trx
    .insertInto("pledge_events")
    .values({
      pledge_id: pledge.id,
      project_id: pledge.project_id,
      actor_id: input.actorId,
      event: event.type,
      from_status: pledge.status,
      to_status: result.to,
      amount_cents: after.amountCents,
      tier_id: after.tierId,
      pledged_delta_cents: totalsDelta(before, after).pledgedCents,
      note: input.note ?? null,
      created_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await onPledgeTransition(trx, {
    pledge: updated,
    before: pledge,
    event: event.type,
    actorId: input.actorId,
    now: input.now,
    eventId: eventRow.id,
    refs: input.refs,
    note: input.note,
  });
  return { ok: true, pledge: updated };
}
