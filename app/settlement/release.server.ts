import { sql } from "kysely";
import { applyPledgeEventTx } from "../pledges/pledge-writer.server";
import type { ProjectTransitionEffect } from "../services.server";
import type { Trx } from "../utils/db.server";

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
 * A project transition effect (registered in app/wiring.server.ts): when a project fails or is
 * cancelled, its pledges are released in the same transaction; charged ones are refunded by the
 * refund sweep (charges.server.ts), outside any transaction.
 */
export const releasePledgesWhenProjectEnds: ProjectTransitionEffect = async (trx, change) => {
  if (change.to === "failed" || change.to === "cancelled") {
    await releasePledgesOf(trx, change.project.id, change.now);
  }
};
