import { formatMoney } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";

/** The initiator's dashboard of an ongoing project: monthly givers and what they give together each month. */
export function MonthlySection({ monthly }: { monthly: { givers: number; monthlyCents: number } }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card space-y-2 p-6" aria-labelledby="monthly-givers">
      <h2 id="monthly-givers" className="text-xl font-semibold">
        {t("recurring.dashboard.title")}
      </h2>
      <p>{t("recurring.dashboard.summary", { givers: monthly.givers, amount: formatMoney(monthly.monthlyCents, locale) })}</p>
    </section>
  );
}
