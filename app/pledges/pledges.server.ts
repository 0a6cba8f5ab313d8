import { sql } from "kysely";
import type { PledgeRow, ProjectRow } from "../../db/schema";
import { lockProject } from "../projects/projects.server";
import { type CompanionErrors, type CompanionPayloads, withCompanionsTx } from "./companions.server";
import type { Db, Trx } from "../utils/db.server";
import {
  checkAmount,
  checkLastDayRule,
  checkPledgeWindow,
  initiatorBackerName,
  isChangeable,
  isFixable,
  type PledgeProjectView,
  type PledgeRuleError,
  type PledgeVisibility,
  publicBackerName,
  totalsDelta,
} from "./pledge";
import { applyPledgeEventTx, insertPledgeTx, lockPledge } from "./pledge-writer.server";
import { isUuid } from "../utils/ids";
import { type BackerPledge, describeHistory, type ReceiptLine, type PublicBacker, type DashboardBacker, type TierTotal } from "./views";
export type { BackerPledge, ReceiptLine, PublicBacker, DashboardBacker, TierTotal } from "./views";

export function projectView(row: ProjectRow): PledgeProjectView {
  return {
    status: row.status,
    fundingModel: row.funding_model,
    goalCents: row.goal_cents,
    pledgedCents: row.pledged_cents,
    endsAt: row.ends_at,
    initiatorId: row.initiator_id,
  };
}

interface TierPlace {
  id: string;
  minCents: number;
  quantity: number | null;
  claimed: number;
}

async function loadTier(trx: Trx, projectId: string, tierId: string | null): Promise<{ ok: true; tier: TierPlace | null } | { ok: false }> {
  if (!tierId) return { ok: true as const, tier: null };
  if (!isUuid(tierId)) return { ok: false as const };
  const tier = await trx
    .selectFrom("reward_tiers")
    .select(["id", "min_cents", "quantity", "claimed"])
    .where("id", "=", tierId)
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  return tier ? { ok: true as const, tier: { id: tier.id, minCents: tier.min_cents, quantity: tier.quantity, claimed: tier.claimed } } : { ok: false as const };
}

export interface PledgeRequest {
  projectId: string;
  backerId: string;
  amountCents: number;
  tierId: string | null;
  message: string;
  visibility: PledgeVisibility;
  /** The form's idempotency token. */
  token: string;
  /** The saved payment method to charge later (all-or-nothing) or now (keep-what-you-raise). */
  paymentMethodRef: string | null;
  /** The platform fee the form showed (services.fees.platformBps); the charge uses this rate. */
  platformFeeBps?: number;
  now: Date;
}

export type PledgeResult =
  { ok: true; pledgeId: string; duplicate: boolean; chargeAttemptId: string | null } | { ok: false; error: PledgeRuleError; pledgeId?: string };

/**
 * The rules a new pledge must meet, on the locked project: the pledge window, not one's own
 * project, one standing pledge per backer, an existing tier, an amount within the limits. Also
 * asked before a backer leaves for the gateway's page (app/pledges/intents.server.ts).
 */
export async function checkPledgeRulesTx(
  trx: Trx,
  project: ProjectRow,
  input: Pick<PledgeRequest, "backerId" | "tierId" | "amountCents" | "now">,
): Promise<{ ok: true; tier: { ok: true; tier: TierPlace | null } } | { ok: false; error: PledgeRuleError; pledgeId?: string }> {
  const view = projectView(project);
  const windowError = checkPledgeWindow(view, input.now);
  if (windowError) return { ok: false, error: windowError };
  if (project.initiator_id === input.backerId) return { ok: false, error: "OwnProject" };
  const standing = await trx
    .selectFrom("pledges")
    .select("id")
    .where("project_id", "=", project.id)
    .where("backer_id", "=", input.backerId)
    .where("status", "in", ["active", "processing", "charged", "payment_failed"])
    .executeTakeFirst();
  if (standing) return { ok: false, error: "AlreadyPledged", pledgeId: standing.id };
  const tier = await loadTier(trx, project.id, input.tierId);
  if (!tier.ok) return { ok: false, error: "TierNotFound" };
  const amountError = checkAmount(input.amountCents, tier.tier);
  if (amountError) return { ok: false, error: amountError };
  if (tier.tier && tier.tier.quantity !== null && tier.tier.claimed >= tier.tier.quantity) return { ok: false, error: "SoldOut" };
  return { ok: true, tier };
}

