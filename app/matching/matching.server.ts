import { sql } from "kysely";
import type { MatchingPoolRow, PoolMatchRow, ProjectRow } from "../../db/schema";
import { postJournal } from "../ledger/ledger.server";
import type { PledgeTransitionEffect, ProjectTransitionEffect } from "../services.server";
import type { Db, Trx } from "../utils/db.server";
import { type MatchEvent, type MatchStatus, holdsBudget, transitionMatch } from "./match";
import { markChargesDueTx } from "./charge-records.server";
import { chargeInFlight, type MatchChargeState } from "./match-charge";
import { matchingAccounts } from "./matching-ledger";
import { type MatchPool, type MatchProject, matchFor, poolCoversProject, poolOrder } from "./rules";

/**
 * The one writer of matching (docs/decisions/056-matching-pools.md). Always inside the caller's
 * transaction with the PROJECT row locked first (the pledge writer's order); then the pools, oldest
 * first (`poolOrder`, the same order everywhere, so two projects sharing two pools never deadlock);
 * then the match rows. Each change of a match moves the pool's `committed_cents` by the same delta
 * in the same transaction; the CHECK `committed_cents <= budget_cents` makes overspending impossible
 * even for a bug that skipped the lock.
 */

export function toMatchProject(row: ProjectRow): MatchProject {
  return { status: row.status, neighbourhoodId: row.neighbourhood_id, category: row.category, goalCents: row.goal_cents };
}

export function toMatchPool(row: MatchingPoolRow, current: PoolMatchRow | undefined): MatchPool {
  const currentCents = current && holdsBudget(current.status) ? current.cents : 0;
  return {
    id: row.id,
    createdAt: row.created_at,
    budgetCents: row.budget_cents,
    committedElsewhereCents: row.committed_cents - currentCents,
    currentCents,
    ratioBps: row.ratio_bps,
    capPerProjectCents: row.cap_per_project_cents,
    neighbourhoodIds: row.neighbourhood_ids,
    categories: row.categories,
    minBackers: row.min_backers,
    thresholdBps: row.threshold_bps,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  };
}

/** Locks pools by id in THE order (oldest first); returns them in that order. */
async function lockPools(trx: Trx, poolIds: readonly string[]): Promise<MatchingPoolRow[]> {
  if (poolIds.length === 0) return [];
  const rows = await trx
    .selectFrom("matching_pools")
    .selectAll()
    .where("id", "in", [...poolIds])
    .orderBy("created_at")
    .orderBy("id")
    .forUpdate()
    .execute();
  return rows.sort((a, b) => poolOrder({ id: a.id, createdAt: a.created_at }, { id: b.id, createdAt: b.created_at }));
}

interface ApplyInput {
  pool: MatchingPoolRow;
  projectId: string;
  current: PoolMatchRow | undefined;
  event: MatchEvent;
  reason: string;
  actorId: string | null;
  now: Date;
  note?: string;
  paidReference?: string;
}

/**
 * Applies one event to a (pool, project) match: the pure transition, the match row, the pool's
 * committed (and paid) cents, an event row. Returns the new status, or null when nothing changed.
 */
