import { publicPageMeta } from "../http/seo";
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getOptionalUser } from "../auth/guards.server";
import { ProjectCard } from "../components/projects/project-card";
import { SelectField, TextField } from "../components/ui/field";
import { getTranslator } from "../http/locale.server";
import { formatNumber } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { listNeighbourhoods } from "../neighbourhoods/neighbourhoods.server";
import { listSorts, projectCategories } from "../projects/project";
import { ListQuerySchema, nearProblem } from "../projects/project-schema";
import { listCursorAt, listProjects, PAGE_SIZE, type PageLink } from "../projects/projects.server";
import { needsSummaries } from "../needs/reads.server";
import { mapLink } from "../pages/map-page";

/** Filters and the page's cursor make pages of their own; the order (`sort`) does not (docs/decisions/065, 085). */
export const meta: MetaFunction<typeof loader> = (args) =>
  publicPageMeta(args, {
    title: args.data?.title ?? "Buurtkracht",
    description: args.data?.description ?? "",
    keep: ["status", "neighbourhood", "category", "after", "before"],
  });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = ListQuerySchema.parse(Object.fromEntries(url.searchParams));
  const { db, clock } = context.services;
  if (url.searchParams.has("page")) {
    // Pages are cursors now (decision 085): an old `?page=N` link goes to that page's cursor as the
    // list is now (temporarily: the rows move), or to the first page past its end.
    const moved = new URLSearchParams(url.searchParams);
    for (const key of ["page", "after", "before"]) moved.delete(key);
    const cursor = query.page > 1 ? await listCursorAt(db, query, (query.page - 1) * PAGE_SIZE - 1) : null;
    if (cursor) moved.set("after", cursor);
    throw redirect(`${url.pathname}${moved.size > 0 ? `?${moved}` : ""}`, 302);
  }
  // A postcode that is not four digits is dropped by the schema and named next to the field.
  const invalidNear = nearProblem(url.searchParams.get("near"));
  const { t } = await getTranslator(context, request);
  const [result, neighbourhoods, user] = await Promise.all([
    listProjects(db, query, { after: url.searchParams.get("after"), before: url.searchParams.get("before") }),
    listNeighbourhoods(db),
    getOptionalUser(context, request),
  ]);
  // Time beside money at a glance: "3 van 6 vrijwilligers" on the card (issue 11).
  const needs = await needsSummaries(
    db,
    result.projects.map((p) => p.id),
  );
  return {
    title: `${t("projects.list.title")} · ${t("app.name")}`,
    description: t("projects.list.intro"),
    query,
    ...result,
    projects: result.projects.map((p) => ({ ...p, volunteers: needs.get(p.id) ?? null, distanceKm: result.distances[p.id] ?? null })),
    nearError: invalidNear ?? (result.nearUnknown ? ("projects.list.near.unknown" as const) : undefined),
    nearRaw: url.searchParams.get("near") ?? "",
    neighbourhoods: neighbourhoods.map((n) => ({ value: n.id, label: `${n.name} (${n.city})` })),
    signedIn: user !== null,
    myPostcode: user?.postcode4 ?? null,
    now: clock.now(),
  };
}

