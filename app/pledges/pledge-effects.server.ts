import type { PledgeRow } from "../../db/schema";
import { postJournal } from "../ledger/ledger.server";
import { notifyPledgeTransition } from "./notifications.server";
import type { PledgeTransitionEffect } from "../services.server";
import type { Trx } from "../utils/db.server";
import { processRegistry } from "../utils/process-registry.server";
import type { PledgeEventType } from "./pledge";
import { pledgeJournalKind, pledgeLedgerEntries } from "./pledge-ledger";

export type PledgeChange = "saved" | PledgeEventType;

/**
 * The registered pledge transition effects (`extensions.pledgeTransitionEffects`). The pledge writer
 * is called from a dozen places (pledging, payment attempts, gateway events, disputes, settlement);
 * threading the list through every one of them and their callers would touch each signature, so the
 * wiring module registers it once when it is loaded (app/wiring.server.ts) — every process and test
 * that has the wiring has the effects (kept per process, not per bundle: app/utils/process-registry.server.ts). A static list of functions, the same in every process, not
 * state (docs/decisions/056-matching-pools.md).
 */
const registeredEffects = processRegistry<PledgeTransitionEffect>("pledgeTransitionEffects");
export function registerPledgeTransitionEffects(effects: readonly PledgeTransitionEffect[]): void {
  registeredEffects.set(effects);
}

/** Gateway references of a payment-related change (stored on the journal). */
export interface PaymentRefs {
  paymentId?: string;
  refundId?: string;
  attemptId?: string;
  disputeId?: string;
}

/**
 * What follows from a pledge change, in the same transaction as the change itself: the ledger
 * journal for the money (or promise) that moved (docs/decisions/034-pledge-ledger-journals.md), and
 * the message to the backer.
 */
export async function onPledgeTransition(
  trx: Trx,
  change: {
    pledge: PledgeRow;
    before: PledgeRow | null;
    event: PledgeChange;
    actorId: string | null;
    now: Date;
    eventId: number;
    refs?: PaymentRefs;
    note?: string;
  },
): Promise<void> {
  const { pledge, before } = change;
  const entries = pledgeLedgerEntries(
    before ? { status: before.status, amountCents: before.amount_cents } : null,
    { status: pledge.status, amountCents: pledge.amount_cents },
    { projectId: pledge.project_id, backerId: pledge.backer_id },
  );
  if (entries.length > 0) {
    await postJournal(trx, {
      kind: pledgeJournalKind(change.event, pledge.status),
      refs: { projectId: pledge.project_id, pledgeId: pledge.id, userId: pledge.backer_id, ...change.refs },
      entries,
      // One journal per pledge event row: a retried transaction posts nothing twice.
      idempotencyKey: `pledge:${pledge.id}:event:${change.eventId}`,
      postedAt: change.now,
    });
  }
  await notifyPledgeTransition(trx, { pledge, before, event: change.event, eventId: change.eventId, note: change.note });
  for (const effect of registeredEffects.get()) {
    await effect(trx, { pledge, before, event: change.event, actorId: change.actorId, now: change.now, eventId: change.eventId });
  }
}