/**
 * A backer pledges to a live project. One transaction: project locked, rules checked, tier place
 * claimed (never oversold), pledge saved, totals moved, event written. The same form token twice
 * (double click, back button) returns the first pledge. Keep-what-you-raise pledges also get
 * their charge attempt here; the caller runs it after commit (never inside a transaction).
 */
export async function pledgeToProjectTx(trx: Trx, input: PledgeRequest): Promise<PledgeResult> {
  const findEarlier = () =>
    trx.selectFrom("pledges").select("id").where("backer_id", "=", input.backerId).where("idempotency_key", "=", input.token).executeTakeFirst();
  const earlier = await findEarlier();
  if (earlier) return { ok: true, pledgeId: earlier.id, duplicate: true, chargeAttemptId: null };

  const project = await lockProject(trx, input.projectId);
  if (!project) return { ok: false, error: "ProjectNotLive" };
  // A twin request may have committed while we waited for the lock: look again.
  const twin = await findEarlier();
  if (twin) return { ok: true, pledgeId: twin.id, duplicate: true, chargeAttemptId: null };
  const checked = await checkPledgeRulesTx(trx, project, input);
  if (!checked.ok) return checked;
  const { tier } = checked;
  if (!input.paymentMethodRef) return { ok: false, error: "NoPaymentMethod" };

  const saved = await insertPledgeTx(trx, {
    projectId: project.id,
    backerId: input.backerId,
    tierId: tier.tier?.id ?? null,
    amountCents: input.amountCents,
    visibility: input.visibility,
    message: input.message,
    idempotencyKey: input.token,
    paymentMethodRef: input.paymentMethodRef,
    platformFeeBps: input.platformFeeBps,
    now: input.now,
  });
  if (!saved.ok) return saved;
  let chargeAttemptId: string | null = null;
  if (project.funding_model === "keep_what_you_raise") {
    chargeAttemptId = await createPaymentAttemptTx(trx, { pledge: saved.pledge, kind: "charge", reason: "pledge", now: input.now });
  }
  return { ok: true, pledgeId: saved.pledge.id, duplicate: false, chargeAttemptId };
}

/** A pledge and what the backer gives with it (issue 11): all of it, or none of it. */
export type PledgeWithPartsResult = PledgeResult | { ok: false; error: "CompanionFailed"; errors: CompanionErrors };

export async function pledgeToProject(db: Db, input: PledgeRequest & { companions?: CompanionPayloads }): Promise<PledgeWithPartsResult> {
  return db.transaction().execute(async (trx) => {
    const r = await withCompanionsTx(trx, { projectId: input.projectId, userId: input.backerId, payloads: input.companions, now: input.now }, async () => {
      const result = await pledgeToProjectTx(trx, input);
      return { result, run: result.ok && !result.duplicate };
    });
    return r.kind === "main" ? r.result : { ok: false as const, error: "CompanionFailed" as const, errors: r.errors };
  });
}

/**
 * Records that money is about to move for a pledge: the attempt's idempotency key is derived from
 * its own row, so repeating the call after a crash is answered once by the gateway.
 */
