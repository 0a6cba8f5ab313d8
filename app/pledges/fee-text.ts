import { formatMoney } from "../i18n/format";
import type { Locale, MessageKey, Translate } from "../i18n/i18n";
import { chargeMethod, type FeeMethod, type FeeSchedule, feesFor } from "../payments/fees";

/**
 * What the pledge form says a pledge costs before the backer commits (issue 10, decision 054):
 * "Met een kaart: van je € 25,00 gaat € 24,37 naar het project (€ 0,63 betaalkosten)." Pure and
 * browser-safe, so the text follows the amount as it is typed; the server books the same figures
 * (app/payments/fees.ts).
 */
export type MethodChoice = "card" | "sepa_debit" | "new";

export interface FeeLine {
  via: FeeMethod;
  amountCents: number;
  processingCents: number;
  platformCents: number;
  toProjectCents: number;
}

/** A saved method is charged as itself; "a new card or iDEAL" could be either, so both are shown. */
export function feeLinesFor(
  amountCents: number,
  choice: MethodChoice,
  fundingModel: "all_or_nothing" | "keep_what_you_raise" | "community_loan" | "ongoing",
  schedule: FeeSchedule,
): FeeLine[] {
  const methods: FeeMethod[] = choice === "new" ? ["card", chargeMethod("ideal", fundingModel)] : [chargeMethod(choice, fundingModel)];
  return methods.map((via) => ({ via, ...feesFor(amountCents, via, schedule) }));
}

const viaKey: Record<FeeMethod, MessageKey> = {
  card: "pledges.fee.via.card",
  sepa_debit: "pledges.fee.via.sepa_debit",
  ideal: "pledges.fee.via.ideal",
};

export function feeSentence(line: FeeLine, t: Translate, locale: Locale): string {
  const money = (cents: number) => formatMoney(cents, locale);
  const parts: string[] = [];
  if (line.processingCents > 0) parts.push(t("pledges.fee.processing", { amount: money(line.processingCents) }));
  if (line.platformCents > 0) parts.push(t("pledges.fee.platform", { amount: money(line.platformCents) }));
  return t("pledges.fee.line", {
    via: t(viaKey[line.via]),
    amount: money(line.amountCents),
    toProject: money(line.toProjectCents),
    fees: parts.length ? parts.join(" + ") : t("pledges.fee.none"),
  });
}
