import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database, PledgeStatusColumn } from "../../db/schema";
import type { PledgeTransitionEffect } from "../services.server";
import { type AmbassadorTotal, ambassadorTotals, ATTRIBUTION_WINDOW_DAYS, attributePledge } from "./attribution";
import { isShareCode, shareCodeFromBytes, touchDay } from "./share-code";

/**
 * Ambassadors' data (issue 16, docs/decisions/076-ambassadors.md): share codes, touches, the pledge's
 * ambassador, the dashboard's list and the project page's thanks. Executor-first; the pledge writer
 * reaches `creditAmbassadorOnPledge` only through `pledgeTransitionEffects` (app/wiring.server.ts).
 */
type Db = Kysely<Database> | Transaction<Database>;

const DAY = 86_400_000;
/** Pledges an ambassador's totals count: promised or paid, not withdrawn, failed, released or refunded. */
export const COUNTING_STATUSES: readonly PledgeStatusColumn[] = ["active", "processing", "charged"];

/** The member's code for the project, made on first use (a lost race reads the winner's). */
export async function ensureShareCode(db: Db, input: { userId: string; projectId: string; now: Date }): Promise<string> {
  const existing = await getShareCode(db, input);
  if (existing) return existing.code;
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await db
      .insertInto("share_codes")
      .values({ code: shareCodeFromBytes(randomBytes(10)), user_id: input.userId, project_id: input.projectId, created_at: input.now, updated_at: input.now })
      .onConflict((oc) => oc.doNothing())
      .returning("code")
      .executeTakeFirst();
    if (inserted) return inserted.code;
    const raced = await getShareCode(db, input);
    if (raced) return raced.code;
    // Else the random code itself was taken (one in 2^50): draw again.
  }
  throw new Error("could not draw a free share code");
}

export async function getShareCode(db: Db, input: { userId: string; projectId: string }): Promise<{ code: string; showPublicly: boolean } | null> {
  const row = await db
    .selectFrom("share_codes")
    .select(["code", "show_publicly"])
    .where("user_id", "=", input.userId)
    .where("project_id", "=", input.projectId)
    .executeTakeFirst();
  return row ? { code: row.code, showPublicly: row.show_publicly } : null;
}

/** The ambassador's opt-in to be thanked by name on the project page (default off). */
export async function setShowPublicly(db: Db, input: { userId: string; projectId: string; show: boolean; now: Date }): Promise<void> {
  await ensureShareCode(db, input);
  await db
    .updateTable("share_codes")
    .set({ show_publicly: input.show, updated_at: input.now })
    .where("user_id", "=", input.userId)
    .where("project_id", "=", input.projectId)
    .execute();
}

/**
 * A visit through a share link: one touch per visitor, code and day (later visits that day record
 * nothing). Unknown codes and another project's codes are ignored. Returns whether the code was
 * this project's (the page then keeps it in its cookie).
 */