async function applyMatchEvent(trx: Trx, input: ApplyInput): Promise<{ status: MatchStatus; cents: number; delta: number } | { error: string } | null> {
  const { pool, current, event, now } = input;
  const state = current ? { status: current.status, cents: current.cents } : { status: "committed" as const, cents: 0 };
  const result = transitionMatch(state, event);
  if (!result.ok) return { error: result.error };
  const heldBefore = holdsBudget(state.status) ? state.cents : 0;
  const heldAfter = holdsBudget(result.to) ? result.cents : 0;
  const delta = heldAfter - heldBefore;
  const paidDelta = (result.to === "paid" ? result.cents : 0) - (state.status === "paid" ? state.cents : 0);
  if (result.to === state.status && result.cents === state.cents && current) {
    if (current.reason !== input.reason) {
      await trx.updateTable("pool_matches").set({ reason: input.reason }).where("pool_id", "=", pool.id).where("project_id", "=", input.projectId).execute();
    }
    return null;
  }
  if (!current && result.cents === 0) return null; // nothing to remember yet
  if (delta !== 0 || paidDelta !== 0) {
    // The pool row is locked; the CHECK backs the rules' budget limit up.
    await trx
      .updateTable("matching_pools")
      .set((eb) => ({ committed_cents: eb("committed_cents", "+", delta), paid_cents: eb("paid_cents", "+", paidDelta) }))
      .where("id", "=", pool.id)
      .execute();
  }
  if (current) {
    await trx
      .updateTable("pool_matches")
      .set({
        status: result.to,
        cents: result.cents,
        reason: input.reason,
        updated_at: now,
        ...(result.to === "paid"
          ? {
              paid_at: now,
              paid_reference: input.paidReference ?? null,
              // Paid by its charge: the charge succeeded in the same statement (CHECK pool_matches_charge_state).
              charge_state: sql<MatchChargeState | null>`case when charge_state in ('pending', 'processing') then 'succeeded' else charge_state end`,
            }
          : {}),
        // A released obligation is not charged; a charge already moving money keeps its state (the
        // CHECK pool_matches_charge_state then refuses the release until the gateway answered).
        ...(result.to === "released"
          ? { charge_state: sql<MatchChargeState | null>`case when charge_state in ('due', 'failed') then null else charge_state end` }
          : {}),
      })
      .where("pool_id", "=", pool.id)
      .where("project_id", "=", input.projectId)
      .execute();
  } else {
    await trx
      .insertInto("pool_matches")
      .values({ pool_id: pool.id, project_id: input.projectId, status: result.to, cents: result.cents, reason: input.reason, created_at: now, updated_at: now })
      .execute();
  }
  await trx
    .insertInto("pool_match_events")
    .values({
      pool_id: pool.id,
      project_id: input.projectId,
      actor_id: input.actorId,
      event: event.type,
      from_status: current ? state.status : null,
      to_status: result.to,
      cents: result.cents,
      delta_cents: delta,
      note: input.note ?? null,
      created_at: now,
    })
    .execute();
  return { status: result.to, cents: result.cents, delta };
}

/** Keeps projects.matched_cents equal to the project's matches that hold budget. */
async function refreshProjectMatched(trx: Trx, projectId: string): Promise<void> {
  const row = await trx
    .selectFrom("pool_matches")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("cents"), eb.lit(0)).as("total"))
    .where("project_id", "=", projectId)
    .where("status", "<>", "released")
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("projects")
    .set({ matched_cents: Number(row.total) })
    .where("id", "=", projectId)
    .execute();
}

async function matchesOf(trx: Trx, projectId: string): Promise<Map<string, PoolMatchRow>> {
  const rows = await trx.selectFrom("pool_matches").selectAll().where("project_id", "=", projectId).execute();
  return new Map(rows.map((r) => [r.pool_id, r]));
}

/**
 * Recomputes a live project's matching from the rules (the project row must be locked by the
 * caller). Pools in scope whose period covers `now`, and pools that already match the project.
 */
export async function recomputeMatchingTx(trx: Trx, projectId: string, now: Date): Promise<void> {
  const project = await trx.selectFrom("projects").selectAll().where("id", "=", projectId).executeTakeFirst();
  if (!project || project.status !== "live") return;
  const current = await matchesOf(trx, projectId);
  const candidates = await trx
    .selectFrom("matching_pools as mp")
    .innerJoin("organisations as o", "o.id", "mp.organisation_id")
    .select(["mp.id", "mp.neighbourhood_ids", "mp.categories"])
    .where("o.status", "=", "verified")
    .where("mp.starts_at", "<=", now)
    .where("mp.ends_at", ">", now)
    .execute();
  const mp = toMatchProject(project);
  const ids = new Set<string>(
    candidates.filter((c) => poolCoversProject({ neighbourhoodIds: c.neighbourhood_ids, categories: c.categories }, mp) === null).map((c) => c.id),
  );
  for (const [poolId, m] of current) if (m.status === "committed") ids.add(poolId);
  if (ids.size === 0) return;
  const pools = await lockPools(trx, [...ids]);
  const result = matchFor(
    mp,
    { pledgedCents: project.pledged_cents, backers: project.backer_count },
    pools.map((p) => toMatchPool(p, current.get(p.id))),
    now,
  );
  let changed = false;
  for (const [i, line] of result.pools.entries()) {
    const pool = pools[i]!;
    const existing = current.get(pool.id);
    if (existing && existing.status !== "committed") continue;
    const r = await applyMatchEvent(trx, {
      pool,
      projectId,
      current: existing,
      event: { type: "recompute", cents: line.cents },
      reason: line.reason,
      actorId: null,
      now,
    });
    if (r && "error" in r) throw new Error(`matching ${pool.id}/${projectId}: ${r.error}`);
    if (r) changed = true;
  }
  if (changed) await refreshProjectMatched(trx, projectId);
}

