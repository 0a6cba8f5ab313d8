import { sql } from "kysely";
import type { ProjectRow } from "../../db/schema";
import { applyPledgeEventTx } from "../pledges/pledge-writer.server";
import type { Trx } from "../utils/db.server";
import { notifyProjectTransition } from "./notifications.server";
import type { ProjectStatus } from "./project";

/**
 * Pledges that can be released right now: saved (or failed) and with no payment call in flight.
 * A pledge whose charge is still in flight is settled by the outcome handler instead, which
 * releases or refunds it when it finds the project failed or cancelled.
 */
export async function lockReleasablePledges(trx: Trx, projectId: string, limit?: number) {
  let q = trx
    .selectFrom("pledges as pl")
    .selectAll("pl")
    .where("pl.project_id", "=", projectId)
    .where("pl.status", "in", ["active", "payment_failed"])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("pledge_payment_attempts as a")
            .select(sql`1`.as("one"))
            .whereRef("a.pledge_id", "=", "pl.id")
            .where("a.status", "in", ["pending", "processing"]),
        ),
      ),
    )
    .orderBy("pl.id")
    .forUpdate();
  if (limit) q = q.limit(limit);
  return q.execute();
}

/** Releases every releasable pledge of a failed or cancelled project (same transaction). */
export async function releasePledgesOf(trx: Trx, projectId: string, now: Date): Promise<number> {
  const pledges = await lockReleasablePledges(trx, projectId);
  for (const pledge of pledges) {
    const result = await applyPledgeEventTx(trx, { pledge, event: { type: "release" }, actorId: null, now });
    if (!result.ok) throw new Error(`Could not release pledge ${pledge.id}: ${result.error}`);
  }
  return pledges.length;
}

/**
 * What follows from a project transition, in the same transaction: pledges are released when the
 * project fails or is cancelled (charged ones are refunded by the refund sweep, outside any
 * transaction); people are told.
 */
export async function onProjectTransition(
  trx: Trx,
  change: { project: ProjectRow; from: ProjectStatus; to: ProjectStatus; note: string | null; actorId: string | null; now: Date; eventId: number },
): Promise<void> {
  if (change.to === "failed" || change.to === "cancelled") {
    await releasePledgesOf(trx, change.project.id, change.now);
  }
  await notifyProjectTransition(trx, { project: change.project, to: change.to, note: change.note, eventId: change.eventId });
}
