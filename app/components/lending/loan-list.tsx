import { Link } from "@remix-run/react";
import { ResponsiveImage } from "../ui/responsive-image";
import type { LoanSummary } from "../../lending/views";
import { formatDateTime, formatShortDate } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import { LoanStateBadge } from "./state-badge";

/** A list of loans for My items / My loans. Dates arrive as strings over the wire. */
export function LoanList({ loans, empty }: { loans: (Omit<LoanSummary, "expiresAt"> & { expiresAt: string | Date })[]; empty: string }) {
  const t = useT();
  const locale = useLocale();
  if (loans.length === 0) return <p className="text-stone-700">{empty}</p>;
  return (
    <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
      {loans.map((loan) => (
        <li key={loan.id} className="flex items-center gap-4 p-4">
          {loan.item.photo ? (
            <ResponsiveImage image={loan.item.photo} alt="" sizes="80px" width={80} height={60} className="h-15 w-20 rounded object-cover" />
          ) : null}
          <div className="min-w-0 flex-1">
            <p className="font-semibold">
              <Link to={`/loans/${loan.id}`}>{loan.item.title}</Link> <LoanStateBadge state={loan.state} />
              {loan.awaitingViewer ? <span className="ml-2 text-xs font-semibold text-amber-800">{t("lending.loan.yourTurn")}</span> : null}
            </p>
            <p className="text-sm text-stone-700">
              {t("lending.loan.dates", {
                from: formatShortDate(`${loan.startsOn}T12:00:00Z`, locale),
                to: formatShortDate(`${loan.endsOn}T12:00:00Z`, locale),
              })}{" "}
              · {t("lending.loan.with", { name: loan.otherPartyName })}
              {loan.forProject ? ` · ${t("lending.loan.forProject")}` : ""}
              {loan.initiatedBy === "owner" ? ` · ${t("lending.loan.offer")}` : ""}
            </p>
            {loan.awaitingViewer ? (
              <p className="text-sm text-stone-700">{t("lending.loan.answerBy", { date: formatDateTime(loan.expiresAt, locale) })}</p>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