export default function ProjectsList() {
  const { projects, total, totalCapped, query, neighbourhoods, signedIn, now, near, nearError, nearRaw, myPostcode } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("projects.list.title")}</h1>
          <p className="mt-2 max-w-2xl text-stone-700">{t("projects.list.intro")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {/* The same projects on the map, next to the list (decision 068). */}
          <Link
            to={mapLink("project", { neighbourhood: query.neighbourhood, "project-status": query.status, "project-category": query.category })}
            className="btn-secondary"
          >
            {t("map.link")}
          </Link>
          {signedIn ? (
            <Link to="/me/projects" className="btn-secondary">
              {t("projects.mine.title")}
            </Link>
          ) : null}
          <Link to="/projects/new" className="btn-primary">
            {t("projects.list.start")}
          </Link>
        </div>
      </div>

      <Form method="get" className="card grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end" aria-label={t("projects.list.filters")}>
        <SelectField
          label={t("projects.field.neighbourhood")}
          name="neighbourhood"
          options={[{ value: "", label: t("projects.list.allNeighbourhoods") }, ...neighbourhoods]}
          defaultValue={query.neighbourhood ?? ""}
        />
        <SelectField
          label={t("projects.field.category")}
          name="category"
          options={[
            { value: "", label: t("projects.list.allCategories") },
            ...projectCategories.map((c) => ({ value: c, label: t(`projects.category.${c}`) })),
          ]}
          defaultValue={query.category ?? ""}
        />
        <SelectField
          label={t("projects.list.status")}
          name="status"
          options={(["live", "funded", "failed", "all"] as const).map((s) => ({ value: s, label: t(`projects.list.status.${s}`) }))}
          defaultValue={query.status}
        />
        <SelectField
          label={t("projects.list.sort")}
          name="sort"
          options={listSorts.map((s) => ({ value: s, label: t(`projects.list.sort.${s}`) }))}
          defaultValue={query.sort}
        />
        <TextField
          className="space-y-1 sm:col-span-2 lg:col-span-3"
          label={t("projects.list.near")}
          hint={t("projects.list.near.hint")}
          name="near"
          inputMode="numeric"
          maxLength={4}
          defaultValue={nearRaw}
          error={nearError}
        />
        <button type="submit" className="btn-primary">
          {t("projects.list.apply")}
        </button>
      </Form>
      {myPostcode && !query.near ? (
        <p>
          <Link to={`?${nearLink(params, myPostcode)}`}>{t("projects.list.nearMe", { postcode: myPostcode })}</Link>
        </p>
      ) : null}
      {near ? <p className="text-sm text-stone-700">{t("projects.list.nearFrom", { postcode: near.postcode4, place: near.place })}</p> : null}

      <p className="text-sm text-stone-700" role="status">
        {totalCapped ? t("projects.list.countMore", { count: formatNumber(total, locale) }) : t("projects.list.count", { count: total })}
      </p>
      {projects.length === 0 ? (
        <p className="card p-6 text-stone-700">{t("projects.list.empty")}</p>
      ) : (
        <ul className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
          {projects.map((p) => (
            <li key={p.id} className="flex">
              <ProjectCard project={p} now={now} />
            </li>
          ))}
        </ul>
      )}
      <Pager />
    </div>
  );
}

/**
 * A window of pages (decision 085): previous and next, the first page, the page before and the
 * pages ahead whose cursors came with this page — never a link to every page. On a phone only
 * previous, "page N of M" and next.
 */
function Pager() {
  const { page, pages, totalCapped, previous, ahead, moreAhead } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  if (page === 1 && ahead.length === 0) return null;
  const href = (link: PageLink) => {
    const next = new URLSearchParams(params);
    for (const key of ["page", "after", "before"]) next.delete(key);
    if (link.after) next.set("after", link.after);
    if (link.before) next.set("before", link.before);
    const search = next.toString();
    return search ? `?${search}` : "/projects";
  };
  const number = (link: PageLink) => (
    <Link key={link.page} to={href(link)} className="btn-secondary hidden sm:inline-flex" aria-label={t("projects.list.page", { page: link.page })}>
      {link.page}
    </Link>
  );
  const gap = (key: string) => (
    <span key={key} aria-hidden="true" className="hidden px-1 text-stone-600 sm:inline">
      …
    </span>
  );
  const next = ahead[0];
  return (
    <nav aria-label={t("projects.list.pagination")} className="flex flex-wrap items-center justify-center gap-2">
      {previous ? (
        <Link to={href(previous)} className="btn-secondary" rel="prev">
          {t("projects.list.previous")}
        </Link>
      ) : null}
      {page > 2 ? number({ page: 1 }) : null}
      {page > 3 ? gap("before") : null}
      {previous ? number(previous) : null}
      <span aria-current="page" className="btn bg-brand-700 text-white">
        <span className="sm:hidden">{totalCapped ? t("projects.list.page", { page }) : t("projects.list.pageOf", { page, pages })}</span>
        <span className="hidden sm:inline">{page}</span>
      </span>
      {ahead.map(number)}
      {moreAhead ? gap("after") : null}
      {next ? (
        <Link to={href(next)} className="btn-secondary" rel="next">
          {t("projects.list.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** The list as it is, near this postcode (a new first page). */
function nearLink(params: URLSearchParams, postcode: string): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set("near", postcode);
  for (const key of ["page", "after", "before"]) next.delete(key);
  return next;
}