/**
 * The pledge transition effect (app/wiring.server.ts): a change that moves the project's pledged
 * total or backer count recomputes its matching, in the pledge's transaction.
 */
export const matchOnPledgeChange: PledgeTransitionEffect = async (trx, change) => {
  const { pledge, before } = change;
  if (before && before.status === pledge.status && before.amount_cents === pledge.amount_cents) return;
  await recomputeMatchingTx(trx, pledge.project_id, change.now);
};

/**
 * The project transition effect (app/wiring.server.ts): at the deadline a succeeded project's
 * matches become the organisations' obligations, booked in the ledger; a failed or cancelled
 * project's matches are released (and an obligation booked earlier is reversed).
 */
export const settleMatchingWhenProjectEnds: ProjectTransitionEffect = async (trx, change) => {
  // A mark that is no status change (the initiator's "delivered") settles nothing.
  if (change.from === change.to) return;
  const ending = change.to === "failed" || change.to === "cancelled";
  if (change.to !== "succeeded" && !ending) return;
  const current = await matchesOf(trx, change.project.id);
  const open = [...current.values()].filter((m) => m.status === "committed" || (ending && m.status === "obligated"));
  if (open.length === 0) return;
  const pools = await lockPools(
    trx,
    open.map((m) => m.pool_id),
  );
  const organisations = await organisationsOf(
    trx,
    pools.map((p) => p.organisation_id),
  );
  for (const pool of pools) {
    const match = current.get(pool.id)!;
    const org = organisations.get(pool.organisation_id)!;
    const succeed = change.to === "succeeded" && match.cents > 0;
    const event: MatchEvent = succeed ? { type: "project_succeeded" } : { type: "project_ended" };
    const r = await applyMatchEvent(trx, {
      pool,
      projectId: change.project.id,
      current: match,
      event,
      reason: match.reason,
      actorId: change.actorId,
      now: change.now,
      note: `project ${change.to}`,
    });
    if (r && "error" in r) throw new Error(`matching ${pool.id}/${change.project.id}: ${r.error}`);
    const acc = matchingAccounts({ organisationId: org.id, projectId: change.project.id });
    const refs = { projectId: change.project.id, poolId: pool.id, organisationId: org.id, organisationName: org.name };
    if (succeed) {
      await postJournal(trx, {
        kind: "matching.obligated",
        refs,
        entries: [
          { account: acc.organisation, amountCents: -match.cents, book: "commitment" },
          { account: acc.projectMatching, amountCents: match.cents, book: "commitment" },
        ],
        idempotencyKey: `matching:${pool.id}:${change.project.id}:obligated`,
        postedAt: change.now,
      });
      if (pool.fund_organisation_id) {
        // A pool funded from the neighbourhood fund (decision 080): its budget was reserved from the
        // fund's cash when it was created, so the obligation is kept at once, fund → project.
        const obligated = await trx
          .selectFrom("pool_matches")
          .selectAll()
          .where("pool_id", "=", pool.id)
          .where("project_id", "=", change.project.id)
          .executeTakeFirstOrThrow();
        const [lockedPool] = await lockPools(trx, [pool.id]);
        const paid = await payMatchTx(trx, { pool: lockedPool!, match: obligated, reference: "buurtfonds", actorId: null, now: change.now, paymentId: null });
        if (!paid.ok) throw new Error(`matching ${pool.id}/${change.project.id}: paying from the fund: ${paid.error}`);
      } else {
        // With a saved method the organisation pays by charge (app/matching/charges.server.ts), else by transfer.
        await markChargesDueTx(trx, { organisationId: org.id, projectId: change.project.id }, { actorId: null, now: change.now });
      }
    } else if (match.status === "obligated" && match.cents > 0) {
      await postJournal(trx, {
        kind: "matching.released",
        refs,
        entries: [
          { account: acc.projectMatching, amountCents: -match.cents, book: "commitment" },
          { account: acc.organisation, amountCents: match.cents, book: "commitment" },
        ],
        idempotencyKey: `matching:${pool.id}:${change.project.id}:released`,
        postedAt: change.now,
      });
    }
  }
  await refreshProjectMatched(trx, change.project.id);
};

async function organisationsOf(trx: Trx, ids: readonly string[]) {
  const rows = ids.length
    ? await trx
        .selectFrom("organisations")
        .select(["id", "name"])
        .where("id", "in", [...ids])
        .execute()
    : [];
  return new Map(rows.map((r) => [r.id, r]));
}

