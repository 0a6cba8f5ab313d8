import { sql } from "kysely";
import type { Db } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { createPaymentAttemptTx } from "./pledges.server";
import { lockPledge } from "./pledge-writer.server";

/**
 * A moderator refunds one charged pledge, with a reason the backer is shown (issue 10). The refund
 * is a payment attempt like a cancellation's (reason `moderator`, its note and who asked), run by
 * the settlement sweep outside any transaction; when the gateway confirms, the pledge becomes
 * `refunded` through its transition with a reversing journal — never an edit.
 */
export interface RefundablePledge {
  id: string;
  backerName: string;
  amountCents: number;
  chargedAt: Date | null;
  /** A refund already asked for and not finished: its reason. */
  refundPending: string | null;
  status: "charged" | "refunded" | "disputed" | "charged_back";
  refundReason: string | null;
}

export async function listChargedPledgesForModeration(db: Db, projectId: string): Promise<RefundablePledge[]> {
  const rows = await db
    .selectFrom("pledges as pl")
    .innerJoin("users as u", "u.id", "pl.backer_id")
    .select([
      "pl.id",
      "u.display_name",
      "pl.amount_cents",
      "pl.charged_at",
      "pl.status",
      (eb) =>
        eb
          .selectFrom("pledge_payment_attempts as a")
          .select("a.note")
          .whereRef("a.pledge_id", "=", "pl.id")
          .where("a.kind", "=", "refund")
          .where("a.status", "in", ["pending", "processing"])
          .limit(1)
          .as("pending_note"),
      (eb) =>
        eb
          .selectFrom("pledge_payment_attempts as a")
          .select("a.note")
          .whereRef("a.pledge_id", "=", "pl.id")
          .where("a.reason", "=", "moderator")
          .where("a.status", "=", "succeeded")
          .limit(1)
          .as("done_note"),
    ])
    .where("pl.project_id", "=", projectId)
    .where("pl.status", "in", ["charged", "refunded", "disputed", "charged_back"])
    .orderBy("pl.charged_at")
    .orderBy("pl.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    backerName: r.display_name,
    amountCents: r.amount_cents,
    chargedAt: r.charged_at,
    refundPending: r.pending_note ?? null,
    status: r.status as RefundablePledge["status"],
    refundReason: r.done_note ?? null,
  }));
}

export type ModeratorRefundError = "pledges.refund.notCharged" | "pledges.refund.alreadyAsked" | "pledges.refund.paidOut" | "pledges.refund.noPayment";

export async function requestModeratorRefund(
  db: Db,
  input: { projectId: string; pledgeId: string; moderatorId: string; reason: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: ModeratorRefundError }> {
  if (!isUuid(input.pledgeId)) return { ok: false, error: "pledges.refund.notCharged" };
  return db.transaction().execute(async (trx) => {
    // Lock order as everywhere: project, then pledge.
    const project = await trx.selectFrom("projects").select(["id", "status"]).where("id", "=", input.projectId).forUpdate().executeTakeFirst();
    if (!project) return { ok: false as const, error: "pledges.refund.notCharged" as const };
    const pledge = await lockPledge(trx, input.pledgeId);
    if (!pledge || pledge.project_id !== project.id || pledge.status !== "charged") return { ok: false as const, error: "pledges.refund.notCharged" as const };
    // Once paid out the money is the initiator's; a refund then is between them and the backer.
    if (project.status === "paid_out") return { ok: false as const, error: "pledges.refund.paidOut" as const };
    // The same once a payout is on its way (docs/decisions/053): its amount is the project's money.
    const payout = await trx.selectFrom("payouts").select("id").where("project_id", "=", project.id).where("status", "<>", "failed").executeTakeFirst();
    if (payout) return { ok: false as const, error: "pledges.refund.paidOut" as const };
    const open = await trx
      .selectFrom("pledge_payment_attempts")
      .select("id")
      .where("pledge_id", "=", pledge.id)
      .where("kind", "=", "refund")
      .where("status", "in", ["pending", "processing"])
      .executeTakeFirst();
    if (open) return { ok: false as const, error: "pledges.refund.alreadyAsked" as const };
    const charge = await trx
      .selectFrom("pledge_payment_attempts")
      .select(["gateway_ref", "amount_cents"])
      .where("pledge_id", "=", pledge.id)
      .where("kind", "=", "charge")
      .where("status", "=", "succeeded")
      .orderBy("finished_at", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!charge?.gateway_ref) return { ok: false as const, error: "pledges.refund.noPayment" as const };
    await createPaymentAttemptTx(trx, {
      pledge,
      kind: "refund",
      reason: "moderator",
      now: input.now,
      refundOfPayment: charge.gateway_ref,
      amountCents: charge.amount_cents,
      note: input.reason,
      requestedBy: input.moderatorId,
    });
    return { ok: true as const };
  });
}

/** The reason of a moderator's refund of this pledge, for the backer's own pledge page. */
export async function moderatorRefundReason(db: Db, pledgeId: string): Promise<string | null> {
  const row = await db
    .selectFrom("pledge_payment_attempts")
    .select("note")
    .where("pledge_id", "=", pledgeId)
    .where("reason", "=", "moderator")
    .where(sql<boolean>`status in ('pending', 'processing', 'succeeded')`)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.note ?? null;
}
