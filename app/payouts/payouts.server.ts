import { type Selectable, sql } from "kysely";
import type { PayoutsTable } from "../../db/schema";
import { accounts, move } from "../ledger/ledger";
import { postJournal } from "../ledger/ledger.server";
import { notify } from "../notifications/notify.server";
import { type ConnectedAccount, GatewayRequestError, type PaymentGateway } from "../payments/gateway";
import { applyProjectEventTx } from "../projects/projects.server";
import type { ProjectTransitionEffect } from "../services.server";
import { type Db, isUniqueViolation, type Trx } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import {
  closedMonth,
  monthlyPayoutBlocker,
  type PayoutEvent,
  type PayoutJournalKind,
  payoutKey,
  type PayoutStatement,
  type PayoutStatus,
  transitionPayout,
} from "./payout";

/**
 * Payouts to initiators (docs/decisions/053-payouts.md), never inside a transaction with the
 * gateway, like payment attempts (decision 033):
 *   1. `createDuePayouts`: a succeeded project whose settlement is complete and whose initiator's
 *      account is verified gets ONE pending payout of its ledger balance, with the key
 *      `payout:<projectId>:<attemptNo>` (the unique indexes allow one payout per project on its
 *      way, and for a settled project one that has not failed, ever, so two workers cannot both
 *      create one); an ongoing project gets one per month that is over (`createMonthlyPayouts`,
 *      decision 079, key `payout:<projectId>:<period>:<attemptNo>`);
 *   2. `sendPendingPayouts`: claims a pending payout (a lease), calls the gateway with that key,
 *      and records the answer through `applyPayoutEventTx` — the same function the gateway's
 *      events go through, so answer and events may arrive in any order, twice;
 *   3. payout.paid / payout.failed arrive as gateway events (gateway-events.server.ts).
 * A crash between 2's call and its record leaves the payout pending: the next run asks again with
 * the same key, and the gateway answers with the first payout instead of paying twice.
 */

export type PayoutRow = Selectable<PayoutsTable>;

export type PayoutDeps = { db: Db; gateway: PaymentGateway; logger: Logger; now: () => Date };

/** A worker holds a pending payout this long while it talks to the gateway; a crashed worker's hold runs out. */
export const PAYOUT_LEASE_MS = 2 * 60_000;

export const PAYOUT_PURPOSE = "payout";

// ---------------------------------------------------------------------------------------------
// The initiator's account
// ---------------------------------------------------------------------------------------------

export async function getPayoutAccountRow(db: Db, userId: string, gateway: PaymentGateway["kind"]) {
  return (await db.selectFrom("payout_accounts").selectAll().where("user_id", "=", userId).where("gateway", "=", gateway).executeTakeFirst()) ?? null;
}

export type OnboardingError = "payout.account.unavailable";

/**
 * The initiator's onboarding link: their connected account is made on first use (one per user and
 * gateway, key `payout-account:<userId>`), then a fresh link each time (links expire in minutes).
 */