export type MarkPaidError = "NotFound" | "NotAllowed" | "IllegalTransition" | "NothingToPay" | "ReferenceRequired" | "ChargeInFlight";

/**
 * An admin records that the organisation paid a project's matching by bank transfer: the
 * obligation becomes paid, the money is booked into the project's cash (`matching.paid`). The
 * project row first, then the pool, then the match — the writer's lock order. Refused while a
 * charge on the organisation's saved method may still be moving money (app/matching/charges.server.ts).
 */
export async function markMatchPaid(
  trx: Trx,
  input: { poolId: string; projectId: string; reference: string; actor: { id: string; role: string }; now: Date },
): Promise<{ ok: true } | { ok: false; error: MarkPaidError }> {
  if (input.actor.role !== "admin") return { ok: false, error: "NotAllowed" };
  const locked = await lockMatch(trx, input.poolId, input.projectId);
  if (!locked) return { ok: false, error: "NotFound" };
  if (chargeInFlight(locked.match.charge_state)) return { ok: false, error: "ChargeInFlight" };
  return payMatchTx(trx, { ...locked, reference: input.reference, actorId: input.actor.id, now: input.now, paymentId: null });
}

/** Locks a match in the writer's order (project, pool, match); null when any of them is missing. */
export async function lockMatch(trx: Trx, poolId: string, projectId: string): Promise<{ pool: MatchingPoolRow; match: PoolMatchRow } | null> {
  const project = await trx.selectFrom("projects").select("id").where("id", "=", projectId).forUpdate().executeTakeFirst();
  if (!project) return null;
  const [pool] = await lockPools(trx, [poolId]);
  if (!pool) return null;
  const match = await trx
    .selectFrom("pool_matches")
    .selectAll()
    .where("pool_id", "=", pool.id)
    .where("project_id", "=", project.id)
    .forUpdate()
    .executeTakeFirst();
  return match ? { pool, match } : null;
}

/**
 * An obligation is paid (a bank transfer an admin saw, or a charge the gateway reports succeeded —
 * then `paymentId` names it for the reconciliation): the match becomes paid and `matching.paid`
 * books the promise kept and the money into the project's cash. The caller holds the locks (`lockMatch`).
 */
export async function payMatchTx(
  trx: Trx,
  input: { pool: MatchingPoolRow; match: PoolMatchRow; reference: string; actorId: string | null; now: Date; paymentId: string | null },
): Promise<{ ok: true } | { ok: false; error: MarkPaidError }> {
  const { pool, match } = input;
  const reference = input.reference.trim();
  const r = await applyMatchEvent(trx, {
    pool,
    projectId: match.project_id,
    current: match,
    event: { type: "mark_paid", reference },
    reason: match.reason,
    actorId: input.actorId,
    now: input.now,
    note: reference.slice(0, 200),
    paidReference: reference.slice(0, 140),
  });
  if (!r) return { ok: false, error: "IllegalTransition" };
  if ("error" in r) return { ok: false, error: r.error as MarkPaidError };
  const org = (await organisationsOf(trx, [pool.organisation_id])).get(pool.organisation_id)!;
  const acc = matchingAccounts({ organisationId: org.id, projectId: match.project_id });
  // A pool funded from the neighbourhood fund pays from the fund's cash (decision 080).
  const payer = pool.fund_organisation_id ? acc.fund : acc.organisation;
  await postJournal(trx, {
    kind: "matching.paid",
    refs: {
      projectId: match.project_id,
      poolId: pool.id,
      organisationId: org.id,
      organisationName: org.name,
      ...(input.paymentId ? { paymentId: input.paymentId } : {}),
      ...(pool.fund_organisation_id ? { fund: "true" } : {}),
    },
    entries: [
      // The promise is kept …
      { account: acc.projectMatching, amountCents: -match.cents, book: "commitment" },
      { account: acc.organisation, amountCents: match.cents, book: "commitment" },
      // … and the money arrived in the project's cash.
      { account: payer, amountCents: -match.cents, book: "cash" },
      { account: acc.project, amountCents: match.cents, book: "cash" },
    ],
    idempotencyKey: `matching:${pool.id}:${match.project_id}:paid`,
    postedAt: input.now,
  });
  return { ok: true };
}

/** markMatchPaid in its own transaction (the admin page's one call). */
export async function recordMatchPayment(db: Db, input: Parameters<typeof markMatchPaid>[1]) {
  return db.transaction().execute((trx) => markMatchPaid(trx, input));
}
