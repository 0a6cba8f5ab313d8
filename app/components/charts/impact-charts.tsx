import type { Locale } from "../../i18n/i18n";
import { dateTimeFormat } from "../../utils/intl";
import { formatMoney, formatNumber } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import type { ImpactFigure } from "../../utils/neighbourhood-feed";
import { BarChart } from "./bar-chart";

export interface ImpactChartsData {
  months: string[];
  figures: (ImpactFigure & { total: number })[];
}

const intlLocale: Record<Locale, string> = { nl: "nl-NL", en: "en-GB" };

function monthLabels(month: string, locale: Locale) {
  const [y, m] = month.split("-").map(Number) as [number, number];
  // Noon UTC on the 15th: the same month in every time zone.
  const d = new Date(Date.UTC(y, m - 1, 15, 12));
  return {
    short: dateTimeFormat(intlLocale[locale], { month: "short", timeZone: "UTC" }).format(d).replace(".", ""),
    long: dateTimeFormat(intlLocale[locale], { month: "long", year: "numeric", timeZone: "UTC" }).format(d),
  };
}

/** "What we did together": one chart with its table per figure (docs/decisions/073-neighbourhood-pages.md). */
export function ImpactCharts({ impact, idPrefix, headingId, title }: { impact: ImpactChartsData; idPrefix: string; headingId: string; title: string }) {
  const t = useT();
  const locale = useLocale();
  const categories = impact.months.map((m) => monthLabels(m, locale));
  const format = (f: ImpactFigure, v: number, compact: boolean) =>
    f.unit === "cents"
      ? formatMoney(v, locale, { compact })
      : f.unit === "hours"
        ? t("buurt.impact.hoursValue", { hours: formatNumber(v, locale) })
        : formatNumber(v, locale);
  const short = (f: ImpactFigure, v: number) => (f.unit === "hours" ? formatNumber(v, locale) : format(f, v, true));
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-2xl font-bold">
        {title}
      </h2>
      <p className="text-stone-700">{t("buurt.impact.intro")}</p>
      <ul className="grid gap-6 lg:grid-cols-2">
        {impact.figures.map((f) => {
          const values = f.byMonth.map((b) => b.value);
          const figureTitle = t(f.titleKey);
          const max = Math.max(0, ...values);
          return (
            <li key={f.key} className="card min-w-0 space-y-2 p-4" data-figure={f.key}>
              <h3 className="text-lg font-semibold">
                {figureTitle}
                {f.estimate ? (
                  <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-sm font-medium text-amber-950">{t("buurt.impact.estimate")}</span>
                ) : null}
              </h3>
              <p className="text-xl font-bold" data-total={f.total}>
                {t("buurt.impact.total", { value: format(f, f.total, false) })}
              </p>
              <BarChart
                id={`${idPrefix}-${f.key}`}
                title={figureTitle}
                description={t("buurt.impact.chartDesc", {
                  from: categories[0]?.long ?? "",
                  to: categories[categories.length - 1]?.long ?? "",
                  total: format(f, f.total, false),
                  max: format(f, max, false),
                })}
                categories={categories}
                values={values}
                valueLabels={values.map((v) => format(f, v, false))}
                shortValueLabels={values.map((v) => short(f, v))}
                caption={t("buurt.impact.tableCaption", { title: figureTitle })}
                categoryHeader={t("buurt.impact.month")}
                valueHeader={figureTitle}
              />
              {f.noteKey ? <p className="text-sm text-stone-700">{t(f.noteKey)}</p> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