export async function createPaymentAttemptTx(
  trx: Trx,
  input: {
    pledge: PledgeRow;
    kind: "charge" | "refund";
    reason: "settlement" | "pledge" | "fix" | "cancellation" | "duplicate" | "moderator";
    now: Date;
    paymentMethodRef?: string | null;
    /** A moderator's refund: why (shown to the backer) and who asked. */
    note?: string;
    requestedBy?: string;
    /** Refunds: the gateway payment to refund. */
    refundOfPayment?: string;
    amountCents?: number;
  },
): Promise<string> {
  const last = await trx
    .selectFrom("pledge_payment_attempts")
    .select(sql<number>`coalesce(max(attempt_no), 0)`.as("n"))
    .where("pledge_id", "=", input.pledge.id)
    .where("kind", "=", input.kind)
    .executeTakeFirstOrThrow();
  const attemptNo = Number(last.n) + 1;
  const row = await trx
    .insertInto("pledge_payment_attempts")
    .values({
      pledge_id: input.pledge.id,
      kind: input.kind,
      attempt_no: attemptNo,
      reason: input.reason,
      amount_cents: input.amountCents ?? input.pledge.amount_cents,
      idempotency_key: `pledge:${input.pledge.id}:${input.kind}:${attemptNo}`,
      payment_method_ref: input.kind === "charge" ? (input.paymentMethodRef === undefined ? input.pledge.payment_method_ref : input.paymentMethodRef) : null,
      refund_of_payment: input.kind === "refund" ? (input.refundOfPayment ?? null) : null,
      note: input.note ?? null,
      requested_by: input.requestedBy ?? null,
      status: "pending",
      created_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PledgeChangeRequest {
  pledgeId: string;
  backerId: string;
  amountCents: number;
  tierId: string | null;
  message: string;
  visibility: PledgeVisibility;
  now: Date;
}

async function lockOwnPledge(trx: Trx, pledgeId: string, backerId: string) {
  // Lock order: project first, then pledge (like every writer).
  const peek = isUuid(pledgeId) ? await trx.selectFrom("pledges").select(["project_id", "backer_id"]).where("id", "=", pledgeId).executeTakeFirst() : undefined;
  if (!peek || peek.backer_id !== backerId) return null;
  const project = await lockProject(trx, peek.project_id);
  const pledge = await lockPledge(trx, pledgeId);
  return project && pledge ? { project, pledge } : null;
}

/** Raise, lower, change tier, message or name choice — until the deadline, within the last-day rule. */
export async function changePledge(db: Db, input: PledgeChangeRequest): Promise<{ ok: true } | { ok: false; error: PledgeRuleError | "NotFound" }> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockOwnPledge(trx, input.pledgeId, input.backerId);
    if (!locked) return { ok: false as const, error: "NotFound" as const };
    const { project, pledge } = locked;
    const view = projectView(project);
    const windowError = checkPledgeWindow(view, input.now);
    if (windowError) return { ok: false as const, error: windowError };
    if (!isChangeable(pledge, view, input.now))
      return { ok: false as const, error: pledge.status === "active" ? ("PaymentInProgress" as const) : ("PledgeNotActive" as const) };
    const tier = await loadTier(trx, project.id, input.tierId);
    if (!tier.ok) return { ok: false as const, error: "TierNotFound" as const };
    const amountError = checkAmount(input.amountCents, tier.tier);
    if (amountError) return { ok: false as const, error: amountError };
    const delta = totalsDelta({ status: pledge.status, amountCents: pledge.amount_cents }, { status: "active", amountCents: input.amountCents });
    const lastDay = checkLastDayRule(view, delta.pledgedCents, input.now);
    if (lastDay) return { ok: false as const, error: lastDay };
    const result = await applyPledgeEventTx(trx, {
      pledge,
      event: { type: "change" },
      actorId: input.backerId,
      now: input.now,
      patch: { amountCents: input.amountCents, tierId: tier.tier?.id ?? null, message: input.message, visibility: input.visibility },
    });
    if (!result.ok) return { ok: false as const, error: result.error === "SoldOut" ? ("SoldOut" as const) : ("PledgeNotActive" as const) };
    return { ok: true as const };
  });
}

/** The backer withdraws before the deadline (refused in the last day if it would sink a funded project). */
export async function cancelPledge(
  db: Db,
  input: { pledgeId: string; backerId: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: PledgeRuleError | "NotFound" }> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockOwnPledge(trx, input.pledgeId, input.backerId);
    if (!locked) return { ok: false as const, error: "NotFound" as const };
    const { project, pledge } = locked;
    const view = projectView(project);
    const windowError = checkPledgeWindow(view, input.now);
    if (windowError) return { ok: false as const, error: windowError };
    if (!isChangeable(pledge, view, input.now)) return { ok: false as const, error: "PledgeNotActive" as const };
    const lastDay = checkLastDayRule(view, -pledge.amount_cents, input.now);
    if (lastDay) return { ok: false as const, error: lastDay };
    const result = await applyPledgeEventTx(trx, { pledge, event: { type: "cancel" }, actorId: input.backerId, now: input.now });
    if (!result.ok) return { ok: false as const, error: "PledgeNotActive" as const };
    return { ok: true as const };
  });
}

// ——— Reading ———

function pledgeQuery(db: Db) {
  return db
    .selectFrom("pledges as pl")
    .innerJoin("projects as p", "p.id", "pl.project_id")
    .innerJoin("users as i", "i.id", "p.initiator_id")
    .leftJoin("reward_tiers as t", "t.id", "pl.tier_id")
    .select([
      "pl.id",
      "pl.status",
      "pl.amount_cents",
      "pl.message",
      "pl.visibility",
      "pl.created_at",
      "pl.updated_at",
      "pl.charged_at",
      "pl.fix_until",
      "pl.backer_id",
      "pl.payment_method_ref",
      "pl.platform_fee_bps",
      "t.id as tier_id",
      "t.title as tier_title",
      "t.pickup_note as tier_pickup_note",
      "p.id as project_id",
      "p.slug as project_slug",
      "p.title as project_title",
      "p.status as project_status",
      "p.funding_model as project_funding_model",
      "p.ends_at as project_ends_at",
      "p.goal_cents as project_goal_cents",
      "p.pledged_cents as project_pledged_cents",
      "p.initiator_id as project_initiator_id",
      "i.display_name as initiator_name",
    ]);
}

