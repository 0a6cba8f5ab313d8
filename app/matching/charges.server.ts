import { accounts, move } from "../ledger/ledger";
import { postJournal } from "../ledger/ledger.server";
import { notify } from "../notifications/notify.server";
import type { GatewayEventHandler } from "../payments/events.server";
import { GatewayRequestError, type Payment, type PaymentGateway, type SavedPaymentMethod } from "../payments/gateway";
import type { Db, Trx } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import { applyChargeEventTx, markChargesDueTx } from "./charge-records.server";
import type { MatchChargeEvent } from "./match-charge";
import { lockMatch, payMatchTx } from "./matching.server";
import { roleInOrganisation } from "./organisations.server";

/**
 * An organisation pays its matching with a saved method (docs/decisions/062-matching-charges.md).
 * Never inside a transaction with the gateway (decision 020):
 *   1. An organisation admin saves a card or a SEPA mandate on the gateway's hosted page
 *      (`startOrganisationMethodSetup`); the gateway's `setup.succeeded` event records it.
 *   2. When a project succeeds, the settlement effect books each match as the organisation's
 *      obligation (matching.server.ts) and marks it `due` when the organisation has a method.
 *   3. `chargeDueMatches` (the matching-charges job, right after settlement) writes the attempt
 *      (`pending`, attempt n), commits, charges off-session with the key
 *      `matching:<pool>:<project>:charge:<n>`, and records the answer through `recordMatchChargeTx` —
 *      the same function the gateway's events go through, so both may arrive in any order, twice.
 *   4. Succeeded: the match is paid (`matching.paid`, naming the payment) and the provider's fee
 *      is booked out of the project's money (`fee.processing`), as for pledges. Failed: it stays an
 *      obligation (a bank transfer an admin records, or a new method, which makes it due again) and
 *      the organisation's admins are told.
 * A crash between 3's call and its record leaves the attempt pending: after MATCH_CHARGE_LEASE_MS the
 * job asks again with the same key, and the gateway answers with the first payment.
 */
export const MATCHING_PURPOSE = "matching";
export const MATCH_CHARGE_LEASE_MS = 2 * 60_000;

export type MethodSetupError = "NotFound" | "NotAllowed" | "NotVerified";

type GatewayServices = { db: Db; gateway: PaymentGateway; appUrl: string };

const chargeKey = (poolId: string, projectId: string, attempt: number) => `matching:${poolId}:${projectId}:charge:${attempt}`;

// ---------------------------------------------------------------------------------------------
// The organisation's saved method
// ---------------------------------------------------------------------------------------------

export interface OrganisationMethodView {
  label: string;
  type: "card" | "sepa_debit";
  savedAt: Date;
}

export async function getOrganisationMethod(db: Db, organisationId: string, gateway: PaymentGateway["kind"]): Promise<OrganisationMethodView | null> {
  const row = await db
    .selectFrom("organisation_payment_methods")
    .select(["label", "method_type", "saved_at"])
    .where("organisation_id", "=", organisationId)
    .where("gateway", "=", gateway)
    .where("payment_method_id", "is not", null)
    .executeTakeFirst();
  return row && row.method_type && row.saved_at ? { label: row.label ?? "", type: row.method_type, savedAt: row.saved_at } : null;
}

/**
 * An organisation admin starts saving a method: one gateway customer per organisation (created on
 * first need), a setup session per attempt. Returns the hosted page to send them to.
 */