export async function startPayoutOnboarding(
  deps: Pick<PayoutDeps, "db" | "gateway" | "logger" | "now">,
  input: { userId: string; email: string; returnUrl: string; refreshUrl: string; locale?: "nl" | "en" },
): Promise<{ ok: true; url: string } | { ok: false; error: OnboardingError }> {
  const { db, gateway } = deps;
  try {
    let row = await getPayoutAccountRow(db, input.userId, gateway.kind);
    if (!row) {
      const account = await gateway.createConnectedAccount({
        email: input.email,
        metadata: { purpose: PAYOUT_PURPOSE, userId: input.userId },
        idempotencyKey: `payout-account:${input.userId}`,
      });
      const now = deps.now();
      await db
        .insertInto("payout_accounts")
        .values({
          user_id: input.userId,
          gateway: gateway.kind,
          account_id: account.id,
          status: account.status,
          bank_last4: account.bankLast4,
          bank_name: account.bankName,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(["user_id", "gateway"]).doNothing())
        .execute();
      row = await getPayoutAccountRow(db, input.userId, gateway.kind);
      if (!row) throw new Error("payout account vanished");
    }
    const link = await gateway.createAccountOnboardingLink({
      accountId: row.account_id,
      returnUrl: input.returnUrl,
      refreshUrl: input.refreshUrl,
      locale: input.locale,
    });
    return { ok: true, url: link.url };
  } catch (error) {
    if (error instanceof GatewayRequestError && error.code === "unavailable") {
      deps.logger.warn({ err: error }, "payouts: the gateway is unavailable for onboarding");
      return { ok: false, error: "payout.account.unavailable" };
    }
    throw error;
  }
}

/** What the gateway says about an account now (account.updated, or a refusal because it is not verified). */
export async function recordAccountStatusTx(trx: Trx, account: ConnectedAccount, now: Date): Promise<string> {
  const updated = await trx
    .updateTable("payout_accounts")
    .set({ status: account.status, bank_last4: account.bankLast4, bank_name: account.bankName, updated_at: now })
    .where("account_id", "=", account.id)
    .returning("user_id")
    .executeTakeFirst();
  return updated ? `payout account ${account.status}` : "ignored: unknown payout account";
}

// ---------------------------------------------------------------------------------------------
// THE writer of payout state
// ---------------------------------------------------------------------------------------------

async function lockPayout(trx: Trx, payoutId: string): Promise<PayoutRow | null> {
  return (await trx.selectFrom("payouts").selectAll().where("id", "=", payoutId).forUpdate().executeTakeFirst()) ?? null;
}

function journalEntries(kind: PayoutJournalKind, row: PayoutRow) {
  const project = accounts.project(row.project_id);
  switch (kind) {
    case "payout.sent":
      return move(project, accounts.payoutsInTransit, row.amount_cents);
    case "payout.paid":
      return move(accounts.payoutsInTransit, accounts.payout(row.project_id), row.amount_cents);
    case "payout.failed":
      // Reverses payout.sent: the bank returned the money, the project holds it again.
      return move(accounts.payoutsInTransit, project, row.amount_cents);
  }
}

const notificationOf = { in_transit: "payout.sent", paid: "payout.paid", failed: "payout.failed" } as const;

/**
 * Applies one payout event (inside the caller's transaction): locks the payout, applies the pure
 * transition, writes the new state, a payout_events row, the journal of the change (refs name the
 * project, so it is on the project's public ledger), tells the initiator, and — when the money
 * reached the bank — moves the project to paid_out through the projects writer. Idempotent: an
 * event that changes nothing returns "unchanged".
 */
export async function applyPayoutEventTx(
  trx: Trx,
  input: { payoutId: string; event: PayoutEvent; now: Date; note?: string },
  effects: readonly ProjectTransitionEffect[],
): Promise<{ outcome: "changed"; from: PayoutStatus; to: PayoutStatus } | { outcome: "unchanged" | "illegal" | "not_found"; status?: PayoutStatus }> {
  const row = await lockPayout(trx, input.payoutId);
  if (!row) return { outcome: "not_found" };
  const t = transitionPayout(row.status, input.event);
  if (t.kind !== "changed") return { outcome: t.kind, status: row.status };
  const { event, now } = input;
  const updated = await trx
    .updateTable("payouts")
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
  const eventRow = await trx
    .insertInto("payout_events")
    .values({
      payout_id: row.id,
      project_id: row.project_id,
      event: event.type,
      from_status: row.status,
      to_status: t.to,
      note: (input.note ?? (event.type === "failed" ? event.code : null))?.slice(0, 500) ?? null,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (t.journal) {
    await postJournal(trx, {
      kind: t.journal,
      memo: t.journal === "payout.failed" ? "the bank returned the payout" : "",
      refs: { projectId: row.project_id, payoutId: row.id, ...(updated.gateway_ref ? { payoutRef: updated.gateway_ref } : {}) },
      entries: journalEntries(t.journal, updated),
      idempotencyKey: `payout:${row.id}:${t.journal}`,
      postedAt: now,
    });
  }
  const project = await trx.selectFrom("projects").select(["slug", "title"]).where("id", "=", row.project_id).executeTakeFirstOrThrow();
  if (t.to !== "pending") {
    await notify(trx, {
      userId: row.initiator_id,
      kind: notificationOf[t.to],
      data: { projectSlug: project.slug, projectTitle: project.title, amountCents: row.amount_cents },
      dedupeKey: `payout:${row.id}:${eventRow.id}`,
    });
  }
  // An ongoing project's monthly payout (decision 079) leaves it running: only a settled project's one payout ends it.
  if (t.to === "paid" && row.period === null) {
    const result = await applyProjectEventTx(
      trx,
      { projectId: row.project_id, actor: { id: null, role: "system" }, event: { type: "payout_paid" }, now },
      effects,
    );
    // The payout stands either way: the money is at the bank. A project that cannot move on (it
    // should not happen: payouts start only after settlement) is left to a person, with a note;
    // throwing would only make the gateway deliver the event again and again.
    if (!result.ok) {
      await trx
        .insertInto("payout_events")
        .values({
          payout_id: row.id,
          project_id: row.project_id,
          event: "project_not_paid_out",
          from_status: t.to,
          to_status: t.to,
          note: result.error,
          created_at: now,
        })
        .execute();
    }
  }
  return { outcome: "changed", from: row.status, to: t.to };
}

export async function applyPayoutEvent(db: Db, input: Parameters<typeof applyPayoutEventTx>[1], effects: readonly ProjectTransitionEffect[]) {
  return db.transaction().execute((trx) => applyPayoutEventTx(trx as Trx, input, effects));
}

// ---------------------------------------------------------------------------------------------
// Which projects are due, and their money
// ---------------------------------------------------------------------------------------------

/** Settlement is complete: no pledge whose money is still moving, no attempt still running, no matching charge under way. */
function settledCondition(projectRef: ReturnType<typeof sql.ref>) {
  return sql<boolean>`not exists (
      select 1 from pledges pl where pl.project_id = ${projectRef} and pl.status in ('active', 'processing', 'payment_failed', 'disputed')
    ) and not exists (
      select 1 from pledge_payment_attempts a join pledges pl on pl.id = a.pledge_id
      where pl.project_id = ${projectRef} and a.status in ('pending', 'processing', 'requires_action')
    ) and not exists (
      -- an organisation's matching charge still moving money (app/matching/match-charge.ts chargeInFlight)
      select 1 from pool_matches m where m.project_id = ${projectRef} and m.charge_state in ('due', 'pending', 'processing')
    )`;
}

export async function isSettlementComplete(db: Db, projectId: string): Promise<boolean> {
  const row = await db
    .selectFrom("projects as p")
    .select(settledCondition(sql.ref("p.id")).as("settled"))
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  return Boolean(row?.settled);
}

/** The money the project holds now: its cash balance in the ledger (collected − fees − refunds − what is out). */
export async function projectBalance(db: Db, projectId: string): Promise<number> {
  const row = await db
    .selectFrom("ledger_entries")
    .select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as("balance"))
    .where("account", "=", accounts.project(projectId))
    .where("book", "=", "cash")
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/**
 * Creates the pending payout of every project that is due (one per project: the unique index
 * decides between two workers). Returns how many were created.
 */
export async function createDuePayouts(db: Db, gateway: PaymentGateway["kind"], now: Date, limit = 100): Promise<number> {
  const due = await db
    .selectFrom("projects as p")
    .innerJoin("payout_accounts as a", (j) => j.onRef("a.user_id", "=", "p.initiator_id").on("a.gateway", "=", gateway).on("a.status", "=", "verified"))
    .select(["p.id"])
    .where("p.status", "=", "succeeded")
    .where(settledCondition(sql.ref("p.id")))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("payouts as po")
            .select("po.id")
            .whereRef("po.project_id", "=", "p.id")
            .where((eb) => eb.or([eb("po.status", "<>", "failed"), eb.and([eb("po.sent_at", "is not", null), eb("po.reclaimed_at", "is", null)])])),
        ),
      ),
    )
    .orderBy("p.settled_at")
    .limit(limit)
    .execute();
  let created = 0;
  for (const { id } of due) if (await createPayoutFor(db, id, gateway, now)) created++;
  return created + (await createMonthlyPayouts(db, gateway, now, limit));
}