type PledgeQueryRow = Awaited<ReturnType<ReturnType<typeof pledgeQuery>["executeTakeFirstOrThrow"]>>;

function toBackerPledge(r: PledgeQueryRow, now: Date): BackerPledge {
  const view: PledgeProjectView = {
    status: r.project_status,
    fundingModel: r.project_funding_model,
    goalCents: r.project_goal_cents,
    pledgedCents: r.project_pledged_cents,
    endsAt: r.project_ends_at,
    initiatorId: r.project_initiator_id,
  };
  return {
    id: r.id,
    status: r.status,
    amountCents: r.amount_cents,
    tier: r.tier_id ? { id: r.tier_id, title: r.tier_title ?? "", pickupNote: r.tier_pickup_note ?? "" } : null,
    message: r.message,
    visibility: r.visibility,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    chargedAt: r.charged_at,
    fixUntil: r.fix_until,
    fixable: isFixable({ status: r.status, fixUntil: r.fix_until }, r.project_status, now),
    changeable: isChangeable({ status: r.status }, view, now),
    paymentMethodRef: r.payment_method_ref,
    platformFeeBps: r.platform_fee_bps,
    project: {
      id: r.project_id,
      slug: r.project_slug,
      title: r.project_title,
      status: r.project_status,
      fundingModel: r.project_funding_model,
      endsAt: r.project_ends_at,
      initiatorName: r.initiator_name,
    },
  };
}

/** "My pledges": every pledge of the backer, newest first. */
export async function listPledgesOfBacker(db: Db, backerId: string, now: Date): Promise<BackerPledge[]> {
  const rows = await pledgeQuery(db).where("pl.backer_id", "=", backerId).orderBy("pl.created_at", "desc").orderBy("pl.id").execute();
  return rows.map((r) => toBackerPledge(r, now));
}

/** One pledge of this backer (null for someone else's: their existence is not revealed). */
export async function getPledgeOfBacker(db: Db, pledgeId: string, backerId: string, now: Date): Promise<BackerPledge | null> {
  if (!isUuid(pledgeId)) return null;
  const row = await pledgeQuery(db).where("pl.id", "=", pledgeId).where("pl.backer_id", "=", backerId).executeTakeFirst();
  return row ? toBackerPledge(row, now) : null;
}

/** The backer's standing pledge on a project, if any (the pledge page edits it). */
export async function getStandingPledge(db: Db, projectId: string, backerId: string, now: Date): Promise<BackerPledge | null> {
  const row = await pledgeQuery(db)
    .where("pl.project_id", "=", projectId)
    .where("pl.backer_id", "=", backerId)
    .where("pl.status", "in", ["active", "processing", "charged", "payment_failed"])
    .executeTakeFirst();
  return row ? toBackerPledge(row, now) : null;
}

/** The pledge's history for its receipt page. */
export async function listPledgeHistory(db: Db, pledgeId: string): Promise<ReceiptLine[]> {
  const rows = await db
    .selectFrom("pledge_events as e")
    .leftJoin("reward_tiers as t", "t.id", "e.tier_id")
    .select(["e.event", "e.from_status", "e.to_status", "e.amount_cents", "e.created_at", "t.title as tier"])
    .where("e.pledge_id", "=", pledgeId)
    .orderBy("e.id")
    .execute();
  return describeHistory(
    rows.map((r) => ({ event: r.event, from: r.from_status, to: r.to_status, amountCents: r.amount_cents, tier: r.tier, at: r.created_at })),
  );
}

/**
 * The public backers list: a name only for backers who chose "public", otherwise "a neighbour";
 * never amounts. Messages are public (the form says so).
 */
export async function listPublicBackers(db: Db, projectId: string, limit = 50): Promise<PublicBacker[]> {
  const rows = await db
    .selectFrom("pledges as pl")
    .innerJoin("users as u", "u.id", "pl.backer_id")
    .select(["pl.visibility", "pl.message", "pl.created_at", "u.display_name", "u.handle"])
    .where("pl.project_id", "=", projectId)
    .where("pl.status", "not in", ["cancelled", "dropped"])
    .orderBy("pl.created_at", "desc")
    .orderBy("pl.id")
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const name = publicBackerName(r.visibility, r.display_name);
    return { name, handle: name ? r.handle : null, message: r.message, at: r.created_at };
  });
}

