import { formatMoney } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";

/**
 * The funding plan as a table: budget lines and their total. With `goalCents` (the review page)
 * the goal gets its own row, in red when the lines do not add up to it.
 */
export function FundingPlanTable({
  lines,
  totalCents,
  goalCents,
}: {
  lines: { description: string; amountCents: number }[];
  totalCents: number;
  goalCents?: number;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <table className="mt-3 w-full text-left">
      <thead>
        <tr className="border-b border-stone-300 text-sm">
          <th scope="col" className="py-2">
            {t("projects.plan.description")}
          </th>
          <th scope="col" className="py-2 text-right">
            {t("projects.plan.amount")}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr key={i} className="border-b border-stone-200">
            <td className="py-2">{l.description}</td>
            <td className="py-2 text-right tabular-nums">{formatMoney(l.amountCents, locale)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="font-semibold">
          <th scope="row" className="py-2">
            {t("projects.plan.total")}
          </th>
          <td className="py-2 text-right tabular-nums">{formatMoney(totalCents, locale)}</td>
        </tr>
        {goalCents !== undefined ? (
          <tr>
            <th scope="row" className="py-2 font-normal">
              {t("projects.field.goal")}
            </th>
            <td className={`py-2 text-right tabular-nums ${totalCents === goalCents ? "" : "font-semibold text-red-700"}`}>{formatMoney(goalCents, locale)}</td>
          </tr>
        ) : null}
      </tfoot>
    </table>
  );
}