async function createPayoutFor(db: Db, projectId: string, gateway: PaymentGateway["kind"], now: Date): Promise<boolean> {
  try {
    return await db.transaction().execute(async (trx) => {
      // Lock the project: a moderator's cancellation or refund waits for us (and then sees the payout).
      const project = await trx.selectFrom("projects").select(["id", "status", "initiator_id"]).where("id", "=", projectId).forUpdate().executeTakeFirst();
      if (!project || project.status !== "succeeded") return false;
      if (!(await isSettlementComplete(trx, projectId))) return false;
      // One live payout; and a returned one must be back at the platform before the next (reclaimReturnedPayouts).
      const live = await trx
        .selectFrom("payouts")
        .select("id")
        .where("project_id", "=", projectId)
        .where((eb) => eb.or([eb("status", "<>", "failed"), eb.and([eb("sent_at", "is not", null), eb("reclaimed_at", "is", null)])]))
        .executeTakeFirst();
      if (live) return false;
      const account = await getPayoutAccountRow(trx, project.initiator_id, gateway);
      if (!account || account.status !== "verified") return false;
      const amount = await projectBalance(trx, projectId);
      if (amount <= 0) return false;
      const previous = await trx
        .selectFrom("payouts")
        .select(sql<number>`coalesce(max(attempt_no), 0)`.as("n"))
        .where("project_id", "=", projectId)
        .executeTakeFirstOrThrow();
      const attemptNo = Number(previous.n) + 1;
      const payout = await trx
        .insertInto("payouts")
        .values({
          project_id: projectId,
          initiator_id: project.initiator_id,
          attempt_no: attemptNo,
          gateway,
          account_id: account.account_id,
          amount_cents: amount,
          status: "pending",
          idempotency_key: payoutKey(projectId, attemptNo),
          bank_last4: account.bank_last4,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("payout_events")
        .values({ payout_id: payout.id, project_id: projectId, event: "created", from_status: null, to_status: "pending", note: null, created_at: now })
        .execute();
      return true;
    });
  } catch (error) {
    // Another worker created it first (payouts_one_live_per_project / payouts_attempt_unique).
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Monthly payouts of ongoing projects (docs/decisions/079-ongoing-payouts.md)
// ---------------------------------------------------------------------------------------------

/**
 * What an ongoing project's payout for the month that ended at `endsAt` pays: everything the project
 * earned up to then (every cash journal on its account but the payouts'), less what its payouts took
 * since it started (net of returned ones) — and never more than it holds now.
 */
export async function monthlyPayableCents(db: Db, projectId: string, endsAt: Date): Promise<number> {
  const row = await db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_journals as j", "j.id", "e.journal_id")
    .select([
      sql<number>`coalesce(sum(e.amount_cents) filter (where j.kind not like 'payout.%' and j.posted_at < ${endsAt}), 0)::bigint`.as("earned"),
      sql<number>`coalesce(sum(e.amount_cents) filter (where j.kind like 'payout.%'), 0)::bigint`.as("out"),
      sql<number>`coalesce(sum(e.amount_cents), 0)::bigint`.as("balance"),
    ])
    .where("e.account", "=", accounts.project(projectId))
    .where("e.book", "=", "cash")
    .executeTakeFirstOrThrow();
  return Math.min(Number(row.balance), Number(row.earned) + Number(row.out));
}

/**
 * Once a month, each running ongoing project whose initiator's account is verified and that has no
 * payout on its way gets ONE pending payout of the month that ended (`closedMonth`), with the key
 * `payout:<projectId>:<period>:<attemptNo>`. The unique indexes (one live payout per project, one
 * that has not failed per project and month) decide between two workers. Returns how many were made.
 */
export async function createMonthlyPayouts(db: Db, gateway: PaymentGateway["kind"], now: Date, limit = 100): Promise<number> {
  const { period } = closedMonth(now);
  const due = await db
    .selectFrom("projects as p")
    .innerJoin("payout_accounts as a", (j) => j.onRef("a.user_id", "=", "p.initiator_id").on("a.gateway", "=", gateway).on("a.status", "=", "verified"))
    .select(["p.id"])
    .where("p.funding_model", "=", "ongoing")
    .where("p.status", "=", "live")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("payouts as po")
            .select("po.id")
            .whereRef("po.project_id", "=", "p.id")
            .where((eb) =>
              eb.or([
                eb("po.status", "in", ["pending", "in_transit"]),
                eb.and([eb("po.status", "<>", "failed"), eb("po.period", "=", period)]),
                eb.and([eb("po.status", "=", "failed"), eb("po.sent_at", "is not", null), eb("po.reclaimed_at", "is", null)]),
              ]),
            ),
        ),
      ),
    )
    .orderBy("p.launched_at")
    .limit(limit)
    .execute();
  let created = 0;
  for (const { id } of due) if (await createMonthlyPayoutFor(db, id, gateway, now)) created++;
  return created;
}

async function createMonthlyPayoutFor(db: Db, projectId: string, gateway: PaymentGateway["kind"], now: Date): Promise<boolean> {
  const { period, endsAt } = closedMonth(now);
  try {
    return await db.transaction().execute(async (trx) => {
      // Lock the project: a second worker waits here, then sees our payout.
      const project = await trx
        .selectFrom("projects")
        .select(["id", "status", "funding_model", "initiator_id"])
        .where("id", "=", projectId)
        .forUpdate()
        .executeTakeFirst();
      if (!project) return false;
      const payouts = await trx.selectFrom("payouts").select(["status", "period", "sent_at", "reclaimed_at"]).where("project_id", "=", projectId).execute();
      const account = await getPayoutAccountRow(trx, project.initiator_id, gateway);
      const amount = await monthlyPayableCents(trx, projectId, endsAt);
      const blocker = monthlyPayoutBlocker({
        fundingModel: project.funding_model,
        projectStatus: project.status,
        account: account?.status ?? "none",
        livePayout: payouts.some((p) => p.status === "pending" || p.status === "in_transit"),
        returnedNotBack: payouts.some((p) => p.status === "failed" && p.sent_at !== null && p.reclaimed_at === null),
        periodPaidOut: payouts.some((p) => p.status !== "failed" && p.period === period),
        payableCents: amount,
      });
      if (blocker !== null || !account) return false;
      const previous = await trx
        .selectFrom("payouts")
        .select(sql<number>`coalesce(max(attempt_no), 0)`.as("n"))
        .where("project_id", "=", projectId)
        .executeTakeFirstOrThrow();
      const attemptNo = Number(previous.n) + 1;
      const payout = await trx
        .insertInto("payouts")
        .values({
          project_id: projectId,
          initiator_id: project.initiator_id,
          attempt_no: attemptNo,
          period,
          gateway,
          account_id: account.account_id,
          amount_cents: amount,
          status: "pending",
          idempotency_key: payoutKey(projectId, attemptNo, period),
          bank_last4: account.bank_last4,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("payout_events")
        .values({ payout_id: payout.id, project_id: projectId, event: "created", from_status: null, to_status: "pending", note: period, created_at: now })
        .execute();
      return true;
    });
  } catch (error) {
    // Another worker created it first (payouts_one_live_per_project / payouts_one_per_period / payouts_attempt_unique).
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------

export interface PayoutRunHooks {
  /** Tests: called after the gateway answered, before the answer is recorded (simulate a crash). */
  afterGatewayCall?: (payout: PayoutRow) => void;
}

async function claimPendingPayouts(db: Db, now: Date, limit: number): Promise<PayoutRow[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("payouts")
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
      .updateTable("payouts")
      .set({ locked_until: new Date(now.getTime() + PAYOUT_LEASE_MS) })
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    return rows;
  });
}

/** Sends every pending payout to the gateway (same key every time). */
export async function sendPendingPayouts(
  deps: PayoutDeps,
  effects: readonly ProjectTransitionEffect[],
  options: { hooks?: PayoutRunHooks; limit?: number } = {},
): Promise<{ sent: number; failed: number; errors: number }> {
  const claimed = await claimPendingPayouts(deps.db, deps.now(), options.limit ?? 50);
  const counts = { sent: 0, failed: 0, errors: 0 };
  for (const payout of claimed) {
    const outcome = await sendPayout(deps, payout, effects, options.hooks);
    counts[outcome]++;
  }
  return counts;
}

async function sendPayout(
  deps: PayoutDeps,
  payout: PayoutRow,
  effects: readonly ProjectTransitionEffect[],
  hooks: PayoutRunHooks = {},
): Promise<"sent" | "failed" | "errors"> {
  const project = await deps.db.selectFrom("projects").select(["title"]).where("id", "=", payout.project_id).executeTakeFirstOrThrow();
  let result;
  try {
    result = await deps.gateway.createPayout({
      accountId: payout.account_id,
      amountCents: payout.amount_cents,
      description: `Buurtkracht: ${project.title}${payout.period ? ` ${payout.period}` : ""}`.slice(0, 500),
      metadata: { purpose: PAYOUT_PURPOSE, payoutId: payout.id, projectId: payout.project_id, ...(payout.period ? { period: payout.period } : {}) },
      idempotencyKey: payout.idempotency_key,
    });
  } catch (error) {
    // Not known whether it happened: the lease runs out and the next run asks again, same key.
    deps.logger.warn({ err: error, payoutId: payout.id }, "payouts: the gateway did not take the payout now; retried later with the same key");
    return "errors";
  }
  hooks.afterGatewayCall?.(payout);
  const now = deps.now();
  if (result.ok) {
    const { id } = result.payout;
    await deps.db.transaction().execute(async (trx) => {
      await applyPayoutEventTx(trx, { payoutId: payout.id, event: { type: "sent", gatewayRef: id }, now }, effects);
      // The gateway may already know more (an answer replayed after the payout was paid).
      if (result.payout.status === "paid") await applyPayoutEventTx(trx, { payoutId: payout.id, event: { type: "paid" }, now }, effects);
      if (result.payout.status === "failed")
        await applyPayoutEventTx(trx, { payoutId: payout.id, event: { type: "failed", code: result.payout.failure?.code ?? "failed" }, now }, effects);
    });
    return "sent";
  }
  await deps.db.transaction().execute(async (trx) => {
    if (result.account) await recordAccountStatusTx(trx, result.account, now);
    else await trx.updateTable("payout_accounts").set({ status: "details_needed", updated_at: now }).where("account_id", "=", payout.account_id).execute();
    await applyPayoutEventTx(trx, { payoutId: payout.id, event: { type: "failed", code: result.error }, now }, effects);
  });
  return "failed";
}

/**
 * Payouts the bank returned after the money reached the connected account: the gateway brings it
 * back to the platform (Stripe: reverses the transfer; key `payout:<id>:reclaim`), then the project
 * may get a new attempt. Until then the money is on its way back, and no second transfer is made.
 */
export async function reclaimReturnedPayouts(deps: PayoutDeps, limit = 50): Promise<{ reclaimed: number; errors: number }> {
  const rows = await deps.db
    .selectFrom("payouts")
    .select(["id", "account_id", "gateway_ref"])
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
      await deps.gateway.reclaimPayout({ accountId: row.account_id, payoutId: row.gateway_ref, idempotencyKey: `payout:${row.id}:reclaim` });
    } catch (error) {
      deps.logger.warn({ err: error, payoutId: row.id }, "payouts: a returned payout could not be reclaimed now; retried later with the same key");
      counts.errors++;
      continue;
    }
    await deps.db
      .updateTable("payouts")
      .set({ reclaimed_at: deps.now(), updated_at: deps.now() })
      .where("id", "=", row.id)
      .where("reclaimed_at", "is", null)
      .execute();
    counts.reclaimed++;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The statement on the initiator's dashboard
// ---------------------------------------------------------------------------------------------

/**
 * Where the project's money came from and went, from the ledger (the same journals the public
 * ledger shows): collected by charges, fees (processing net of what the platform bore, platform
 * net of what it returned), and everything else that left (refunds, charge-backs) — so that
 * collected − fees − refunds is exactly what the initiator gets.
 */
export async function getPayoutStatement(db: Db, projectId: string): Promise<PayoutStatement> {
  const rows = await db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_journals as j", "j.id", "e.journal_id")
    .select(["j.kind", sql<number>`sum(e.amount_cents)::bigint`.as("total")])
    .where("e.account", "=", accounts.project(projectId))
    .where("e.book", "=", "cash")
    .groupBy("j.kind")
    .execute();
  const by = new Map(rows.map((r) => [r.kind, Number(r.total)]));
  const sum = (pred: (kind: string) => boolean) => [...by].filter(([k]) => pred(k)).reduce((a, [, v]) => a + v, 0);
  // What backers paid in: pledges' charges and ongoing projects' paid months (decision 079).
  const collectedCents = sum((k) => k === "pledge.charged" || k === "recurring.paid");
  const processingFeeCents = -sum((k) => k === "fee.processing" || k === "fee.processing_absorbed");
  const platformFeeCents = -sum((k) => k === "fee.platform" || k === "fee.platform.reversal");
  const payableCents = sum((k) => !k.startsWith("payout."));
  const refundedCents = collectedCents - processingFeeCents - platformFeeCents - payableCents;
  const latest = await db.selectFrom("payouts").selectAll().where("project_id", "=", projectId).orderBy("attempt_no", "desc").limit(1).executeTakeFirst();
  const paid = await db
    .selectFrom("payouts")
    .select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as("n"))
    .where("project_id", "=", projectId)
    .where("status", "=", "paid")
    .executeTakeFirstOrThrow();
  return {
    collectedCents,
    processingFeeCents,
    platformFeeCents,
    refundedCents,
    payableCents,
    paidOutCents: Number(paid.n),
    payout: latest
      ? {
          status: latest.status,
          amountCents: latest.amount_cents,
          bankLast4: latest.bank_last4,
          sentAt: latest.sent_at,
          paidAt: latest.paid_at,
          failedAt: latest.failed_at,
          failureCode: latest.failure_code,
        }
      : null,
  };
}

/** The payout history of a project, oldest first (for tests and support). */
export async function listPayoutEvents(db: Db, projectId: string) {
  return db.selectFrom("payout_events").selectAll().where("project_id", "=", projectId).orderBy("id").execute();
}

export async function getPayoutByRef(db: Db, payoutId: string): Promise<PayoutRow | null> {
  return (await db.selectFrom("payouts").selectAll().where("id", "=", payoutId).executeTakeFirst()) ?? null;
}
