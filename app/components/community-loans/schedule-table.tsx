import { formatDate, formatMoney } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";

export interface ScheduleRow {
  key: string;
  n: number;
  dueOn?: string;
  status?: "due" | "late" | "paid";
  principalCents: number;
  interestCents: number;
  amountCents: number;
}

/** A repayment schedule as a table that scrolls inside itself on a phone (never the page). */
export function ScheduleTable({ rows, caption }: { rows: readonly ScheduleRow[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  const withDates = rows.some((r) => r.dueOn);
  const withStatus = rows.some((r) => r.status);
  return (
    <div className="max-h-96 overflow-auto rounded-lg border border-stone-200" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-stone-50 text-left">
          <tr>
            <th scope="col" className="p-2">
              {withDates ? t("communityLoans.schedule.n") : t("communityLoans.schedule.month")}
            </th>
            {withDates ? (
              <th scope="col" className="p-2">
                {t("communityLoans.schedule.due")}
              </th>
            ) : null}
            <th scope="col" className="p-2 text-right">
              {t("communityLoans.schedule.principal")}
            </th>
            <th scope="col" className="p-2 text-right">
              {t("communityLoans.schedule.interest")}
            </th>
            <th scope="col" className="p-2 text-right">
              {t("communityLoans.schedule.payment")}
            </th>
            {withStatus ? (
              <th scope="col" className="p-2">
                {t("communityLoans.schedule.status")}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-stone-100" data-testid={`installment-${r.n}`}>
              <td className="p-2">{r.n}</td>
              {withDates ? <td className="p-2 whitespace-nowrap">{r.dueOn ? formatDate(r.dueOn, locale) : ""}</td> : null}
              <td className="p-2 text-right whitespace-nowrap">{formatMoney(r.principalCents, locale)}</td>
              <td className="p-2 text-right whitespace-nowrap">{formatMoney(r.interestCents, locale)}</td>
              <td className="p-2 text-right whitespace-nowrap">{formatMoney(r.amountCents, locale)}</td>
              {withStatus ? (
                <td className={`p-2 ${r.status === "late" ? "font-semibold text-red-700" : ""}`}>{r.status ? t(`communityLoans.status.${r.status}`) : ""}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "2%" / "1,5%" in the reader's language. */
export function ratePercent(bps: number, locale: "nl" | "en"): string {
  return `${(bps / 100).toLocaleString(locale === "nl" ? "nl-NL" : "en-GB", { maximumFractionDigits: 2 })}%`;
}
