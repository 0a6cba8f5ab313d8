import type { RecurringGiftPaymentRow, RecurringGiftRow } from "../../db/schema";
import { accounts, move } from "../ledger/ledger";
import { postJournal } from "../ledger/ledger.server";
import { chargeFees, type FeeMethod } from "../payments/fees";
import type { Trx } from "../utils/db.server";
import { targetAccount, targetOf, targetRefs } from "./targets.server";

/**
 * The fees of a paid month (docs/decisions/079-ongoing-payouts.md), booked in the same transaction as
 * its `recurring.paid` journal, with the pledges' rule and journal kinds (decision 054,
 * app/payments/fees.ts `chargeFees`), out of the money of the gift's target — the project's, or the
 * neighbourhood fund's (`organisation_fund:<o>`, decision 080):
 *   fee.processing  project:<p> → gateway:fees    what the provider kept (its figure, else its price list)
 *   fee.platform    project:<p> → platform:fees   the month's rate (recurring_gift_payments.platform_fee_bps)
 * Keys `recurring:<gift>:<period>:fee.<kind>`: a month's fees are booked once, however often its
 * payment is reported. Monthly gifts make no refunds, so nothing is ever returned.
 */
export interface MonthChargeFacts {
  /** What the gateway says it kept; null: not known (the price list is used). */
  feeCents: number | null;
  method: FeeMethod | null;
}

export async function bookMonthFees(
  trx: Trx,
  input: {
    gift: Pick<RecurringGiftRow, "id" | "project_id" | "organisation_id">;
    payment: Pick<RecurringGiftPaymentRow, "period" | "amount_cents" | "platform_fee_bps">;
    paymentId: string;
    charge: MonthChargeFacts;
    now: Date;
  },
): Promise<void> {
  const { gift, payment, paymentId, now } = input;
  const fees = chargeFees({ amountCents: payment.amount_cents, ...input.charge, platformBps: payment.platform_fee_bps });
  const target = targetOf(gift);
  const from = targetAccount(target);
  const refs = { ...targetRefs(target), giftId: gift.id, period: payment.period, paymentId };
  const key = (kind: string) => `recurring:${gift.id}:${payment.period}:${kind}`;
  if (fees.processingCents > 0) {
    await postJournal(trx, {
      kind: "fee.processing",
      memo: fees.estimated ? "estimated from the provider's price list" : "",
      refs,
      entries: move(from, accounts.gatewayFees, fees.processingCents),
      idempotencyKey: key("fee.processing"),
      postedAt: now,
    });
  }
  if (fees.platformCents > 0) {
    await postJournal(trx, {
      kind: "fee.platform",
      refs,
      entries: move(from, accounts.platformFees, fees.platformCents),
      idempotencyKey: key("fee.platform"),
      postedAt: now,
    });
  }
}
