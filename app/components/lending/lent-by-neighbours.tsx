import { Link } from "@remix-run/react";
import { ResponsiveImage } from "../ui/responsive-image";
import type { ProjectItemLoan } from "../../lending/views";
import { useLocale, useT } from "../../i18n/use-t";
import { formatShortDay } from "./format";

/**
 * "Lent by neighbours" on a project page. The projects feature loads the data with
 * `listProjectItemLoans(db, projectId)` (app/lending/pages.server.ts) and renders this.
 */
export function LentByNeighbours({ loans, headingLevel = 2 }: { loans: ProjectItemLoan[]; headingLevel?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby="lent-by-neighbours" className="space-y-3">
      <Heading id="lent-by-neighbours" className="text-xl font-bold">
        {t("lending.project.lentByNeighbours")}
      </Heading>
      {loans.length === 0 ? (
        <p className="text-stone-700">{t("lending.project.none")}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {loans.map((loan) => (
            <li key={loan.loanId} className="card flex items-center gap-3 p-3">
              {loan.item.photo ? (
                <ResponsiveImage image={loan.item.photo} alt="" sizes="80px" width={80} height={60} className="h-15 w-20 rounded object-cover" />
              ) : null}
              <div>
                <p className="font-semibold">
                  <Link to={`/items/${loan.item.id}`}>{loan.item.title}</Link>
                </p>
                <p className="text-sm text-stone-700">
                  {t("lending.project.item", { name: loan.ownerName, from: formatShortDay(loan.startsOn, locale), to: formatShortDay(loan.endsOn, locale) })}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