export async function startOrganisationMethodSetup(
  services: GatewayServices,
  input: { organisationId: string; user: { id: string; email: string; role: string }; locale: "nl" | "en"; now: Date },
): Promise<{ ok: true; url: string } | { ok: false; error: MethodSetupError }> {
  const { db, gateway } = services;
  const org = await db.selectFrom("organisations").select(["id", "slug", "name", "status"]).where("id", "=", input.organisationId).executeTakeFirst();
  if (!org) return { ok: false, error: "NotFound" };
  if ((await roleInOrganisation(db, org.id, input.user)) !== "admin") return { ok: false, error: "NotAllowed" };
  if (org.status !== "verified") return { ok: false, error: "NotVerified" };
  const row = await db
    .selectFrom("organisation_payment_methods")
    .select("customer_id")
    .where("organisation_id", "=", org.id)
    .where("gateway", "=", gateway.kind)
    .executeTakeFirst();
  if (!row) {
    // The key makes two racing admins create one customer.
    const customer = await gateway.createCustomer({
      email: input.user.email,
      name: org.name,
      metadata: { organisationId: org.id },
      idempotencyKey: `customer:${gateway.kind}:organisation:${org.id}`,
    });
    await db
      .insertInto("organisation_payment_methods")
      .values({ organisation_id: org.id, gateway: gateway.kind, customer_id: customer.id, created_at: input.now, updated_at: input.now })
      .onConflict((oc) => oc.columns(["organisation_id", "gateway"]).doNothing())
      .execute();
  }
  const attempt = await db
    .updateTable("organisation_payment_methods")
    .set((eb) => ({ setup_attempts: eb("setup_attempts", "+", 1), updated_at: input.now }))
    .where("organisation_id", "=", org.id)
    .where("gateway", "=", gateway.kind)
    .returning(["setup_attempts", "customer_id"])
    .executeTakeFirstOrThrow();
  const page = `${services.appUrl}/organisations/${org.slug}`;
  const session = await gateway.createSetupSession({
    customerId: attempt.customer_id,
    returnUrl: `${page}?method=saved`,
    cancelUrl: page,
    metadata: { purpose: MATCHING_PURPOSE, step: "setup", organisationId: org.id, userId: input.user.id },
    idempotencyKey: `organisation:${org.id}:setup:${attempt.setup_attempts}`,
    locale: input.locale,
  });
  return { ok: true, url: session.url };
}

/** The gateway saved the method: record it, and try failed charges again with it. */
async function saveOrganisationMethodTx(
  trx: Trx,
  input: { organisationId: string; customerId: string; userId: string | null; method: SavedPaymentMethod; now: Date },
) {
  const updated = await trx
    .updateTable("organisation_payment_methods")
    .set({
      payment_method_id: input.method.id,
      method_type: input.method.type,
      label: input.method.label.slice(0, 200),
      saved_by: input.userId,
      saved_at: input.now,
      updated_at: input.now,
    })
    .where("organisation_id", "=", input.organisationId)
    .where("customer_id", "=", input.customerId)
    .where((eb) => eb.or([eb("payment_method_id", "is", null), eb("payment_method_id", "<>", input.method.id)]))
    .returning("organisation_id")
    .executeTakeFirst();
  if (!updated) return "ignored: method already saved";
  const org = await trx.selectFrom("organisations").select("status").where("id", "=", input.organisationId).executeTakeFirstOrThrow();
  await trx
    .insertInto("organisation_events")
    .values({
      organisation_id: input.organisationId,
      actor_id: input.userId,
      event: "payment_method_saved",
      from_status: org.status,
      to_status: org.status,
      note: input.method.label.slice(0, 500),
      created_at: input.now,
    })
    .execute();
  const due = await markChargesDueTx(trx, { organisationId: input.organisationId }, { actorId: input.userId, now: input.now });
  return `matching.method_saved${due ? ` (${due} due again)` : ""}`;
}

