import { publicPageMeta } from "../http/seo";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { getOptionalUser } from "../auth/guards.server";
import { ItemCard } from "../components/lending/item-card";
import { SelectField, TextField } from "../components/ui/field";
import { getTranslator } from "../http/locale.server";
import { formatNumber } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { itemCategories } from "../lending/item";
import { searchProblems, searchQueryFrom } from "../lending/lending-schema";
import { searchItems } from "../lending/search.server";
import { listNeighbourhoods } from "../neighbourhoods/neighbourhoods.server";
import { mapLink } from "../pages/map-page";

/** Browsing filters and the page number make pages of their own; a search, a distance or dates do not (docs/decisions/065). */
export const meta: MetaFunction<typeof loader> = (args) =>
  publicPageMeta(args, { title: args.data?.title ?? "Buurtkracht", description: args.data?.description ?? "", keep: ["category", "neighbourhood", "page"] });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = searchQueryFrom(url);
  // A bad filter is named next to its field; the valid ones still search (issue 13 §4).
  const problems = searchProblems(url);
  const { t } = await getTranslator(context, request);
  const user = await getOptionalUser(context, request);
  const [result, neighbourhoods] = await Promise.all([
    searchItems(context.services.db, {
      viewerId: user?.id ?? null,
      q: query.q,
      category: query.category,
      neighbourhoodId: query.neighbourhood,
      near: query.near,
      maxKm: query.km,
      from: problems.from || problems.to ? undefined : query.from,
      to: problems.from || problems.to ? undefined : query.to,
      page: query.page,
    }),
    listNeighbourhoods(context.services.db),
  ]);
  return {
    title: `${t("lending.items.title")} · ${t("app.name")}`,
    description: t("lending.items.intro"),
    query,
    problems,
    result,
    neighbourhoods: neighbourhoods.map((n) => ({ value: n.id, label: `${n.name} (${n.city})` })),
    signedIn: user !== null,
  };
}

export default function Items() {
  const { query, problems, result, neighbourhoods, signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "loading";
  const pageLink = (page: number) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, page })) if (v !== undefined && v !== "") p.set(k, String(v));
    return `/items?${p}`;
  };
  return (
    <div className="space-y-8">
      <section className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("lending.items.heading")}</h1>
          <p className="mt-2 max-w-2xl text-stone-700">{t("lending.items.intro")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {/* The same items on the map, next to the search (decision 068). */}
          <Link to={mapLink("item", { neighbourhood: query.neighbourhood, "item-category": query.category })} className="btn-secondary">
            {t("map.link")}
          </Link>
          <Link to="/wanted" className="btn-secondary">
            {t("lending.items.wanted")}
          </Link>
          {signedIn ? (
            <Link to="/me/items" className="btn-secondary">
              {t("lending.items.mine")}
            </Link>
          ) : null}
          <Link to="/items/new" className="btn-primary">
            {t("lending.items.new")}
          </Link>
        </div>
      </section>

      <section aria-labelledby="search-heading" className="card p-5">
        <h2 id="search-heading" className="sr-only">
          {t("lending.search.heading")}
        </h2>
        <Form method="get" role="search" className="grid gap-4 md:grid-cols-4">
          <TextField
            className="space-y-1 md:col-span-2"
            label={t("lending.search.q")}
            hint={t("lending.search.q.hint")}
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            maxLength={200}
            error={problems.q}
          />
          <SelectField
            label={t("lending.search.category")}
            name="category"
            placeholder={t("lending.search.anyCategory")}
            options={itemCategories.map((c) => ({ value: c, label: t(`lending.category.${c}`) }))}
            defaultValue={query.category ?? ""}
            error={problems.category}
          />
          <SelectField
            label={t("lending.search.neighbourhood")}
            name="neighbourhood"
            placeholder={t("lending.search.anyNeighbourhood")}
            options={neighbourhoods}
            defaultValue={query.neighbourhood ?? ""}
          />
          <TextField
            label={t("lending.search.near")}
            hint={t("lending.search.near.hint")}
            name="near"
            inputMode="numeric"
            maxLength={4}
            defaultValue={query.near ?? ""}
            error={problems.near}
          />
          <TextField label={t("lending.search.km")} name="km" type="number" min={0.5} max={300} step="any" defaultValue={query.km ?? ""} error={problems.km} />
          <TextField label={t("lending.search.from")} name="from" type="date" defaultValue={query.from ?? ""} error={problems.from} />
          <TextField label={t("lending.search.to")} name="to" type="date" defaultValue={query.to ?? ""} error={problems.to} />
          <div className="flex items-end gap-3 md:col-span-4">
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("lending.search.submit")}
            </button>
            <Link to="/items">{t("lending.search.reset")}</Link>
          </div>
        </Form>
      </section>

      <section aria-labelledby="results-heading" className="space-y-4">
        <h2 id="results-heading" className="text-xl font-bold" aria-live="polite">
          {/* Matches are counted up to a cap (decision 083): beyond it, "more than 1.000". */}
          {result.totalCapped
            ? t("lending.items.resultsMore", { count: formatNumber(result.total, locale) })
            : t("lending.items.results", { count: result.total })}
        </h2>
        {result.near ? (
          <p className="text-sm text-stone-700">{t("lending.search.nearFrom", { postcode: result.near.postcode4, place: result.near.place })}</p>
        ) : null}
        {result.nearUnknown ? <p className="text-sm text-stone-700">{t("lending.search.nearUnknown")}</p> : null}
        {result.items.length === 0 ? (
          <p className="text-stone-700">
            {t("lending.items.none")} <Link to="/wanted">{t("lending.items.wanted")}</Link>
          </p>
        ) : (
          <ul aria-label={t("lending.items.gridLabel")} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {result.items.map((item) => (
              <ItemCard key={item.id} item={item} />
            ))}
          </ul>
        )}
        {result.page > 1 || result.hasNextPage ? (
          <nav aria-label={t("lending.pagination.label")} className="flex items-center gap-4">
            {result.page > 1 ? <Link to={pageLink(result.page - 1)}>{t("lending.pagination.prev")}</Link> : null}
            <span>{t("lending.pagination.page", { page: result.page })}</span>
            {result.hasNextPage ? <Link to={pageLink(result.page + 1)}>{t("lending.pagination.next")}</Link> : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
