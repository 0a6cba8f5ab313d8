import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "../auth/guards.server";
import { IdeaCardView } from "../components/ideas/idea-card";
import { SelectField, TextField } from "../components/ui/field";
import { getTranslator } from "../http/locale.server";
import { publicPageMeta } from "../http/seo";
import { ideaKinds, ideaStatuses } from "../ideas/idea";
import { ideaCategories, readIdeaListQuery } from "../ideas/idea-schema";
import { answerStats, listIdeas, listResponders, postableNeighbourhoods } from "../ideas/reads.server";
import type { MessageKey } from "../i18n/i18n";
import { useT } from "../i18n/use-t";
import { mapLink } from "../pages/map-page";

export const meta: MetaFunction<typeof loader> = (args) => {
  if (!args.data) return [{ title: "Buurtkracht" }];
  const tags = publicPageMeta(args, { title: args.data.title, description: args.data.description, image: null, imageAlt: "" });
  const feed = args.data.feedPath
    ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", title: args.data.title, href: args.data.feedPath }]
    : [];
  return [...tags, ...feed];
};

/** The neighbourhood board (issue 14): lists of ideas and problems, with filters and how quickly posts are answered. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const { db, clock } = context.services;
  const url = new URL(request.url);
  const { query, problems } = readIdeaListQuery(url);
  // One's own neighbourhood first; "all" shows every neighbourhood.
  const neighbourhood = query.neighbourhood === "all" ? undefined : (query.neighbourhood ?? user?.neighbourhoodId ?? undefined);
  const neighbourhoods = await postableNeighbourhoods(db);
  const known = neighbourhood ? neighbourhoods.find((n) => n.id === neighbourhood) : undefined;
  const near = query.near ?? (query.sort === "near" ? (user?.postcode4 ?? undefined) : undefined);
  const listed = await listIdeas(db, { ...query, near, neighbourhood: known?.id, viewerId: user?.id ?? null });
  const fieldProblems: Partial<Record<string, MessageKey>> = { ...problems };
  // "Near me" without a typed postcode uses one's own area; an unknown area is named next to the field.
  if (fieldProblems.near === "ideas.filter.error.nearNeeded" && near) delete fieldProblems.near;
  if (!listed.ok) fieldProblems.near = listed.error;
  const [stats, responders] = known ? await Promise.all([answerStats(db, known.id, clock.now()), listResponders(db, known.id)]) : [null, []];
  const { t } = await getTranslator(context, request);
  return {
    title: `${t("ideas.title")} · ${t("app.name")}`,
    description: t("ideas.meta.description"),
    signedIn: user !== null,
    ideas: listed.ok ? listed.ideas : [],
    problems: fieldProblems,
    filters: {
      neighbourhood: known?.id ?? "all",
      kind: query.kind ?? "",
      status: query.status ?? "",
      category: query.category ?? "",
      sort: query.sort,
      near: near ?? "",
    },
    neighbourhoods: neighbourhoods.map((n) => ({ value: n.id, label: `${n.name} (${n.city})` })),
    neighbourhoodName: known?.name ?? null,
    feedPath: known ? `/neighbourhoods/${encodeURIComponent(known.id)}/ideas.atom` : null,
    stats,
    responders,
  };
}

export default function IdeasBoard() {
  const { ideas, problems, filters, neighbourhoods, neighbourhoodName, stats, responders, signedIn, feedPath } = useLoaderData<typeof loader>();
  const t = useT();
  const any = { value: "", label: t("ideas.filter.any") };
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="max-w-2xl space-y-2">
          <h1 className="text-3xl font-bold">{t("ideas.title")}</h1>
          <p className="text-stone-700">{t("ideas.intro")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {/* The same posts on the map, next to the list (decision 068). */}
          <Link
            to={mapLink("idea", {
              neighbourhood: filters.neighbourhood === "all" ? undefined : filters.neighbourhood,
              "idea-kind": filters.kind || undefined,
              "idea-status": filters.status || undefined,
            })}
            className="btn-secondary"
          >
            {t("map.link")}
          </Link>
          {signedIn ? (
            <Link to="/ideas/new" className="btn-primary">
              {t("ideas.new")}
            </Link>
          ) : (
            <Link to="/login?redirectTo=/ideas/new" className="btn-secondary">
              {t("ideas.login")}
            </Link>
          )}
        </div>
      </header>

      {neighbourhoodName ? (
        <section className="card space-y-1 p-4 text-sm text-stone-700" aria-labelledby="ideas-stats">
          <h2 id="ideas-stats" className="font-semibold text-stone-900">
            {t("ideas.stats.title")}
          </h2>
          <p>
            {responders.length > 0
              ? t("ideas.stats.responders", { neighbourhood: neighbourhoodName, names: responders.map((r) => r.name).join(", ") })
              : t("ideas.stats.noResponders", { neighbourhood: neighbourhoodName })}
          </p>
          {stats && stats.posts > 0 ? (
            <p>
              {t("ideas.stats.line", { answered: stats.answered, posts: stats.posts })}{" "}
              {stats.medianHours !== null
                ? t("ideas.stats.median", {
                    time:
                      stats.medianHours < 48
                        ? t("ideas.stats.hours", { count: Math.max(1, Math.round(stats.medianHours)) })
                        : t("ideas.stats.days", { count: Math.round(stats.medianHours / 24) }),
                  })
                : null}
            </p>
          ) : (
            <p>{t("ideas.stats.none")}</p>
          )}
          {feedPath ? (
            <p>
              <a href={feedPath}>{t("ideas.feed.link", { neighbourhood: neighbourhoodName })}</a>
            </p>
          ) : null}
        </section>
      ) : null}

      <Form method="get" className="card grid gap-3 p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label={t("ideas.filter.title")}>
        <SelectField
          label={t("ideas.filter.neighbourhood")}
          name="neighbourhood"
          defaultValue={filters.neighbourhood}
          options={[{ value: "all", label: t("ideas.filter.neighbourhood.all") }, ...neighbourhoods]}
        />
        <SelectField
          label={t("ideas.filter.kind")}
          name="kind"
          defaultValue={filters.kind}
          error={problems.kind}
          options={[any, ...ideaKinds.map((k) => ({ value: k, label: t(`ideas.kind.${k}`) }))]}
        />
        <SelectField
          label={t("ideas.filter.status")}
          name="status"
          defaultValue={filters.status}
          error={problems.status}
          options={[any, ...ideaStatuses.map((s) => ({ value: s, label: t(`ideas.status.${s}`) }))]}
        />
        <SelectField
          label={t("ideas.filter.category")}
          name="category"
          defaultValue={filters.category}
          error={problems.category}
          options={[any, ...ideaCategories.map((c) => ({ value: c, label: t(`ideas.category.${c}`) }))]}
        />
        <SelectField
          label={t("ideas.filter.sort")}
          name="sort"
          defaultValue={filters.sort}
          error={problems.sort}
          options={(["new", "support", "unanswered", "near"] as const).map((s) => ({ value: s, label: t(`ideas.sort.${s}`) }))}
        />
        <TextField
          label={t("ideas.filter.near")}
          name="near"
          inputMode="numeric"
          defaultValue={filters.near}
          error={problems.near}
          hint={t("ideas.filter.near.hint")}
          maxLength={4}
        />
        <div className="flex items-end sm:col-span-3 lg:col-span-6">
          <button type="submit" className="btn-secondary">
            {t("ideas.filter.submit")}
          </button>
        </div>
      </Form>

      <p className="text-sm text-stone-600">{t("ideas.sort.note")}</p>
      <h2 className="text-lg font-semibold" aria-live="polite">
        {t("ideas.count", { count: ideas.length })}
      </h2>
      {ideas.length === 0 ? (
        <p className="text-stone-700">{t("ideas.empty")}</p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {ideas.map((idea) => (
            <li key={idea.id}>
              <IdeaCardView idea={idea} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
