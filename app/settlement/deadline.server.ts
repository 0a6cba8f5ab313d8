import { applyPledgeEventTx } from "../pledges/pledge-writer.server";
import { applyProjectEventTx } from "../projects/projects.server";
import type { ProjectTransitionEffect } from "../services.server";
import type { Db } from "../utils/db.server";
import { lockReleasablePledges } from "./release.server";

/**
 * Step 1 of settlement (docs/decisions/033-settlement-and-payment-attempts.md): every live project
 * whose deadline has passed becomes succeeded or failed — one project per transaction, locked with
 * SKIP LOCKED so several workers share the work and none waits on another. A failed project's
 * pledges are released in the same transaction. Charging happens afterwards, outside any transaction.
 */
export async function settleDueProjects(db: Db, now: Date, effects: readonly ProjectTransitionEffect[]): Promise<{ succeeded: number; failed: number }> {
  const counts = { succeeded: 0, failed: 0 };
  for (;;) {
    const outcome = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom("projects")
        .select("id")
        .where("status", "=", "live")
        .where("ends_at", "<=", now)
        // Ongoing projects have no deadline (ends_at is null); said here too, for the reader (decision 077).
        .where("funding_model", "<>", "ongoing")
        .orderBy("ends_at")
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due) return null;
      const result = await applyProjectEventTx(
        trx,
        { projectId: due.id, actor: { id: null, role: "system" }, event: { type: "deadline_passed", now }, now },
        effects,
      );
      if (!result.ok) throw new Error(`settling project ${due.id}: ${result.error}`);
      return result.to;
    });
    if (outcome === null) return counts;
    if (outcome === "succeeded") counts.succeeded++;
    else counts.failed++;
  }
}

/**
 * Pledges of failed or cancelled projects that could not be released at the time because a
 * payment call was in flight: once that call has an outcome, they are released here.
 */
export async function releaseLeftoverPledges(db: Db, now: Date): Promise<number> {
  const projects = await db
    .selectFrom("projects as p")
    .select("p.id")
    .where("p.status", "in", ["failed", "cancelled"])
    .where(({ exists, selectFrom }) =>
      exists(selectFrom("pledges as pl").select("pl.id").whereRef("pl.project_id", "=", "p.id").where("pl.status", "in", ["active", "payment_failed"])),
    )
    .execute();
  let released = 0;
  for (const { id } of projects) {
    released += await db.transaction().execute(async (trx) => {
      await trx.selectFrom("projects").select("id").where("id", "=", id).forUpdate().execute();
      const pledges = await lockReleasablePledges(trx, id, 100);
      for (const pledge of pledges) {
        const r = await applyPledgeEventTx(trx, { pledge, event: { type: "release" }, actorId: null, now });
        if (!r.ok) throw new Error(`release ${pledge.id}: ${r.error}`);
      }
      return pledges.length;
    });
  }
  return released;
}

/**
 * Failed payments whose 7-day fix window has closed become dropped, one pledge per transaction.
 * Locks in the usual order (project, then pledge) and re-checks under the lock.
 */
export async function dropExpiredPledges(db: Db, now: Date): Promise<number> {
  let dropped = 0;
  const seen = new Set<string>();
  for (;;) {
    const candidate = await db
      .selectFrom("pledges")
      .select(["id", "project_id"])
      .where("status", "=", "payment_failed")
      .where("fix_until", "<=", now)
      .$if(seen.size > 0, (q) => q.where("id", "not in", [...seen]))
      .orderBy("fix_until")
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return dropped;
    seen.add(candidate.id);
    const done = await db.transaction().execute(async (trx) => {
      await trx.selectFrom("projects").select("id").where("id", "=", candidate.project_id).forUpdate().execute();
      const pledge = await trx
        .selectFrom("pledges")
        .selectAll()
        .where("id", "=", candidate.id)
        .where("status", "=", "payment_failed")
        .where("fix_until", "<=", now)
        .forUpdate()
        .executeTakeFirst();
      if (!pledge) return false;
      const r = await applyPledgeEventTx(trx, { pledge, event: { type: "drop", now }, actorId: null, now });
      if (!r.ok) throw new Error(`drop ${pledge.id}: ${r.error}`);
      return true;
    });
    if (done) dropped++;
  }
}
