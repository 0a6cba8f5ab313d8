import type { PledgeRow } from "../../db/schema";
import { accounts, move } from "../ledger/ledger";
import { getJournalByKey, listJournals, postJournal, reverseJournal } from "../ledger/ledger.server";
import { chargeFees, type FeeMethod } from "../payments/fees";
import type { Db, Trx } from "../utils/db.server";

/**
 * The fees of a pledge's charge, booked as their own journals when the charge succeeds (issue 10,
 * docs/decisions/054-fees.md), out of the project's money:
 *   fee.processing  project:<p> → gateway:fees    what the provider kept (its figure when it gives one, else its price list)
 *   fee.platform    project:<p> → platform:fees   the rate the backer was shown when pledging (pledges.platform_fee_bps)
 * When the money goes back to the backer (a refund, a lost dispute) the platform returns its fee and
 * bears the provider's, so the project is whole again:
 *   fee.platform.reversal          the platform fee journal, reversed
 *   fee.processing_absorbed        platform:fees → project:<p>
 */
export interface ChargeFacts {
  paymentId: string;
  amountCents: number;
  /** What the gateway says it kept; null: not known (the price list is used). */
  feeCents: number | null;
  method: FeeMethod | null;
}

const keyOf = (pledgeId: string, kind: string, paymentId: string) => `pledge:${pledgeId}:${kind}:${paymentId}`;

export async function bookChargeFees(trx: Trx, pledge: PledgeRow, charge: ChargeFacts, now: Date): Promise<void> {
  const refs = { projectId: pledge.project_id, pledgeId: pledge.id, paymentId: charge.paymentId };
  const { processingCents: processing, platformCents: platform } = chargeFees({ ...charge, platformBps: pledge.platform_fee_bps });
  if (processing > 0) {
    await postJournal(trx, {
      kind: "fee.processing",
      memo: charge.feeCents === null ? "estimated from the provider's price list" : "",
      refs,
      entries: move(accounts.project(pledge.project_id), accounts.gatewayFees, processing),
      idempotencyKey: keyOf(pledge.id, "fee.processing", charge.paymentId),
      postedAt: now,
    });
  }
  if (platform > 0) {
    await postJournal(trx, {
      kind: "fee.platform",
      refs,
      entries: move(accounts.project(pledge.project_id), accounts.platformFees, platform),
      idempotencyKey: keyOf(pledge.id, "fee.platform", charge.paymentId),
      postedAt: now,
    });
  }
}

/** The money of a charge went back to the backer: the project gets its fees back (see above). */
export async function returnChargeFees(trx: Trx, pledge: PledgeRow, paymentId: string, now: Date): Promise<void> {
  const platform = await getJournalByKey(trx, keyOf(pledge.id, "fee.platform", paymentId));
  if (platform) {
    await reverseJournal(trx, {
      journalId: platform.id,
      idempotencyKey: `${platform.idempotencyKey}:returned`,
      postedAt: now,
      memo: "the payment went back to the backer",
    });
  }
  const processing = await getJournalByKey(trx, keyOf(pledge.id, "fee.processing", paymentId));
  const kept = processing?.entries.find((e) => e.account === accounts.gatewayFees)?.amountCents ?? 0;
  if (processing && kept > 0) {
    await postJournal(trx, {
      kind: "fee.processing_absorbed",
      memo: "the provider keeps its fee; the platform bears it",
      refs: { projectId: pledge.project_id, pledgeId: pledge.id, paymentId },
      entries: move(accounts.platformFees, accounts.project(pledge.project_id), kept),
      idempotencyKey: keyOf(pledge.id, "fee.processing_absorbed", paymentId),
      postedAt: now,
    });
  }
}

export interface PledgeFeeSummary {
  /** What the provider kept of this pledge's charges. */
  processingCents: number;
  /** The platform's fee, net of what it returned. */
  platformCents: number;
  /** Fees the project got back because the money went back to the backer. */
  returnedCents: number;
}

/** The fees booked for one pledge, from its journals (for the backer's receipt). */
export async function pledgeFeeSummary(db: Db, pledgeId: string): Promise<PledgeFeeSummary> {
  const journals = (await listJournals(db, { refs: { pledgeId } })).filter((j) => j.kind.startsWith("fee."));
  const into = (kind: string, account: string) =>
    journals
      .filter((j) => j.kind === kind)
      .flatMap((j) => j.entries)
      .filter((e) => e.account === account && e.book === "cash")
      .reduce((sum, e) => sum + e.amountCents, 0);
  const processing = into("fee.processing", accounts.gatewayFees);
  const platformTaken = into("fee.platform", accounts.platformFees);
  const platformReturned = 0 - into("fee.platform.reversal", accounts.platformFees);
  const absorbed = 0 - into("fee.processing_absorbed", accounts.platformFees);
  return { processingCents: processing, platformCents: platformTaken - platformReturned, returnedCents: platformReturned + absorbed };
}
