import { Link } from "@remix-run/react";
import { formatDate, formatDateTime } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import type { NeighbourhoodFeedKind } from "../../utils/neighbourhood-feed";

export interface FeedEntryView {
  kind: NeighbourhoodFeedKind;
  id: string;
  labelKey: Parameters<ReturnType<typeof useT>>[0];
  at: Date | string;
  happensAt: Date | string | null;
  title: string;
  summary: string;
  href: string;
}

const kindStyle: Record<NeighbourhoodFeedKind, string> = {
  do: "bg-brand-100 text-brand-900",
  get: "bg-amber-100 text-amber-950",
  see: "bg-sky-100 text-sky-950",
};

/**
 * The neighbourhood's feed: filter links (plain links, so they work without JavaScript), the
 * entries newest first, each with its kind in words, and links to newer and older pages.
 */
export function FeedList({
  entries,
  kind,
  page,
  hasMore,
  hrefFor,
  atomHref,
}: {
  entries: FeedEntryView[];
  kind: NeighbourhoodFeedKind | null;
  page: number;
  hasMore: boolean;
  /** The page's own address with this filter and page. */
  hrefFor: (kind: NeighbourhoodFeedKind | null, page: number) => string;
  atomHref: string;
}) {
  const t = useT();
  const locale = useLocale();
  const filters: { kind: NeighbourhoodFeedKind | null; label: string }[] = [
    { kind: null, label: t("buurt.feed.filter.all") },
    { kind: "do", label: t("buurt.feed.filter.do") },
    { kind: "get", label: t("buurt.feed.filter.get") },
    { kind: "see", label: t("buurt.feed.filter.see") },
  ];
  return (
    <div className="space-y-4">
      <nav aria-label={t("buurt.feed.filter")} className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium text-stone-700">{t("buurt.feed.filter")}:</span>
        {filters.map((f) => (
          <Link
            key={f.kind ?? "all"}
            to={hrefFor(f.kind, 1)}
            preventScrollReset
            aria-current={f.kind === kind ? "page" : undefined}
            className={`rounded-full border px-3 py-1 text-sm ${f.kind === kind ? "border-brand-800 bg-brand-800 text-white" : "border-stone-300 bg-white text-stone-900 hover:bg-stone-100"}`}
          >
            {f.label}
          </Link>
        ))}
        <a href={atomHref} className="ml-auto text-sm text-brand-800 underline">
          {t("buurt.feed.atom")}
        </a>
      </nav>
      {entries.length === 0 ? (
        <p className="card p-4 text-stone-700">{t("buurt.feed.empty")}</p>
      ) : (
        <ol className="space-y-3">
          {entries.map((e) => (
            <li key={e.id} className="card min-w-0 p-4" data-feed-kind={e.kind}>
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <span className={`rounded px-2 py-0.5 font-semibold ${kindStyle[e.kind]}`}>{t(`buurt.feed.kind.${e.kind}`)}</span>
                <span className="text-stone-700">{t(e.labelKey)}</span>
              </p>
              <h3 className="mt-2 break-words text-lg font-semibold">
                <Link to={e.href} className="hover:underline">
                  {e.title}
                </Link>
              </h3>
              {e.summary ? <p className="mt-1 break-words text-stone-800">{e.summary}</p> : null}
              <p className="mt-1 text-sm text-stone-600">
                {e.happensAt
                  ? e.labelKey === "buurt.feed.type.deadline"
                    ? t("buurt.feed.deadline", { date: formatDate(e.happensAt, locale) })
                    : t("buurt.feed.when", { date: formatDateTime(e.happensAt, locale) })
                  : t("buurt.feed.posted", { date: formatDate(e.at, locale) })}
              </p>
            </li>
          ))}
        </ol>
      )}
      {page > 1 || hasMore ? (
        <nav aria-label={t("buurt.feed.pagination")} className="flex justify-between">
          {page > 1 ? (
            <Link to={hrefFor(kind, page - 1)} className="btn-secondary" rel="prev">
              {t("buurt.feed.newer")}
            </Link>
          ) : (
            <span />
          )}
          {hasMore ? (
            <Link to={hrefFor(kind, page + 1)} className="btn-secondary" rel="next">
              {t("buurt.feed.older")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
