/**
 * The one writer of monthly gifts (issue 16, docs/decisions/077-monthly-giving.md). Every status or
 * amount change goes through `changeSubscription` (./subscription.ts) and leaves a
 * recurring_gift_events row; every paid month is a `recurring.paid` journal on the public ledger.
 *
 * The gateway is reached through the port's saved methods: the giver saves a card or an iDEAL
 * mandate on the gateway's hosted page (a setup session), and this module charges it off-session
 * once a month from its job (`chargeDueGifts`), with an idempotency key per gift, month and attempt.
 * Never call the gateway inside a transaction: claim in one, call, record the outcome in another.
 */
import type { RecurringGiftRow } from "../../db/schema";
import { accounts, move } from "../ledger/ledger";
import { postJournal } from "../ledger/ledger.server";
import { notify } from "../notifications/notify.server";
import { ensureGatewayCustomer } from "../payments/customers.server";
import { GatewayRequestError, type PaymentGateway } from "../payments/gateway";
import type { Db, Trx } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import { bookMonthFees, type MonthChargeFacts } from "./fees.server";
import { chargeKey, MAX_ATTEMPTS, nextMonthlyCharge, periodOf, retryAt } from "./billing";
import { changeSubscription, type SubscriptionEvent, type SubscriptionRefusal, validMonthlyAmount } from "./subscription";
import { checkTargetOpen, type GiftTargetInput, targetAccount, targetColumns, targetInfo, targetOf, targetOfInput, targetRefs } from "./targets.server";

export const RECURRING_PURPOSE = "recurring";

export interface GiftServices {
  db: Db;
  gateway: PaymentGateway;
  appUrl: string;
}

export type StartGiftError =
  "recurring.error.notOngoing" | "recurring.error.ownProject" | "recurring.error.noFund" | "recurring.error.alreadyGiving" | "recurring.error.amount";
export type ChangeGiftError = SubscriptionRefusal | "recurring.error.notFound";

/** Locks a gift row for a change. */
async function lockGift(trx: Trx, giftId: string): Promise<RecurringGiftRow | null> {
  return (await trx.selectFrom("recurring_gifts").selectAll().where("id", "=", giftId).forUpdate().executeTakeFirst()) ?? null;
}

/**
 * Applies one lifecycle event: the pure rule decides, the row and an event row record it, and the
 * giver hears about the changes they did not make themselves (failed, cancelled) and the start.
 */