export async function recordTouch(
  db: Db,
  input: { code: string; projectId: string; visitorId: string; userId: string | null; now: Date },
): Promise<{ known: boolean; recorded: boolean }> {
  if (!isShareCode(input.code)) return { known: false, recorded: false };
  const owner = await db
    .selectFrom("share_codes")
    .select("user_id")
    .where("code", "=", input.code)
    .where("project_id", "=", input.projectId)
    .executeTakeFirst();
  if (!owner) return { known: false, recorded: false };
  // One's own link is no visit worth recording (it would never credit oneself anyway).
  if (owner.user_id === input.userId) return { known: true, recorded: false };
  const row = await db
    .insertInto("share_touches")
    .values({
      code: input.code,
      project_id: input.projectId,
      visitor_id: input.visitorId,
      user_id: input.userId,
      day: touchDay(input.now),
      created_at: input.now,
    })
    .onConflict((oc) => oc.columns(["visitor_id", "code", "day"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return { known: true, recorded: row !== undefined };
}

/** After sign-up or login: this browser's touches (by its visitor id) become the member's. */
export async function claimVisitorTouches(db: Db, input: { visitorId: string; userId: string }): Promise<number> {
  const rows = await db
    .updateTable("share_touches")
    .set({ user_id: input.userId })
    .where("visitor_id", "=", input.visitorId)
    .where("user_id", "is", null)
    .returning("id")
    .execute();
  return rows.length;
}

/**
 * The pledge's ambassador, decided once when the pledge is made ("saved": a pledge that came through
 * a link). In the pledge's transaction; the backer's touches for this project within the window,
 * last touch wins, never oneself (attribution.ts). Later changes keep what was decided.
 */
export const creditAmbassadorOnPledge: PledgeTransitionEffect = async (trx, change) => {
  if (change.before !== null || change.event !== "saved") return;
  const { pledge, now } = change;
  const since = new Date(now.getTime() - ATTRIBUTION_WINDOW_DAYS * DAY);
  const touches = await trx
    .selectFrom("share_touches as t")
    .innerJoin("share_codes as c", "c.code", "t.code")
    .select(["t.code", "c.user_id as ambassadorId", "t.project_id as projectId", "t.created_at as at"])
    .where("t.user_id", "=", pledge.backer_id)
    .where("t.project_id", "=", pledge.project_id)
    .where("t.created_at", ">=", since)
    .where("t.created_at", "<=", now)
    .execute();
  const ambassadorId = attributePledge({ backerId: pledge.backer_id, projectId: pledge.project_id, pledgedAt: now, touches });
  if (!ambassadorId) return;
  const latest = touches.filter((t) => t.ambassadorId === ambassadorId).sort((a, b) => b.at.getTime() - a.at.getTime())[0]!;
  await trx
    .insertInto("pledge_ambassadors")
    .values({ pledge_id: pledge.id, ambassador_user_id: ambassadorId, code: latest.code, attributed_at: now })
    .onConflict((oc) => oc.column("pledge_id").doNothing())
    .execute();
};

export interface AmbassadorRow extends AmbassadorTotal {
  displayName: string;
  /** The ambassador agreed to be thanked by name on the project page (and is not suspended). */
  showPublicly: boolean;
}

/** The dashboard's list: who brought how many backers and how much (counting pledges only). */
export async function listProjectAmbassadors(db: Db, projectId: string): Promise<AmbassadorRow[]> {
  const rows = await db
    .selectFrom("pledge_ambassadors as a")
    .innerJoin("pledges as p", "p.id", "a.pledge_id")
    .select(["a.ambassador_user_id as ambassadorId", "p.backer_id as backerId", "p.amount_cents as amountCents", "p.status"])
    .where("p.project_id", "=", projectId)
    .execute();
  const totals = ambassadorTotals(rows.map((r) => ({ ...r, counts: COUNTING_STATUSES.includes(r.status) })));
  if (totals.length === 0) return [];
  const people = await db
    .selectFrom("users as u")
    .leftJoin("share_codes as c", (j) => j.onRef("c.user_id", "=", "u.id").on("c.project_id", "=", projectId))
    .select(["u.id", "u.display_name", "u.suspended_at", "c.show_publicly"])
    .where(
      "u.id",
      "in",
      totals.map((t) => t.ambassadorId),
    )
    .execute();
  const byId = new Map(people.map((p) => [p.id, p]));
  return totals.map((t) => ({
    ...t,
    displayName: byId.get(t.ambassadorId)?.display_name ?? "",
    showPublicly: Boolean(byId.get(t.ambassadorId)?.show_publicly) && !byId.get(t.ambassadorId)?.suspended_at,
  }));
}

/** The project page's thanks: the top ambassadors who agreed to be shown, by name only (no amounts). */
export async function listThankedAmbassadors(db: Db, projectId: string, limit = 5): Promise<{ displayName: string; backers: number }[]> {
  const all = await listProjectAmbassadors(db, projectId);
  return all
    .filter((a) => a.showPublicly && a.displayName)
    .slice(0, limit)
    .map((a) => ({ displayName: a.displayName, backers: a.backers }));
}
