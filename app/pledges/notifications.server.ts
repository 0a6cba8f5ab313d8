import type { PledgeRow } from "../../db/schema";
import { notify } from "../notifications/notify.server";
import type { Trx } from "../utils/db.server";
import { initiatorBackerName, type PledgeEventType } from "./pledge";

/**
 * Who hears what about pledges (docs/decisions/010-notifications-outbox.md for the outbox; the
 * kinds and their texts live in app/notifications). Always inside the transaction of the change: a
 * rollback sends nothing. Dedupe keys carry the event row's id, so a retried transaction never
 * notifies twice.
 */
/** The backer hears about their pledge's money: saved, charged, failed (with the fix link), dropped, released, refunded. */
export async function notifyPledgeTransition(
  trx: Trx,
  change: { pledge: PledgeRow; before: PledgeRow | null; event: "saved" | PledgeEventType; eventId: number; note?: string },
): Promise<void> {
  const { pledge, before } = change;
  if (before && before.status === pledge.status) return;
  // A bank dispute is between the backer and their bank; a won one is no new charge.
  if (change.event === "dispute_open" || change.event === "dispute_won" || change.event === "dispute_lost") return;
  const project = await trx.selectFrom("projects").select(["slug", "title"]).where("id", "=", pledge.project_id).executeTakeFirstOrThrow();
  const data = { pledgeId: pledge.id, projectSlug: project.slug, projectTitle: project.title, amountCents: pledge.amount_cents };
  const dedupeKey = `pledge:${pledge.id}:${change.eventId}`;
  const userId = pledge.backer_id;
  switch (pledge.status) {
    case "active":
      if (!before) {
        await notify(trx, { userId, kind: "pledge.saved", data, dedupeKey });
        await notifyInitiatorOfBacker(trx, pledge, project, dedupeKey);
      }
      return;
    case "charged":
      await notify(trx, { userId, kind: "pledge.charged", data, dedupeKey });
      return;
    case "payment_failed":
      if (!pledge.fix_until) return;
      await notify(trx, {
        userId,
        kind: "pledge.payment_failed",
        data: { ...data, fixPath: `/me/pledges/${pledge.id}/fix`, fixUntil: pledge.fix_until.toISOString() },
        dedupeKey,
      });
      return;
    case "dropped":
      await notify(trx, { userId, kind: "pledge.dropped", data, dedupeKey });
      return;
    case "released":
      await notify(trx, { userId, kind: "pledge.released", data, dedupeKey });
      return;
    case "refunded":
      await notify(trx, { userId, kind: "pledge.refunded", data: change.note ? { ...data, reason: change.note.slice(0, 500) } : data, dedupeKey });
      return;
    case "processing":
    case "cancelled":
      // The backer did it themselves, or nothing is decided yet.
      return;
    case "disputed":
    case "charged_back":
      // The backer's own bank dispute: they started it and their bank tells them the outcome.
      return;
    default: {
      const never: never = pledge.status;
      throw new Error(`Unknown status ${String(never)}`);
    }
  }
}

/**
 * The initiator hears of each new backer (issue 13 §17), by the name the backer allowed the
 * initiator to see ("Een buur" when anonymous), in the "my projects" category they can switch off.
 */
async function notifyInitiatorOfBacker(trx: Trx, pledge: PledgeRow, project: { slug: string; title: string }, dedupeKey: string) {
  const { initiator_id } = await trx.selectFrom("projects").select("initiator_id").where("id", "=", pledge.project_id).executeTakeFirstOrThrow();
  if (initiator_id === pledge.backer_id) return;
  const backer = await trx.selectFrom("users").select("display_name").where("id", "=", pledge.backer_id).executeTakeFirstOrThrow();
  const name = initiatorBackerName(pledge.visibility, backer.display_name);
  await notify(trx, {
    userId: initiator_id,
    kind: "project.new_backer",
    data: { projectSlug: project.slug, projectTitle: project.title, amountCents: pledge.amount_cents, ...(name ? { backerName: name.slice(0, 100) } : {}) },
    dedupeKey: `${dedupeKey}:initiator`,
  });
}
