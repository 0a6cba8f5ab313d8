import { formatMoney } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import type { LoanTermsView } from "../../community-loans/views";
import { ratePercent, ScheduleTable } from "./schedule-table";

/** A loan project's terms, an example schedule and the risk warning (above the lend button). */
export function CommunityLoanBox({
  terms,
  goalCents,
  initiatorName,
  projectTitle,
}: {
  terms: LoanTermsView;
  goalCents: number;
  initiatorName: string;
  projectTitle: string;
}) {
  const t = useT();
  const locale = useLocale();
  const maxPerLender = formatMoney(terms.maxPerLenderCents, locale, { compact: true });
  return (
    <section aria-labelledby="community-loan-heading" className="card space-y-3 p-4" id="community-loan">
      <h2 id="community-loan-heading" className="text-lg font-bold">
        {t("communityLoans.page.heading")}
      </h2>
      <p>
        {t("communityLoans.page.summary", {
          total: formatMoney(goalCents, locale),
          months: String(terms.months),
          rate: ratePercent(terms.annualRateBps, locale),
          method: t(`communityLoans.method.${terms.method}.short`),
        })}
      </p>
      <p className="text-sm text-stone-700">{t("communityLoans.page.noTiers")}</p>
      <p className="text-sm text-stone-700">{t("communityLoans.page.caps", { maxPerLender })}</p>
      <RiskWarning initiatorName={initiatorName} projectTitle={projectTitle} maxPerLender={maxPerLender} />
      <details>
        <summary className="cursor-pointer font-medium">
          {t("communityLoans.page.example", { amount: formatMoney(terms.example.amountCents, locale, { compact: true }) })}
        </summary>
        <div className="mt-2 space-y-2">
          <ScheduleTable
            caption={t("communityLoans.page.example", { amount: formatMoney(terms.example.amountCents, locale, { compact: true }) })}
            rows={terms.example.lines.map((l) => ({
              key: String(l.month),
              n: l.month,
              principalCents: l.principalCents,
              interestCents: l.interestCents,
              amountCents: l.paymentCents,
            }))}
          />
          <p className="text-sm">
            {t("communityLoans.schedule.total")}: <strong>{formatMoney(terms.example.totalCents, locale)}</strong>
          </p>
        </div>
      </details>
    </section>
  );
}

export function RiskWarning({ initiatorName, projectTitle, maxPerLender }: { initiatorName: string; projectTitle: string; maxPerLender: string }) {
  const t = useT();
  return (
    <div role="note" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="risk-warning">
      <p className="font-semibold">{t("communityLoans.risk.heading")}</p>
      <p>{t("communityLoans.risk.text", { initiator: initiatorName, project: projectTitle, maxPerLender })}</p>
    </div>
  );
}
