import type { PledgeIntentRow } from "../../db/schema";
import { lockProject } from "../projects/projects.server";
import type { Db, Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { PLEDGE_INTENT_TTL_MS, type PledgeIntentEvent, type PledgeIntentStatus, transitionPledgeIntent } from "./intent";
import type { PledgeRuleError, PledgeVisibility } from "./pledge";
import { checkCompanionsTx, cleanPayloads, type CompanionErrors, type CompanionPayloads, withCompanionsTx } from "./companions.server";
import { checkPledgeRulesTx, type PledgeResult, pledgeToProjectTx } from "./pledges.server";

/**
 * One step to back a project (docs/decisions/055-one-step-backing.md): the pledge a backer asks
 * for while they save a new card or iDEAL on the gateway's page, made into the pledge as soon as
 * the gateway says the method is saved — by its `setup.succeeded` event, or by the session read
 * back when the backer lands on the confirmation page, whichever comes first (both go through
 * `confirmPledgeIntentTx`, which does it once). The one writer of intent state is `moveIntentTx`.
 */

export interface PledgeIntentRequest {
  projectId: string;
  backerId: string;
  amountCents: number;
  tierId: string | null;
  message: string;
  visibility: PledgeVisibility;
  /** The form's idempotency token; a double click returns the first intent. */
  token: string;
  platformFeeBps: number;
  /** What the backer gives besides money (issue 11): checked now, given when the pledge is made. */
  companions?: CompanionPayloads;
  now: Date;
}

export type OpenIntentResult =
  | { ok: true; intent: PledgeIntentRow }
  | { ok: false; error: PledgeRuleError; pledgeId?: string }
  | { ok: false; error: "CompanionFailed"; errors: CompanionErrors };

/** Checks the pledge rules now (so the backer is told before paying anything) and records the intent. */
export async function openPledgeIntent(db: Db, input: PledgeIntentRequest): Promise<OpenIntentResult> {
  return db.transaction().execute(async (trx) => {
    const earlier = await trx
      .selectFrom("pledge_intents")
      .selectAll()
      .where("backer_id", "=", input.backerId)
      .where("token", "=", input.token)
      .executeTakeFirst();
    if (earlier) return { ok: true as const, intent: earlier };
    const project = await lockProject(trx, input.projectId);
    if (!project) return { ok: false as const, error: "ProjectNotLive" as const };
    const checked = await checkPledgeRulesTx(trx, project, input);
    if (!checked.ok) return checked;
    const companions = cleanPayloads(input.companions);
    const errors = await checkCompanionsTx(trx, { projectId: project.id, userId: input.backerId, payloads: companions, now: input.now });
    if (Object.keys(errors).length > 0) return { ok: false as const, error: "CompanionFailed" as const, errors };
    const intent = await trx
      .insertInto("pledge_intents")
      .values({
        project_id: project.id,
        backer_id: input.backerId,
        tier_id: checked.tier.tier?.id ?? null,
        amount_cents: input.amountCents,
        visibility: input.visibility,
        message: input.message,
        token: input.token,
        platform_fee_bps: input.platformFeeBps,
        companions: JSON.stringify(companions),
        status: "open",
        created_at: input.now,
        expires_at: new Date(input.now.getTime() + PLEDGE_INTENT_TTL_MS),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("pledge_intent_events")
      .values({ intent_id: intent.id, from_status: null, to_status: "open", note: null, created_at: input.now })
      .execute();
    return { ok: true as const, intent };
  });
}

/** The gateway's page made for this intent (set once). */
export async function attachIntentSession(db: Db, intentId: string, sessionId: string): Promise<void> {
  await db.updateTable("pledge_intents").set({ session_id: sessionId }).where("id", "=", intentId).where("session_id", "is", null).execute();
}

async function lockIntent(trx: Trx, intentId: string): Promise<PledgeIntentRow | null> {
  if (!isUuid(intentId)) return null;
  return (await trx.selectFrom("pledge_intents").selectAll().where("id", "=", intentId).forUpdate().executeTakeFirst()) ?? null;
}

/** THE writer of an intent's state: the transition, the row, the event. */
async function moveIntentTx(
  trx: Trx,
  intent: PledgeIntentRow,
  event: PledgeIntentEvent,
  input: { now: Date; pledgeId?: string; error?: string; note?: string },
): Promise<PledgeIntentRow | null> {
  const t = transitionPledgeIntent(intent.status, event);
  if (!t.ok) return null;
  const updated = await trx
    .updateTable("pledge_intents")
    .set({ status: t.to, pledge_id: input.pledgeId ?? null, error: input.error ?? null, resolved_at: input.now })
    .where("id", "=", intent.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("pledge_intent_events")
    .values({ intent_id: intent.id, from_status: intent.status, to_status: t.to, note: input.note ?? input.error ?? null, created_at: input.now })
    .execute();
  return updated;
}

export interface IntentOutcome {
  status: PledgeIntentStatus;
  pledgeId: string | null;
  /** Keep-what-you-raise: the charge to run now (after commit), when this call made the pledge. */
  chargeAttemptId: string | null;
  error: string | null;
}

/**
 * The gateway saved the backer's method: the intent becomes their pledge, with the same rules as
 * the form (a tier may have sold out meanwhile: then it fails with that reason and the method
 * stays saved for the form). Idempotent: a second call, or one after expiry, changes nothing.
 */
export async function confirmPledgeIntentTx(trx: Trx, input: { intentId: string; paymentMethodId: string; now: Date }): Promise<IntentOutcome | null> {
  const intent = await lockIntent(trx, input.intentId);
  if (!intent) return null;
  if (intent.status !== "open") return { status: intent.status, pledgeId: intent.pledge_id, chargeAttemptId: null, error: intent.error };
  const request = {
    projectId: intent.project_id,
    backerId: intent.backer_id,
    amountCents: intent.amount_cents,
    tierId: intent.tier_id,
    message: intent.message,
    visibility: intent.visibility,
    token: intent.token,
    paymentMethodRef: input.paymentMethodId,
    platformFeeBps: intent.platform_fee_bps,
    now: input.now,
  };
  // The shifts and the thing chosen in the form are given with the pledge, or not at all.
  const withParts = await withCompanionsTx(
    trx,
    { projectId: intent.project_id, userId: intent.backer_id, payloads: intent.companions, now: input.now },
    async () => {
      const result = await pledgeToProjectTx(trx, request);
      return { result, run: result.ok && !result.duplicate };
    },
  );
  const made: PledgeResult | { ok: false; error: "CompanionFailed"; pledgeId?: undefined } =
    withParts.kind === "main" ? withParts.result : { ok: false, error: "CompanionFailed" };
  if (!made.ok) {
    const failed = await moveIntentTx(trx, intent, { type: "fail" }, { now: input.now, error: made.error });
    return { status: failed?.status ?? "failed", pledgeId: made.pledgeId ?? null, chargeAttemptId: null, error: made.error };
  }
  await moveIntentTx(trx, intent, { type: "confirm" }, { now: input.now, pledgeId: made.pledgeId });
  return { status: "confirmed", pledgeId: made.pledgeId, chargeAttemptId: made.chargeAttemptId, error: null };
}

export async function confirmPledgeIntent(db: Db, input: { intentId: string; paymentMethodId: string; now: Date }): Promise<IntentOutcome | null> {
  return db.transaction().execute((trx) => confirmPledgeIntentTx(trx, input));
}

/** The page was never finished (the gateway's session expired, or the intent's own time ran out). */
export async function expirePledgeIntentTx(trx: Trx, input: { intentId: string; now: Date; note: string }): Promise<boolean> {
  const intent = await lockIntent(trx, input.intentId);
  if (!intent) return false;
  return (await moveIntentTx(trx, intent, { type: "expire" }, { now: input.now, note: input.note })) !== null;
}

/** The settlement sweep's step: open intents past their time expire (a few at a time, skipping locked ones). */
export async function expireStalePledgeIntents(db: Db, now: Date, batch = 200): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const stale = await trx
      .selectFrom("pledge_intents")
      .selectAll()
      .where("status", "=", "open")
      .where("expires_at", "<=", now)
      .orderBy("expires_at")
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const intent of stale) await moveIntentTx(trx, intent, { type: "expire" }, { now, note: "the payment page was not finished in time" });
    return stale.length;
  });
}

export async function getPledgeIntentOfBacker(db: Db, intentId: string, backerId: string): Promise<PledgeIntentRow | null> {
  if (!isUuid(intentId)) return null;
  return (await db.selectFrom("pledge_intents").selectAll().where("id", "=", intentId).where("backer_id", "=", backerId).executeTakeFirst()) ?? null;
}