async function applyGiftEventTx(
  trx: Trx,
  gift: RecurringGiftRow,
  event: SubscriptionEvent,
  input: {
    actorId: string | null;
    now: Date;
    note?: string;
    set?: Partial<{ next_charge_at: Date | null; failed_attempts: number; payment_method_id: string }>;
  },
): Promise<{ ok: true; gift: RecurringGiftRow } | { ok: false; error: SubscriptionRefusal }> {
  const change = changeSubscription({ status: gift.status, amountCents: gift.amount_cents }, event);
  if (!change.ok) return change;
  const updated = await trx
    .updateTable("recurring_gifts")
    .set({
      status: change.to,
      amount_cents: change.amountCents,
      updated_at: input.now,
      ...(change.to === "cancelled" ? { cancelled_at: input.now, next_charge_at: null } : {}),
      ...input.set,
    })
    .where("id", "=", gift.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const eventRow = await trx
    .insertInto("recurring_gift_events")
    .values({
      gift_id: gift.id,
      actor_id: input.actorId,
      event: event.type === "cancel" ? `cancel_${event.by}` : event.type,
      from_status: gift.status,
      to_status: change.to,
      amount_cents: change.amountCents,
      note: input.note ?? null,
      created_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await notifyGiftChange(trx, { before: gift, after: updated, event, eventId: eventRow.id, targetClosed: input.note === TARGET_CLOSED });
  return { ok: true, gift: updated };
}

async function notifyGiftChange(
  trx: Trx,
  change: { before: RecurringGiftRow; after: RecurringGiftRow; event: SubscriptionEvent; eventId: number; targetClosed?: boolean },
) {
  const { after, event } = change;
  const data = { ...(await projectData(trx, after)), amountCents: after.amount_cents };
  const dedupeKey = `recurring:${after.id}:${change.eventId}`;
  if (event.type === "first_payment_succeeded") {
    await notify(trx, { userId: after.giver_id, kind: "recurring.started", data, dedupeKey });
  } else if (event.type === "payment_failed") {
    await notify(trx, { userId: after.giver_id, kind: "recurring.payment_failed", data: { ...data, fixPath: `/me/monthly/${after.id}/fix` }, dedupeKey });
  } else if (after.status === "cancelled" && change.before.status !== "cancelled") {
    await notify(trx, {
      userId: after.giver_id,
      kind: "recurring.cancelled",
      data: { ...data, bySystem: event.type !== "cancel" || event.by === "system", ...(change.targetClosed ? { targetClosed: true } : {}) },
      dedupeKey,
    });
  }
}

async function insertCreatedEvent(trx: Trx, gift: RecurringGiftRow, now: Date) {
  await trx
    .insertInto("recurring_gift_events")
    .values({
      gift_id: gift.id,
      actor_id: gift.giver_id,
      event: "created",
      from_status: null,
      to_status: gift.status,
      amount_cents: gift.amount_cents,
      note: null,
      created_at: now,
    })
    .execute();
}

/**
 * A giver starts a monthly gift to a project or to an organisation's neighbourhood fund
 * (./targets.server.ts): the gift is written (pending) and the gateway's hosted page saves
 * their method; the first month is charged by the job once the method is saved (setup.succeeded).
 * A pending gift whose page was abandoned is replaced.
 */
export async function startMonthlyGift(
  services: GiftServices,
  input: { giverId: string; amountCents: number; locale: "nl" | "en"; now: Date } & GiftTargetInput,
): Promise<{ ok: true; giftId: string; url: string } | { ok: false; error: StartGiftError }> {
  const { db, gateway } = services;
  if (!validMonthlyAmount(input.amountCents)) return { ok: false, error: "recurring.error.amount" };
  const target = targetOfInput(input);
  const open = await checkTargetOpen(db, target, input.giverId);
  if (!open.ok) return open;
  const columns = targetColumns(target);
  const user = await db.selectFrom("users").select(["id", "email", "display_name"]).where("id", "=", input.giverId).executeTakeFirstOrThrow();
  const customerId = await ensureGatewayCustomer(services, { id: user.id, email: user.email, displayName: user.display_name });
  const created = await db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom("recurring_gifts")
      .selectAll()
      .where("giver_id", "=", input.giverId)
      .where((eb) => (columns.project_id ? eb("project_id", "=", columns.project_id) : eb("organisation_id", "=", columns.organisation_id)))
      .where("status", "<>", "cancelled")
      .forUpdate()
      .executeTakeFirst();
    if (open) {
      if (open.status !== "pending" || open.payment_method_id) return { ok: false as const, error: "recurring.error.alreadyGiving" as const };
      await applyGiftEventTx(
        trx,
        open,
        { type: "cancel", by: "system" },
        { actorId: input.giverId, now: input.now, note: "replaced: the hosted page was left" },
      );
    }
    const gift = await trx
      .insertInto("recurring_gifts")
      .values({
        giver_id: input.giverId,
        ...columns,
        amount_cents: input.amountCents,
        status: "pending",
        gateway: gateway.kind,
        customer_id: customerId,
        created_at: input.now,
        updated_at: input.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertCreatedEvent(trx, gift, input.now);
    return { ok: true as const, gift };
  });
  if (!created.ok) return created;
  const gift = created.gift;
  const session = await gateway.createSetupSession({
    customerId,
    returnUrl: `${services.appUrl}/me/pledges?monthly=${gift.id}`,
    cancelUrl: `${services.appUrl}${open.info.path}`,
    metadata: { purpose: RECURRING_PURPOSE, step: "setup", giftId: gift.id },
    idempotencyKey: `recurring:${gift.id}:setup`,
    locale: input.locale,
  });
  await db.updateTable("recurring_gifts").set({ setup_session_id: session.id }).where("id", "=", gift.id).execute();
  return { ok: true, giftId: gift.id, url: session.url };
}

/**
 * The giver fixes a failed month: a new hosted page saves another method; once saved, the month is
 * tried again at once (the job's next run).
 */
export async function startGiftFix(
  services: GiftServices,
  input: { giftId: string; giverId: string; locale: "nl" | "en" },
): Promise<{ ok: true; url: string } | { ok: false; error: ChangeGiftError }> {
  const gift = await services.db
    .selectFrom("recurring_gifts")
    .selectAll()
    .where("id", "=", input.giftId)
    .where("giver_id", "=", input.giverId)
    .executeTakeFirst();
  if (!gift) return { ok: false, error: "recurring.error.notFound" };
  if (!isFixableGift(gift)) return { ok: false, error: "recurring.error.notNow" };
  const session = await services.gateway.createSetupSession({
    customerId: gift.customer_id,
    returnUrl: `${services.appUrl}/me/monthly/${gift.id}?fixed=1`,
    cancelUrl: `${services.appUrl}/me/monthly/${gift.id}`,
    metadata: { purpose: RECURRING_PURPOSE, step: "fix", giftId: gift.id },
    idempotencyKey: `recurring:${gift.id}:fix:${gift.failed_attempts}:${gift.updated_at.getTime()}`,
    locale: input.locale,
  });
  return { ok: true, url: session.url };
}

export function isFixableGift(gift: Pick<RecurringGiftRow, "status" | "failed_attempts">): boolean {
  return gift.status === "past_due" || (gift.status === "pending" && gift.failed_attempts > 0);
}

/** The gateway saved the giver's method (first start or a fix): record it and charge at once. */
async function saveGiftMethodTx(trx: Trx, input: { giftId: string; paymentMethodId: string; now: Date }): Promise<string> {
  const gift = await lockGift(trx, input.giftId);
  if (!gift) return "ignored: no such gift";
  if (gift.status === "cancelled" || gift.status === "paused" || gift.status === "active") return `ignored: gift ${gift.status}`;
  if (gift.payment_method_id === input.paymentMethodId) return "ignored: method already saved";
  await trx
    .updateTable("recurring_gifts")
    .set({ payment_method_id: input.paymentMethodId, next_charge_at: input.now, updated_at: input.now })
    .where("id", "=", gift.id)
    .execute();
  await trx
    .insertInto("recurring_gift_events")
    .values({
      gift_id: gift.id,
      actor_id: gift.giver_id,
      event: "method_saved",
      from_status: gift.status,
      to_status: gift.status,
      amount_cents: gift.amount_cents,
      note: null,
      created_at: input.now,
    })
    .execute();
  return "recurring.method_saved";
}

export type GiftChargeOutcome =
  /** `charge`: what the gateway said it kept and the method (the month's fees, ./fees.server.ts). */
  | { status: "succeeded"; paymentId: string; charge?: MonthChargeFacts }
  | { status: "processing"; paymentId: string }
  | { status: "failed"; paymentId: string | null; failureCode: string };

/**
 * Records what the gateway said about one month's attempt, from its synchronous answer or its event,
 * in any order and more than once: a paid month is booked once (the payment row and the journal key).
 */
export async function recordGiftChargeTx(
  trx: Trx,
  input: { giftId: string; period: string; attempt: number; outcome: GiftChargeOutcome; now: Date },
): Promise<string> {
  const gift = await lockGift(trx, input.giftId);
  if (!gift) return "ignored: no such gift";
  const payment = await trx
    .selectFrom("recurring_gift_payments")
    .selectAll()
    .where("gift_id", "=", gift.id)
    .where("period", "=", input.period)
    .forUpdate()
    .executeTakeFirst();
  if (!payment) return "ignored: no such month";
  if (payment.status === "paid") return "duplicate: month paid";
  if (payment.attempts !== input.attempt) return "ignored: an older attempt";
  const { outcome, now } = input;
  if (outcome.status === "processing") {
    await trx.updateTable("recurring_gift_payments").set({ gateway_payment_id: outcome.paymentId, updated_at: now }).where("id", "=", payment.id).execute();
    return "recurring.processing";
  }
  if (outcome.status === "succeeded") {
    await trx
      .updateTable("recurring_gift_payments")
      .set({ status: "paid", gateway_payment_id: outcome.paymentId, paid_at: now, failure_code: null, updated_at: now })
      .where("id", "=", payment.id)
      .execute();
    await postJournal(trx, {
      kind: "recurring.paid",
      memo: `monthly gift ${input.period}`,
      refs: { ...targetRefs(targetOf(gift)), userId: gift.giver_id, giftId: gift.id, paymentId: outcome.paymentId, period: input.period },
      entries: move(accounts.backer(gift.giver_id), targetAccount(targetOf(gift)), payment.amount_cents),
      idempotencyKey: `recurring:${gift.id}:${input.period}:paid`,
      postedAt: now,
    });
    await bookMonthFees(trx, { gift, payment, paymentId: outcome.paymentId, charge: outcome.charge ?? { feeCents: null, method: null }, now });
    // The next month is one calendar month after this month's charge was made (the claim wrote the
    // row then), not after it was confirmed: a SEPA debit settles days later, and anchoring on that
    // would move the billing day by those days every month until a calendar month is skipped.
    const next = nextMonthlyCharge(payment.created_at);
    const set = { failed_attempts: 0, next_charge_at: next };
    if (gift.status === "pending") await applyGiftEventTx(trx, gift, { type: "first_payment_succeeded" }, { actorId: null, now, set, note: input.period });
    else if (gift.status === "active" || gift.status === "past_due")
      await applyGiftEventTx(trx, gift, { type: "payment_succeeded" }, { actorId: null, now, set, note: input.period });
    // Paused or cancelled while the charge was on its way: the month is paid and booked, nothing more.
    await notify(trx, {
      userId: gift.giver_id,
      kind: "recurring.paid",
      data: { ...(await projectData(trx, gift)), period: input.period, amountCents: payment.amount_cents },
      dedupeKey: `recurring:${gift.id}:${input.period}:paid`,
    });
    return "recurring.paid";
  }
  if (payment.status === "failed" && payment.gateway_payment_id === outcome.paymentId) return "duplicate: attempt failed";
  await trx
    .updateTable("recurring_gift_payments")
    .set({ status: "failed", gateway_payment_id: outcome.paymentId, failure_code: outcome.failureCode.slice(0, 100), updated_at: now })
    .where("id", "=", payment.id)
    .execute();
  if (gift.status === "cancelled" || gift.status === "paused") return "recurring.failed (gift not charged any more)";
  const retry = retryAt(payment.attempts, now);
  if (retry === null) {
    // The last attempt failed: the gift ends (a pending gift never started, so it is cancelled by the system).
    if (gift.status === "past_due")
      await applyGiftEventTx(trx, gift, { type: "give_up" }, { actorId: null, now, note: input.period, set: { failed_attempts: MAX_ATTEMPTS } });
    else
      await applyGiftEventTx(trx, gift, { type: "cancel", by: "system" }, { actorId: null, now, note: input.period, set: { failed_attempts: MAX_ATTEMPTS } });
    return "recurring.gave_up";
  }
  await applyGiftEventTx(
    trx,
    gift,
    { type: "payment_failed" },
    { actorId: null, now, note: `${input.period}: ${outcome.failureCode}`, set: { failed_attempts: payment.attempts, next_charge_at: retry } },
  );
  return "recurring.failed";
}

/** The notices' data (their schema names the target "project"): a fund gift names its organisation. */
async function projectData(trx: Trx, gift: RecurringGiftRow) {
  const target = await targetInfo(trx, targetOf(gift));
  return { giftId: gift.id, projectSlug: target.slug, projectTitle: target.title };
}

/** Claims one due gift: writes (or bumps) the month's payment row and takes the gift off the schedule while it is charged. */
/** The event note of a gift stopped because its project or fund no longer takes gifts. */
const TARGET_CLOSED = "target_closed";

async function claimDueGift(trx: Trx, giftId: string, now: Date, platformFeeBps: number) {
  const gift = await lockGift(trx, giftId);
  if (!gift || !gift.payment_method_id || !gift.next_charge_at || gift.next_charge_at.getTime() > now.getTime()) return null;
  if (gift.status !== "pending" && gift.status !== "active" && gift.status !== "past_due") return null;
  // A project that stopped running (cancelled by a moderator, ended) or a fund that closed takes no
  // more months: the gift stops, and the giver is told why.
  if (!(await checkTargetOpen(trx, targetOf(gift), gift.giver_id)).ok) {
    await applyGiftEventTx(trx, gift, { type: "cancel", by: "system" }, { actorId: null, now, note: TARGET_CLOSED });
    return null;
  }
  // A failed month is tried again as the same month; otherwise the month of the scheduled charge.
  const failed = await trx
    .selectFrom("recurring_gift_payments")
    .select(["period", "attempts"])
    .where("gift_id", "=", gift.id)
    .where("status", "=", "failed")
    .orderBy("period", "desc")
    .executeTakeFirst();
  const retrying = gift.failed_attempts > 0 && failed;
  const period = retrying ? failed.period : periodOf(gift.next_charge_at);
  const existing = await trx
    .selectFrom("recurring_gift_payments")
    .select(["status", "attempts"])
    .where("gift_id", "=", gift.id)
    .where("period", "=", period)
    .executeTakeFirst();
  if (existing?.status === "paid") {
    // The month is paid already (resumed in a paid month): move on to the next one.
    await trx
      .updateTable("recurring_gifts")
      .set({ next_charge_at: nextMonthlyCharge(gift.next_charge_at) })
      .where("id", "=", gift.id)
      .execute();
    return null;
  }
  const attempt = existing ? Math.min(existing.attempts + 1, MAX_ATTEMPTS) : 1;
  if (existing) {
    await trx
      .updateTable("recurring_gift_payments")
      .set({ status: "processing", attempts: attempt, amount_cents: gift.amount_cents, platform_fee_bps: platformFeeBps, updated_at: now })
      .where("gift_id", "=", gift.id)
      .where("period", "=", period)
      .execute();
  } else {
    await trx
      .insertInto("recurring_gift_payments")
      .values({
        gift_id: gift.id,
        period,
        amount_cents: gift.amount_cents,
        platform_fee_bps: platformFeeBps,
        status: "processing",
        attempts: attempt,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  await trx.updateTable("recurring_gifts").set({ next_charge_at: null }).where("id", "=", gift.id).execute();
  const target = await targetInfo(trx, targetOf(gift));
  return { gift, period, attempt, description: `Maandelijkse steun ${target.title} ${period}`.slice(0, 200) };
}

/**
 * The monthly job's work (./jobs.server.ts): every gift whose month is due, charged once. A gateway
 * that does not answer puts the gift back on the schedule for the next run, with the same key.
 */
export async function chargeDueGifts(deps: GiftServices & { logger: Logger; now: () => Date; platformFeeBps?: number }, limit = 50) {
  const { db, gateway, logger } = deps;
  const counts = { paid: 0, processing: 0, failed: 0, errors: 0 };
  const now = deps.now();
  const due = await db
    .selectFrom("recurring_gifts")
    .select("id")
    .where("status", "in", ["pending", "active", "past_due"])
    .where("payment_method_id", "is not", null)
    .where("next_charge_at", "<=", now)
    .orderBy("next_charge_at")
    .limit(limit)
    .execute();
  for (const { id } of due) {
    const claim = await db.transaction().execute((trx) => claimDueGift(trx, id, deps.now(), deps.platformFeeBps ?? 0));
    if (!claim) continue;
    const { gift, period, attempt } = claim;
    let outcome: GiftChargeOutcome;
    try {
      const result = await gateway.chargeOffSession({
        customerId: gift.customer_id,
        paymentMethodId: gift.payment_method_id!,
        amountCents: gift.amount_cents,
        description: claim.description,
        metadata: { purpose: RECURRING_PURPOSE, giftId: gift.id, ...targetRefs(targetOf(gift)), period, attempt: String(attempt) },
        idempotencyKey: chargeKey(gift.id, period, attempt),
      });
      outcome =
        result.status === "succeeded"
          ? { status: "succeeded", paymentId: result.paymentId, charge: { feeCents: result.payment.feeCents, method: result.payment.paymentMethodType } }
          : result.status === "processing"
            ? { status: "processing", paymentId: result.paymentId }
            : result.status === "requires_action"
              ? { status: "failed", paymentId: result.paymentId, failureCode: "authentication_required" }
              : { status: "failed", paymentId: result.paymentId, failureCode: result.failure.code };
    } catch (error) {
      if (!(error instanceof GatewayRequestError)) throw error;
      logger.warn({ err: error, giftId: gift.id, period }, "monthly gift: the gateway did not answer; tried again on the next run");
      await db.updateTable("recurring_gifts").set({ next_charge_at: deps.now() }).where("id", "=", gift.id).where("next_charge_at", "is", null).execute();
      counts.errors++;
      continue;
    }
    const said = await db.transaction().execute((trx) => recordGiftChargeTx(trx, { giftId: gift.id, period, attempt, outcome, now: deps.now() }));
    if (said.startsWith("recurring.paid") || said.startsWith("duplicate: month paid")) counts.paid++;
    else if (said === "recurring.processing") counts.processing++;
    else counts.failed++;
  }
  return counts;
}

export type GiftAction = { type: "pause" } | { type: "resume" } | { type: "change_amount"; amountCents: number } | { type: "cancel" };

/** The giver changes their gift from "Mijn steun": pause, resume, a new amount (next month on), or cancel. */
export async function changeMonthlyGift(
  db: Db,
  input: { giftId: string; giverId: string; action: GiftAction; now: Date },
): Promise<{ ok: true } | { ok: false; error: ChangeGiftError }> {
  return db.transaction().execute(async (trx) => {
    const gift = await lockGift(trx, input.giftId);
    if (!gift || gift.giver_id !== input.giverId) return { ok: false, error: "recurring.error.notFound" };
    const event: SubscriptionEvent = input.action.type === "cancel" ? { type: "cancel", by: "backer" } : input.action;
    let set: { next_charge_at?: Date | null } | undefined;
    if (input.action.type === "resume") {
      // Paused months are skipped: the month it resumes in is charged, if it is not paid yet.
      const scheduled = gift.next_charge_at;
      set = { next_charge_at: scheduled && scheduled.getTime() > input.now.getTime() ? scheduled : input.now };
    }
    const result = await applyGiftEventTx(trx, gift, event, { actorId: input.giverId, now: input.now, set });
    return result.ok ? { ok: true } : result;
  });
}

/** Gateway events with `metadata.purpose === "recurring"` (listed in app/wiring.server.ts). */
export async function applyRecurringGatewayEventTx(
  trx: Trx,
  event: { type: string; metadata: Record<string, string>; paymentMethodId?: string; paymentId?: string; failureCode?: string; charge?: MonthChargeFacts },
  now: Date,
): Promise<string> {
  const giftId = event.metadata.giftId;
  if (!giftId) return "ignored: no gift";
  if (event.type === "setup.succeeded" && event.paymentMethodId) return saveGiftMethodTx(trx, { giftId, paymentMethodId: event.paymentMethodId, now });
  const period = event.metadata.period;
  const attempt = Number(event.metadata.attempt ?? 0);
  if (!period || !attempt || !event.paymentId) return `ignored: ${event.type}`;
  if (event.type === "payment.succeeded")
    return recordGiftChargeTx(trx, { giftId, period, attempt, outcome: { status: "succeeded", paymentId: event.paymentId, charge: event.charge }, now });
  if (event.type === "payment.processing")
    return recordGiftChargeTx(trx, { giftId, period, attempt, outcome: { status: "processing", paymentId: event.paymentId }, now });
  if (event.type === "payment.failed" || event.type === "payment.requires_action") {
    return recordGiftChargeTx(trx, {
      giftId,
      period,
      attempt,
      outcome: { status: "failed", paymentId: event.paymentId, failureCode: event.failureCode ?? "authentication_required" },
      now,
    });
  }
  return `ignored: ${event.type}`;
}
