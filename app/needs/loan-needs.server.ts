import { sql } from "kysely";
import type { LoanTransitionEffect } from "../services.server";
import { lockProject } from "../projects/projects.server";
import type { Db, Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { applyOfferEventTx, type OfferError } from "./offers.server";

/**
 * A material need filled from the lending library (issue 11, docs/needs.md "Things from the
 * library"). An owner who lends an item to a project FOR one of its needs makes an offer on that
 * need that follows the loan, instead of a second thing the initiator must answer:
 *
 *   loan requested  → offer "offered"  (made in the loan's own transaction: `offerLoanForNeed`)
 *   loan accepted   → offer "accepted" (takes a place: the need shows as found when all are taken)
 *   loan declined, expired or cancelled → offer "cancelled" (a taken place is given back)
 *
 * After pickup the offer stays accepted: the thing was found, whatever happens to the loan later.
 * The offer is answered only through its loan (the needs page links to it), so the two never disagree.
 */
export type LoanNeedError = OfferError | "NotAThing";

/** The companion of a lend-to-project loan (lending's `LoanCompanion`): the offer on the chosen need. */
export function offerLoanForNeed(input: {
  projectId: string;
  needId: string;
  ownerId: string;
  itemTitle: string;
  now: Date;
}): (trx: Trx, loanId: string) => Promise<{ error: LoanNeedError } | null> {
  return async (trx, loanId) => {
    if (!isUuid(input.needId)) return { error: "NotFound" };
    const project = await lockProject(trx, input.projectId);
    if (!project) return { error: "NotFound" };
    const need = await trx.selectFrom("project_needs").select(["kind", "project_id"]).where("id", "=", input.needId).executeTakeFirst();
    if (!need || need.project_id !== project.id) return { error: "NotFound" };
    if (need.kind !== "item") return { error: "NotAThing" };
    const r = await applyOfferEventTx(trx, {
      project,
      needId: input.needId,
      userId: input.ownerId,
      event: { type: "offer" },
      actorId: input.ownerId,
      note: input.itemTitle.slice(0, 300),
      now: input.now,
    });
    if (!r.ok) return { error: r.error };
    await trx.updateTable("need_signups").set({ loan_id: loanId }).where("id", "=", r.offer.id).execute();
    return null;
  };
}

const GIVES_UP = new Set(["declined", "expired", "cancelled"]);

/**
 * The registered loan effect (`extensions.loanTransitionEffects`): the linked offer follows its
 * loan. Lock order as every loan event: the loan (by the writer), then the project and the need.
 */
export const followLoanForNeed: LoanTransitionEffect = async (trx, change) => {
  if (change.to !== "accepted" && !GIVES_UP.has(change.to)) return;
  const offer = await trx
    .selectFrom("need_signups as s")
    .innerJoin("project_needs as n", "n.id", "s.need_id")
    .select(["s.id", "s.status", "s.user_id", "s.need_id", "n.project_id"])
    .where("s.loan_id", "=", change.loanId)
    .executeTakeFirst();
  if (!offer) return;
  const project = await lockProject(trx, offer.project_id);
  if (!project) return;
  const base = { project, needId: offer.need_id, userId: offer.user_id, actorId: change.actorId ?? offer.user_id, now: change.now, viaLoan: true };
  if (change.to === "accepted" && offer.status === "offered") {
    const r = await applyOfferEventTx(trx, { ...base, event: { type: "accept" } });
    // The need was filled by someone else in the meantime: the loan still goes ahead (the
    // initiator chose to accept it), but the offer no longer counts as the thing found.
    if (!r.ok) await applyOfferEventTx(trx, { ...base, event: { type: "decline" } });
    return;
  }
  if (GIVES_UP.has(change.to) && (offer.status === "offered" || offer.status === "accepted")) {
    await applyOfferEventTx(trx, { ...base, event: { type: "cancel" } });
  }
};

/** The open material needs of these projects, for the lend-to-project form's choice. */
export async function listOpenThingNeeds(
  db: Db,
  projectIds: readonly string[],
): Promise<{ id: string; projectId: string; title: string; neededOn: string | null; needed: number; filled: number }[]> {
  if (projectIds.length === 0) return [];
  const rows = await db
    .selectFrom("project_needs")
    .select(["id", "project_id", "title", sql<string | null>`to_char(needed_on, 'YYYY-MM-DD')`.as("needed_on"), "needed", "filled"])
    .where("project_id", "in", projectIds)
    .where("kind", "=", "item")
    .where("status", "=", "open")
    .whereRef("filled", "<", "needed")
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    neededOn: r.needed_on,
    needed: r.needed,
    filled: r.filled,
  }));
}
