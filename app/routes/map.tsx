import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import leafletStyles from "leaflet/dist/leaflet.css";
import { getOptionalUser } from "../auth/guards.server";
import { MarkerMap } from "../components/map/marker-map";
import { SelectField } from "../components/ui/field";
import { getTranslator } from "../http/locale.server";
import { publicPageMeta } from "../http/seo";
import { useT } from "../i18n/use-t";
import { listNeighbourhoods } from "../neighbourhoods/neighbourhoods.server";
import { getMapPage, mapPageQueryFrom } from "../pages/map-page.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

/** The map is a view of the lists, not a page of its own for search engines beyond the neighbourhood (docs/decisions/065). */
export const meta: MetaFunction<typeof loader> = (args) =>
  publicPageMeta(args, { title: args.data?.title ?? "Buurtkracht", description: args.data?.description ?? "", keep: ["neighbourhood"] });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, env, extensions } = context.services;
  const layers = extensions.mapLayers;
  const query = mapPageQueryFrom(
    new URL(request.url).searchParams,
    layers.map((l) => l.kind),
  );
  const [{ t }, user, neighbourhoods] = await Promise.all([getTranslator(context, request), getOptionalUser(context, request), listNeighbourhoods(db)]);
  const page = await getMapPage(db, layers, { viewerId: user?.id ?? null, query });
  return {
    title: `${t("map.title")} · ${t("app.name")}`,
    description: t("map.intro"),
    page,
    neighbourhoods: neighbourhoods.map((n) => ({ value: n.id, label: `${n.name} (${n.city})` })),
    tiles: { url: env.MAP_TILE_URL, attribution: env.MAP_TILE_ATTRIBUTION },
  };
}

export default function MapPage() {
  const { page, neighbourhoods, tiles } = useLoaderData<typeof loader>();
  const t = useT();
  const shown = page.layers.filter((l) => l.shown);
  // One array per loader answer: the map is made again only when the markers change.
  const markers = useMemo(
    () => page.layers.flatMap((l) => (l.shown ? l.markers.map((m) => ({ ...m, label: t("map.marker", { kind: t(l.labelKey), title: m.title }) })) : [])),
    [page.layers, t],
  );
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">{t("map.title")}</h1>
        <p className="mt-2 max-w-2xl text-stone-700">{t("map.intro")}</p>
        <p className="mt-1 max-w-2xl text-sm text-stone-700">{t("map.privacy")}</p>
      </div>

      <Form method="get" className="card grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end" aria-label={t("map.filters")}>
        <fieldset className="space-y-1">
          <legend className="font-medium">{t("map.kinds")}</legend>
          {page.layers.map((l) => (
            <label key={l.kind} className="flex items-center gap-2">
              <input type="checkbox" name="show" value={l.kind} defaultChecked={l.shown} className="size-4" />
              {t(l.labelKey)}
            </label>
          ))}
        </fieldset>
        <SelectField
          label={t("map.neighbourhood")}
          name="neighbourhood"
          placeholder={t("map.anyNeighbourhood")}
          options={neighbourhoods}
          defaultValue={page.neighbourhood ?? ""}
        />
        {page.layers.flatMap((l) =>
          l.filters.map((f) => (
            <SelectField
              key={f.param}
              label={`${t(l.labelKey)}: ${t(f.labelKey)}`}
              name={f.param}
              placeholder={f.anyKey ? t(f.anyKey) : undefined}
              options={f.options.map((o) => ({ value: o.value, label: t(o.labelKey) }))}
              defaultValue={f.value}
            />
          )),
        )}
        <button type="submit" className="btn-primary">
          {t("map.apply")}
        </button>
      </Form>

      <MarkerMap
        markers={markers}
        tileUrl={tiles.url}
        attribution={tiles.attribution}
        label={t("map.region", { count: markers.length })}
        loading={t("map.loading")}
        zoomIn={t("map.zoomIn")}
        zoomOut={t("map.zoomOut")}
      />

      <section aria-labelledby="map-list-heading" className="space-y-4">
        <h2 id="map-list-heading" className="text-2xl font-semibold">
          {t("map.list.heading")}
        </h2>
        {markers.length === 0 ? <p className="card p-6 text-stone-700">{t("map.list.empty")}</p> : null}
        <div className="grid gap-6 md:grid-cols-2">
          {shown.map((l) => (
            <section key={l.kind} aria-labelledby={`map-list-${l.kind}`} className="card p-4" data-map-kind={l.kind}>
              <h3 id={`map-list-${l.kind}`} className="text-lg font-semibold">
                {t(l.labelKey)} <span className="text-sm font-normal text-stone-700">({t("map.list.count", { count: l.markers.length })})</span>
              </h3>
              <ul className="mt-2 space-y-2">
                {l.markers.map((m) => (
                  <li key={m.id}>
                    <Link to={m.href}>{m.title}</Link>
                    {m.subtitle ? <span className="block text-sm text-stone-700">{m.subtitle}</span> : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </section>
    </div>
  );
}