/** Each pledge's public name (null: "a neighbour"), for the project's public ledger. */
export async function publicNamesOfPledges(db: Db, pledgeIds: readonly string[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(pledgeIds)].filter(isUuid);
  const out = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom("pledges as pl")
      .innerJoin("users as u", "u.id", "pl.backer_id")
      .select(["pl.id", "pl.visibility", "u.display_name"])
      .where("pl.id", "in", ids.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.set(r.id, publicBackerName(r.visibility, r.display_name));
  }
  return out;
}

/** The initiator's backers table: names unless the backer chose to stay anonymous. No e-mail addresses. */
export async function listBackersForInitiator(db: Db, projectId: string): Promise<DashboardBacker[]> {
  const rows = await db
    .selectFrom("pledges as pl")
    .innerJoin("users as u", "u.id", "pl.backer_id")
    .leftJoin("reward_tiers as t", "t.id", "pl.tier_id")
    .select(["pl.id", "pl.visibility", "pl.message", "pl.created_at", "pl.amount_cents", "pl.status", "u.display_name", "u.email", "t.title as tier_title"])
    .where("pl.project_id", "=", projectId)
    .where("pl.status", "<>", "cancelled")
    .orderBy("pl.created_at")
    .orderBy("pl.id")
    .execute();
  return rows.map((r) => ({
    pledgeId: r.id,
    name: initiatorBackerName(r.visibility, r.display_name),
    amountCents: r.amount_cents,
    tierTitle: r.tier_title,
    status: r.status,
    message: r.message,
    visibility: r.visibility,
    createdAt: r.created_at,
    // To deliver a reward (issue 13 §16): only for a backer who chose one — the pledge form tells
    // them the initiator sees it — and only in the initiator's export, never on a page.
    rewardContact: r.tier_title !== null ? r.email : null,
  }));
}

/** Totals per tier ("no reward" as tierId null) over standing pledges. */
export async function tierTotals(db: Db, projectId: string): Promise<TierTotal[]> {
  const rows = await db
    .selectFrom("pledges as pl")
    .leftJoin("reward_tiers as t", "t.id", "pl.tier_id")
    .select([
      "pl.tier_id",
      "t.title",
      "t.min_cents",
      sql<number>`count(*)`.as("backers"),
      sql<number>`sum(pl.amount_cents)`.as("pledged"),
      sql<number>`coalesce(sum(pl.amount_cents) filter (where pl.status = 'charged'), 0)`.as("collected"),
    ])
    .where("pl.project_id", "=", projectId)
    .where("pl.status", "not in", ["cancelled", "dropped"])
    .groupBy(["pl.tier_id", "t.title", "t.min_cents"])
    .orderBy(sql`t.min_cents nulls first`)
    .execute();
  return rows.map((r) => ({
    tierId: r.tier_id,
    title: r.title,
    backers: Number(r.backers),
    pledgedCents: Number(r.pledged),
    collectedCents: Number(r.collected),
  }));
}

/** The pledged total over time (one point per change), for the dashboard chart. */
export async function fundingSeries(db: Db, projectId: string): Promise<{ at: Date; pledgedCents: number }[]> {
  const rows = await db
    .selectFrom("pledge_events")
    .select(["created_at", sql<number>`sum(pledged_delta_cents) over (order by created_at, id)`.as("total")])
    .where("project_id", "=", projectId)
    .where("pledged_delta_cents", "<>", 0)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ at: r.created_at, pledgedCents: Number(r.total) }));
}

/** Is this user a backer (a standing or settled pledge) of the project? Backers may comment. */
/**
 * Pledges of a project that were never paid: the backer did not fix a failed payment in time
 * (dropped). They leave the total, so a project that reached its goal can show less than 100%
 * afterwards; the page says why (issue 13 §7).
 */
export async function droppedPledges(db: Db, projectId: string): Promise<{ count: number; cents: number }> {
  const row = await db
    .selectFrom("pledges")
    .select((eb) => [eb.fn.countAll<string>().as("count"), eb.fn.coalesce(eb.fn.sum<string>("amount_cents"), eb.lit(0)).as("cents")])
    .where("project_id", "=", projectId)
    .where("status", "=", "dropped")
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), cents: Number(row.cents) };
}

export async function isBacker(db: Db, projectId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("pledges")
    .select("id")
    .where("project_id", "=", projectId)
    .where("backer_id", "=", userId)
    .where("status", "not in", ["cancelled"])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
