import type { GatewayDispute } from "../payments/gateway";
import type { Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { returnChargeFees } from "./fees.server";
import type { PledgeEvent } from "./pledge";
import { applyPledgeEventTx, lockPledge } from "./pledge-writer.server";

/**
 * A backer's bank disputed a pledge's charge (a chargeback). While the dispute is open the money
 * is withdrawn (`disputed`, cash at gateway:disputes); won → `charged` again; lost → `charged_back`
 * (the money went back to the backer). Each step is one pledge event with its journal. Order-
 * tolerant: a closed dispute may arrive before (or without) the opened one; a repeat is a no-op.
 */
export async function applyDisputeTx(
  trx: Trx,
  input: { pledgeId: string | undefined; dispute: GatewayDispute; outcome: "opened" | "won" | "lost"; now: Date },
): Promise<string> {
  const { pledgeId, dispute } = input;
  if (!pledgeId || !isUuid(pledgeId)) return "ignored: no pledge";
  const peek = await trx.selectFrom("pledges").select("project_id").where("id", "=", pledgeId).executeTakeFirst();
  if (!peek) return "ignored: unknown pledge";
  // Lock order as everywhere: project, then pledge.
  await trx.selectFrom("projects").select("id").where("id", "=", peek.project_id).forUpdate().executeTakeFirstOrThrow();
  const pledge = (await lockPledge(trx, pledgeId))!;
  const event: PledgeEvent =
    input.outcome === "opened" ? { type: "dispute_open" } : input.outcome === "won" ? { type: "dispute_won" } : { type: "dispute_lost" };
  const already =
    (input.outcome === "opened" && (pledge.status === "disputed" || pledge.status === "charged_back")) ||
    (input.outcome === "won" && pledge.status === "charged") ||
    (input.outcome === "lost" && pledge.status === "charged_back");
  if (already) return `ignored: pledge is already ${pledge.status}`;
  const r = await applyPledgeEventTx(trx, {
    pledge,
    event,
    actorId: null,
    now: input.now,
    note: `dispute ${dispute.id} (${dispute.reason})`.slice(0, 1000),
    refs: { paymentId: dispute.paymentId, disputeId: dispute.id },
  });
  // Charged back: the money went back to the backer, so the project gets its fees back (fees.server.ts).
  if (r.ok && r.pledge.status === "charged_back") await returnChargeFees(trx, r.pledge, dispute.paymentId, input.now);
  return r.ok ? `pledge.${r.pledge.status}` : `ignored: a dispute ${input.outcome} for a ${pledge.status} pledge`;
}
