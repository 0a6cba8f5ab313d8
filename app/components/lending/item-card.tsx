import { Link } from "@remix-run/react";
import { ResponsiveImage } from "../ui/responsive-image";
import type { ItemCard as Card } from "../../lending/views";
import { formatMoney } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";

/** How wide a card is in the items grid (app/routes/items._index.tsx: 1, 2, then 4 columns in 72rem). */
export const ITEM_CARD_SIZES = "(min-width: 1024px) 17rem, (min-width: 640px) 50vw, 100vw";

/** One item in the grid: photo, title, where, and the terms that matter at a glance. */
export function ItemCard({ item }: { item: Card }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li className="card flex flex-col overflow-hidden">
      {item.photo ? (
        <ResponsiveImage
          image={item.photo}
          alt={t("lending.card.photoOf", { title: item.title })}
          sizes={ITEM_CARD_SIZES}
          className="aspect-[4/3] w-full object-cover"
        />
      ) : (
        <div className="flex aspect-[4/3] w-full items-center justify-center bg-stone-100 text-sm text-stone-600">{t("lending.card.noPhoto")}</div>
      )}
      <div className="flex flex-1 flex-col gap-1 p-4">
        <h3 className="text-lg font-semibold leading-snug">
          <Link to={`/items/${item.id}`} className="text-stone-900 no-underline hover:underline">
            {item.title}
          </Link>
        </h3>
        <p className="text-sm text-stone-700">
          {t(`lending.category.${item.category}`)} · {item.neighbourhood.name}
          {item.distanceKm !== null ? ` · ${t("lending.search.distance", { km: item.distanceKm.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB") })}` : ""}
        </p>
        <p className="mt-auto flex flex-wrap gap-2 pt-2 text-xs font-medium">
          <span className="rounded-full bg-brand-50 px-2 py-0.5 text-brand-900">
            {item.feePerDayCents > 0 ? t("lending.card.fee", { amount: formatMoney(item.feePerDayCents, locale) }) : t("lending.card.free")}
          </span>
          <span className="rounded-full bg-stone-100 px-2 py-0.5 text-stone-800">
            {item.depositCents > 0
              ? t("lending.card.deposit", { amount: formatMoney(item.depositCents, locale, { compact: true }) })
              : t("lending.card.noDeposit")}
          </span>
        </p>
      </div>
    </li>
  );
}
