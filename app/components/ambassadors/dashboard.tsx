import { Link } from "@remix-run/react";
import { formatMoney } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";

/** The dashboard's ambassadors (issue 16): who brought how many backers and how much, most first. */
export function AmbassadorsSection({
  ambassadors,
  slug,
}: {
  ambassadors: readonly { ambassadorId: string; displayName: string; backers: number; amountCents: number; showPublicly: boolean }[];
  slug: string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section id="ambassadors" aria-labelledby="ambassadors-dashboard-title" className="card space-y-3 p-6">
      <h2 id="ambassadors-dashboard-title" className="text-xl font-bold">
        {t("ambassadors.dashboard.title")}
      </h2>
      <p className="text-sm text-stone-700">{t("ambassadors.dashboard.intro")}</p>
      {ambassadors.length === 0 ? (
        <p>{t("ambassadors.dashboard.empty")}</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                {t("ambassadors.dashboard.name")}
              </th>
              <th scope="col" className="py-2 text-right">
                {t("ambassadors.dashboard.backers")}
              </th>
              <th scope="col" className="py-2 text-right">
                {t("ambassadors.dashboard.amount")}
              </th>
              <th scope="col" className="py-2 text-right">
                {t("ambassadors.dashboard.shown")}
              </th>
            </tr>
          </thead>
          <tbody>
            {ambassadors.map((a) => (
              <tr key={a.ambassadorId} className="border-b border-stone-200">
                <th scope="row" className="py-2 font-normal">
                  {a.displayName}
                </th>
                <td className="py-2 text-right">{a.backers}</td>
                <td className="py-2 text-right">{formatMoney(a.amountCents, locale)}</td>
                <td className="py-2 text-right">{a.showPublicly ? t("ambassadors.dashboard.yes") : t("ambassadors.dashboard.no")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <Link to={`/projects/${slug}/share`}>{t("ambassadors.dashboard.share")}</Link>
      </p>
    </section>
  );
}