/** An organisation admin removes the saved method: later obligations are paid by transfer. */
export async function removeOrganisationMethod(
  db: Db,
  input: { organisationId: string; gateway: PaymentGateway["kind"]; user: { id: string; role: string }; now: Date },
): Promise<{ ok: true } | { ok: false; error: MethodSetupError }> {
  if ((await roleInOrganisation(db, input.organisationId, input.user)) !== "admin") return { ok: false, error: "NotAllowed" };
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("organisation_payment_methods")
      .set({ payment_method_id: null, method_type: null, label: null, saved_at: null, saved_by: null, updated_at: input.now })
      .where("organisation_id", "=", input.organisationId)
      .where("gateway", "=", input.gateway)
      .where("payment_method_id", "is not", null)
      .returning("organisation_id")
      .executeTakeFirst();
    if (!row) return { ok: false as const, error: "NotFound" as const };
    const org = await trx.selectFrom("organisations").select("status").where("id", "=", input.organisationId).executeTakeFirstOrThrow();
    await trx
      .insertInto("organisation_events")
      .values({
        organisation_id: input.organisationId,
        actor_id: input.user.id,
        event: "payment_method_removed",
        from_status: org.status,
        to_status: org.status,
        created_at: input.now,
      })
      .execute();
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------------------------------------
// Charging obligations
// ---------------------------------------------------------------------------------------------

/** What the gateway said about a charge, from its synchronous answer or an event. */
export interface MatchChargeOutcome {
  paymentId: string | null;
  /** The attempt the payment belongs to (its metadata): an answer to an older attempt is ignored. */
  attempt: number;
  status: Payment["status"];
  amountReceivedCents: number;
  feeCents: number | null;
  failureCode: string | null;
}

function chargeEventFor(status: Payment["status"]): MatchChargeEvent | null {
  switch (status) {
    case "succeeded":
      return "succeeded";
    case "processing":
      return "processing";
    // Off-session nobody can authenticate: a bank asking for 3-D Secure is a failure here.
    case "requires_action":
    case "failed":
    case "canceled":
      return "failed";
    case "requires_capture":
      return null;
    default: {
      const never: never = status;
      throw new Error(`Unknown payment status ${String(never)}`);
    }
  }
}

/**
 * Records a charge's outcome (the job's answer and the gateway's events both come here). Idempotent
 * and order-tolerant: the charge state machine decides whether it still applies.
 */
export async function recordMatchChargeTx(trx: Trx, ref: { poolId: string; projectId: string }, outcome: MatchChargeOutcome, now: Date): Promise<string> {
  const event = chargeEventFor(outcome.status);
  if (!event) return `ignored: ${outcome.status}`;
  const locked = await lockMatch(trx, ref.poolId, ref.projectId);
  if (!locked) return "ignored: no match";
  const { pool, match } = locked;
  if (outcome.attempt !== match.charge_attempts) return `ignored: attempt ${outcome.attempt}, now ${match.charge_attempts}`;
  if (event === "succeeded") {
    if (match.charge_state === "succeeded") return "ignored: already paid";
    if (match.charge_state !== "pending" && match.charge_state !== "processing") return `ignored: charge ${match.charge_state ?? "none"}`;
    const paid = await payMatchTx(trx, { pool, match, reference: outcome.paymentId ?? "", actorId: null, now, paymentId: outcome.paymentId });
    if (!paid.ok) throw new Error(`matching ${pool.id}/${match.project_id}: a charge succeeded but the match is ${match.status} (${paid.error})`);
    await applyChargeEventTx(trx, { ...match, status: "paid" }, "succeeded", { actorId: null, now, paymentId: outcome.paymentId, failure: null });
    const fee = Math.min(outcome.amountReceivedCents, outcome.feeCents ?? 0);
    if (fee > 0 && outcome.paymentId) {
      await postJournal(trx, {
        kind: "fee.processing",
        refs: { projectId: match.project_id, poolId: pool.id, paymentId: outcome.paymentId },
        entries: move(accounts.project(match.project_id), accounts.gatewayFees, fee),
        idempotencyKey: `matching:${pool.id}:${match.project_id}:fee.processing:${outcome.paymentId}`,
        postedAt: now,
      });
    }
    return "matching.charged";
  }
  const r = await applyChargeEventTx(trx, match, event, {
    actorId: null,
    now,
    paymentId: outcome.paymentId,
    failure: event === "failed" ? (outcome.failureCode ?? outcome.status) : null,
  });
  if (!r.ok) return `ignored: charge ${match.charge_state ?? "none"}`;
  if (!r.changed) return `ignored: already ${r.to}`;
  if (event === "failed") await notifyChargeFailed(trx, pool.organisation_id, match.project_id, match.cents);
  return `matching.charge_${event}`;
}

async function notifyChargeFailed(trx: Trx, organisationId: string, projectId: string, cents: number) {
  const org = await trx.selectFrom("organisations").select(["id", "slug", "name"]).where("id", "=", organisationId).executeTakeFirstOrThrow();
  const project = await trx.selectFrom("projects").select(["slug", "title"]).where("id", "=", projectId).executeTakeFirstOrThrow();
  const admins = await trx
    .selectFrom("organisation_members")
    .select("user_id")
    .where("organisation_id", "=", organisationId)
    .where("role", "=", "admin")
    .execute();
  for (const a of admins) {
    await notify(trx, {
      userId: a.user_id,
      kind: "matching.charge_failed",
      data: { organisationSlug: org.slug, organisationName: org.name, projectSlug: project.slug, projectTitle: project.title, amountCents: cents },
      dedupeKey: `matching.charge_failed:${organisationId}:${projectId}:${cents}`,
    });
  }
}

function outcomeOfPayment(payment: Payment): MatchChargeOutcome {
  return {
    paymentId: payment.id,
    attempt: Number(payment.metadata.attempt ?? 0),
    status: payment.status,
    amountReceivedCents: payment.amountReceivedCents,
    feeCents: payment.feeCents,
    failureCode: payment.lastFailure?.code ?? (payment.status === "requires_action" ? "authentication_required" : null),
  };
}

export interface ChargeDueDeps extends GatewayServices {
  logger: Logger;
  now: () => Date;
}

/** Claims one due (or stale pending) charge and writes its attempt; null when there is none or another worker has it. */
async function claimCharge(trx: Trx, gatewayKind: PaymentGateway["kind"], ref: { poolId: string; projectId: string }, now: Date) {
  const locked = await lockMatch(trx, ref.poolId, ref.projectId);
  if (!locked) return null;
  const { pool, match } = locked;
  const stale = match.charge_state === "pending" && (match.charge_updated_at?.getTime() ?? 0) <= now.getTime() - MATCH_CHARGE_LEASE_MS;
  if (match.charge_state !== "due" && !stale) return null;
  const method = await trx
    .selectFrom("organisation_payment_methods")
    .select(["customer_id", "payment_method_id"])
    .where("organisation_id", "=", pool.organisation_id)
    .where("gateway", "=", gatewayKind)
    .executeTakeFirst();
  if (match.charge_state === "due" && !method?.payment_method_id) {
    // Removed since, or saved on another gateway: it stays an obligation paid by transfer.
    await applyChargeEventTx(trx, match, "start", { actorId: null, now, attempts: match.charge_attempts + 1 });
    await applyChargeEventTx(trx, { ...match, charge_state: "pending" }, "failed", { actorId: null, now, failure: "no_saved_method" });
    return null;
  }
  if (!method?.payment_method_id) return null;
  const attempt = stale ? match.charge_attempts : match.charge_attempts + 1;
  if (stale) {
    await trx.updateTable("pool_matches").set({ charge_updated_at: now }).where("pool_id", "=", pool.id).where("project_id", "=", match.project_id).execute();
  } else {
    await applyChargeEventTx(trx, match, "start", { actorId: null, now, attempts: attempt, paymentId: null, failure: null });
  }
  const org = await trx.selectFrom("organisations").select("name").where("id", "=", pool.organisation_id).executeTakeFirstOrThrow();
  const project = await trx.selectFrom("projects").select("title").where("id", "=", match.project_id).executeTakeFirstOrThrow();
  return {
    customerId: method.customer_id,
    paymentMethodId: method.payment_method_id,
    cents: match.cents,
    attempt,
    organisationId: pool.organisation_id,
    description: `Verdubbeling ${org.name}: ${project.title}`.slice(0, 200),
  };
}

/**
 * The matching-charges job's work: every obligation due for a charge, charged once. Returns counts;
 * a gateway that does not answer leaves the attempt pending for the next run.
 */
export async function chargeDueMatches(deps: ChargeDueDeps, limit = 50) {
  const { db, gateway, logger } = deps;
  const counts = { charged: 0, processing: 0, failed: 0, errors: 0 };
  const now = deps.now();
  const candidates = await db
    .selectFrom("pool_matches")
    .select(["pool_id", "project_id"])
    .where((eb) =>
      eb.or([
        eb("charge_state", "=", "due"),
        eb.and([eb("charge_state", "=", "pending"), eb("charge_updated_at", "<=", new Date(now.getTime() - MATCH_CHARGE_LEASE_MS))]),
      ]),
    )
    .orderBy("charge_updated_at")
    .limit(limit)
    .execute();
  for (const c of candidates) {
    const ref = { poolId: c.pool_id, projectId: c.project_id };
    const claim = await db.transaction().execute((trx) => claimCharge(trx, gateway.kind, ref, deps.now()));
    if (!claim) continue;
    let outcome: MatchChargeOutcome;
    try {
      const result = await gateway.chargeOffSession({
        customerId: claim.customerId,
        paymentMethodId: claim.paymentMethodId,
        amountCents: claim.cents,
        description: claim.description,
        metadata: {
          purpose: MATCHING_PURPOSE,
          poolId: ref.poolId,
          projectId: ref.projectId,
          organisationId: claim.organisationId,
          attempt: String(claim.attempt),
        },
        idempotencyKey: chargeKey(ref.poolId, ref.projectId, claim.attempt),
      });
      outcome = result.payment
        ? outcomeOfPayment(result.payment)
        : {
            paymentId: result.paymentId,
            attempt: claim.attempt,
            status: "failed",
            amountReceivedCents: 0,
            feeCents: null,
            failureCode: result.status === "failed" ? result.failure.code : null,
          };
    } catch (error) {
      if (!(error instanceof GatewayRequestError)) throw error;
      logger.warn({ err: error, ...ref }, "matching charge: the gateway did not answer; retried after the lease");
      counts.errors++;
      continue;
    }
    await db.transaction().execute((trx) => recordMatchChargeTx(trx, ref, outcome, deps.now()));
    // The gateway's event may have recorded it first: count what the match says now.
    const after = await db
      .selectFrom("pool_matches")
      .select("charge_state")
      .where("pool_id", "=", ref.poolId)
      .where("project_id", "=", ref.projectId)
      .executeTakeFirstOrThrow();
    if (after.charge_state === "succeeded") counts.charged++;
    else if (after.charge_state === "processing") counts.processing++;
    else if (after.charge_state === "failed") counts.failed++;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The gateway's events of purpose "matching" (listed in app/wiring.server.ts)
// ---------------------------------------------------------------------------------------------

export const handleMatchingGatewayEvent: GatewayEventHandler = async (trx, event, ctx) => {
  switch (event.type) {
    case "setup.succeeded": {
      const organisationId = event.session.metadata.organisationId;
      if (!organisationId) return "ignored: no organisationId";
      return saveOrganisationMethodTx(trx, {
        organisationId,
        customerId: event.session.customerId,
        userId: event.session.metadata.userId ?? null,
        method: event.paymentMethod,
        now: ctx.now,
      });
    }
    case "setup.failed":
    case "session.expired":
      return "ignored: no method saved";
    case "payment.succeeded":
    case "payment.processing":
    case "payment.requires_action":
    case "payment.failed": {
      const { poolId, projectId } = event.payment.metadata;
      if (!poolId || !projectId) return "ignored: no poolId/projectId";
      return recordMatchChargeTx(trx, { poolId, projectId }, outcomeOfPayment(event.payment), ctx.now);
    }
    case "hold.placed":
    case "hold.captured":
    case "hold.released":
      return "ignored: matching places no holds";
    case "refund.succeeded":
    case "refund.failed":
      return "ignored: matching makes no refunds";
    case "dispute.opened":
    case "dispute.closed":
      // The organisation disputed its own charge at its bank: handled by an admin, with the reconciliation's report.
      return `ignored: matching dispute ${event.type === "dispute.opened" ? "opened" : event.outcome} (handled by an admin)`;
    case "account.updated":
    case "payout.in_transit":
    case "payout.paid":
    case "payout.failed":
      return "ignored: payouts have their own purpose";
    default: {
      const unreachable: never = event;
      throw new Error(`Unknown gateway event ${JSON.stringify(unreachable)}`);
    }
  }
};
