import { Link } from "@remix-run/react";
import { formatDate, formatMoney } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import type { MyGiftView } from "../../recurring/views";
import { GiftStatusBadge } from "./gift-status";

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** "Mijn steun": the giver's monthly gifts, each with its status and a link to manage it. */
export function MyMonthlyGifts({ gifts, startedGift }: { gifts: readonly (MyGiftView | Jsonified<MyGiftView>)[]; startedGift: string | null }) {
  const t = useT();
  const locale = useLocale();
  if (gifts.length === 0) return null;
  return (
    <section className="space-y-3" aria-labelledby="monthly-gifts">
      <h2 id="monthly-gifts" className="text-xl font-semibold">
        {t("recurring.mine.title")}
      </h2>
      {startedGift && gifts.some((g) => g.id === startedGift && g.status === "pending") ? (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-amber-900">
          {t("recurring.mine.started")}
        </p>
      ) : null}
      <ul className="space-y-3">
        {gifts.map((g) => (
          <li key={g.id} className="card space-y-2 p-4 text-sm">
            <p className="flex flex-wrap items-baseline justify-between gap-3">
              <span>
                {g.targetKind === "fund" ? <span className="mr-2 text-xs font-semibold uppercase text-emerald-800">{t("fund.mine.kind")}</span> : null}
                <Link to={g.targetPath} className="font-medium">
                  {g.targetTitle}
                </Link>
              </span>
              <span className="shrink-0 tabular-nums">{t("recurring.mine.perMonth", { amount: formatMoney(g.amountCents, locale) })}</span>
            </p>
            <p className="flex flex-wrap items-center gap-2">
              <GiftStatusBadge status={g.status} />
              {g.nextChargeAt && g.status !== "cancelled" ? (
                <span className="text-stone-700">{t("recurring.mine.next", { date: formatDate(g.nextChargeAt, locale) })}</span>
              ) : null}
            </p>
            <p className="flex flex-wrap gap-2">
              {g.fixable ? (
                <Link to={`/me/monthly/${g.id}/fix`} className="btn-primary px-3 py-1">
                  {t("recurring.fix.link")}
                </Link>
              ) : null}
              <Link to={`/me/monthly/${g.id}`} className="btn-secondary px-3 py-1" aria-label={`${t("recurring.mine.manage")}: ${g.targetTitle}`}>
                {t("recurring.mine.manage")}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
