import type { PoolMatchRow } from "../../db/schema";
import type { Trx } from "../utils/db.server";
import { type MatchChargeEvent, type MatchChargeState, transitionMatchCharge } from "./match-charge";

/**
 * The one writer of a match's charge state (match-charge.ts), for the settlement effect, the
 * charging job and the gateway's events. The caller holds the match row's lock. Every change
 * leaves a pool_match_events row (`charge_<event>`, the match's status unchanged, the state in the note).
 */
export async function applyChargeEventTx(
  trx: Trx,
  match: Pick<PoolMatchRow, "pool_id" | "project_id" | "status" | "cents" | "charge_state">,
  event: MatchChargeEvent,
  input: { actorId: string | null; now: Date; paymentId?: string | null; failure?: string | null; attempts?: number },
): Promise<{ ok: true; to: MatchChargeState; changed: boolean } | { ok: false; error: "IllegalTransition" }> {
  const r = transitionMatchCharge(match.charge_state, event);
  if (!r.ok || !r.changed) return r;
  await trx
    .updateTable("pool_matches")
    .set({
      charge_state: r.to,
      charge_updated_at: input.now,
      ...(input.paymentId !== undefined ? { charge_payment_id: input.paymentId } : {}),
      ...(input.failure !== undefined ? { charge_failure: input.failure?.slice(0, 100) ?? null } : {}),
      ...(input.attempts !== undefined ? { charge_attempts: input.attempts } : {}),
    })
    .where("pool_id", "=", match.pool_id)
    .where("project_id", "=", match.project_id)
    .execute();
  await trx
    .insertInto("pool_match_events")
    .values({
      pool_id: match.pool_id,
      project_id: match.project_id,
      actor_id: input.actorId,
      event: `charge_${event}`,
      from_status: match.status,
      to_status: match.status,
      cents: match.cents,
      delta_cents: 0,
      note: [`charge ${match.charge_state ?? "none"} → ${r.to}`, input.paymentId, input.failure].filter(Boolean).join(" · ").slice(0, 200),
      created_at: input.now,
    })
    .execute();
  return r;
}

/**
 * An organisation's obligations become due for a charge when it has a saved method: at the
 * project's success (the settlement effect), or when an admin saves a new method after a charge
 * failed. Matches are locked here, after the caller's project and pool locks where it holds them.
 */
export async function markChargesDueTx(
  trx: Trx,
  scope: { organisationId: string; projectId?: string },
  input: { actorId: string | null; now: Date },
): Promise<number> {
  const method = await trx
    .selectFrom("organisation_payment_methods")
    .select("organisation_id")
    .where("organisation_id", "=", scope.organisationId)
    .where("payment_method_id", "is not", null)
    .executeTakeFirst();
  if (!method) return 0;
  let q = trx
    .selectFrom("pool_matches as m")
    .innerJoin("matching_pools as mp", "mp.id", "m.pool_id")
    .select(["m.pool_id", "m.project_id", "m.status", "m.cents", "m.charge_state"])
    .where("mp.organisation_id", "=", scope.organisationId)
    .where("m.status", "=", "obligated")
    .where("m.cents", ">", 0)
    .where((eb) => eb.or([eb("m.charge_state", "is", null), eb("m.charge_state", "=", "failed")]));
  if (scope.projectId) q = q.where("m.project_id", "=", scope.projectId);
  const rows = await q.orderBy("m.pool_id").orderBy("m.project_id").forUpdate("m").execute();
  let n = 0;
  for (const m of rows) {
    const r = await applyChargeEventTx(trx, m, "due", { ...input, failure: null });
    if (r.ok && r.changed) n++;
  }
  return n;
}
