import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "../auth/guards.server";
import { ImpactCharts } from "../components/charts/impact-charts";
import { FeedList } from "../components/neighbourhoods/feed-list";
import { ResponsiveImage } from "../components/ui/responsive-image";
import { getTranslator } from "../http/locale.server";
import { publicPageMeta } from "../http/seo";
import { formatDate } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { mayEditNeighbourhood } from "../neighbourhoods/pages.server";
import { dependsOnOnePerson } from "../neighbourhoods/story";
import { getNeighbourhoodPage } from "../pages/neighbourhood-page.server";
// Not from the .server module: the page uses it in the browser too (the filter links).
import { feedQueryFrom, kindParam } from "../pages/neighbourhood-page";
import type { NeighbourhoodFeedKind } from "../utils/neighbourhood-feed";

export const meta: MetaFunction<typeof loader> = (args) => {
  if (!args.data) return [{ title: "Buurtkracht" }];
  const tags = publicPageMeta(args, {
    title: args.data.title,
    description: args.data.description,
    keep: ["soort", "pagina"],
    image: args.data.profile.cover?.largeUrl ?? null,
    imageAlt: args.data.coverAlt,
  });
  return [...tags, { tagName: "link", rel: "alternate", type: "application/atom+xml", title: args.data.atomTitle, href: args.data.atomHref }];
};

/** A neighbourhood's own page (issue 15, docs/decisions/073): its story, moderators, what to do, get and see, and what was done together. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, clock, extensions } = context.services;
  const query = feedQueryFrom(new URL(request.url));
  const page = await getNeighbourhoodPage(db, extensions, { neighbourhoodId: params.slug ?? "", query, now: clock.now() });
  if (!page) throw new Response("Not Found", { status: 404 });
  const user = await getOptionalUser(context, request);
  const { t } = await getTranslator(context, request);
  const { profile } = page;
  return {
    title: `${profile.name} (${profile.city}) · ${t("app.name")}`,
    description: t("buurt.meta.description", { neighbourhood: profile.name, city: profile.city }),
    coverAlt: t("buurt.cover.alt", { neighbourhood: profile.name }),
    atomTitle: t("buurt.feed.atomTitle", { neighbourhood: profile.name }),
    atomHref: `/buurt/${encodeURIComponent(profile.id)}/feed.atom`,
    profile: { ...profile, story: undefined },
    feed: page.feed,
    kind: query.kind,
    impact: page.impact,
    canEdit: await mayEditNeighbourhood(db, profile.id, user),
  };
}

export default function NeighbourhoodPage() {
  const { profile, feed, kind, impact, canEdit, atomHref, coverAlt } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const storyHtml = profile.storyHtml[locale] || profile.storyHtml[locale === "nl" ? "en" : "nl"];
  const base = `/buurt/${encodeURIComponent(profile.id)}`;
  const hrefFor = (k: NeighbourhoodFeedKind | null, p: number) => {
    const q = new URLSearchParams();
    if (k) q.set("soort", kindParam[k]);
    if (p > 1) q.set("pagina", String(p));
    const s = q.toString();
    return `${base}${s ? `?${s}` : ""}#buurt-feed`;
  };
  return (
    <div className="space-y-10">
      <header className="space-y-4">
        {profile.cover ? (
          <ResponsiveImage
            image={profile.cover.large}
            alt={coverAlt}
            sizes="(min-width: 1024px) 64rem, 100vw"
            priority
            className="max-h-96 w-full rounded-2xl object-cover"
          />
        ) : null}
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-3xl font-bold md:text-4xl">{profile.name}</h1>
            <p className="text-stone-700">
              {profile.city} · {t("buurt.members", { count: profile.memberCount })}
            </p>
          </div>
          {canEdit ? (
            <Link to={`${base}/bewerken`} className="btn-secondary">
              {t("buurt.edit.link")}
            </Link>
          ) : null}
        </div>
      </header>

      <div className="grid gap-8 lg:grid-cols-3">
        <section aria-labelledby="buurt-story" className="min-w-0 space-y-3 lg:col-span-2">
          <h2 id="buurt-story" className="text-2xl font-bold">
            {t("buurt.story.title")}
          </h2>
          {storyHtml ? (
            <div className="prose-bk max-w-none break-words" dangerouslySetInnerHTML={{ __html: storyHtml }} />
          ) : (
            <p className="text-stone-800">{profile.description[locale] || t("buurt.story.empty")}</p>
          )}
          {profile.storyUpdatedAt ? (
            <p className="text-sm text-stone-600">{t("buurt.story.updated", { date: formatDate(profile.storyUpdatedAt, locale) })}</p>
          ) : null}
        </section>
        <section aria-labelledby="buurt-moderators" className="card min-w-0 space-y-3 p-5">
          <h2 id="buurt-moderators" className="text-xl font-bold">
            {t("buurt.moderators.title")}
          </h2>
          {profile.moderators.length === 0 ? (
            <p className="text-stone-700">{t("buurt.moderators.none")}</p>
          ) : (
            <>
              <p className="text-sm text-stone-700">{t("buurt.moderators.intro")}</p>
              <ul className="space-y-1">
                {profile.moderators.map((m) => (
                  <li key={m.id}>
                    <Link to={`/u/${m.handle}`} className="font-medium text-brand-800 underline">
                      {m.displayName}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          {dependsOnOnePerson(profile.moderators.length) ? <p className="text-sm text-stone-700">{t("buurt.moderators.onlyOne")}</p> : null}
        </section>
      </div>

      <section aria-labelledby="buurt-feed" className="space-y-4">
        <h2 id="buurt-feed" className="text-2xl font-bold">
          {t("buurt.feed.title")}
        </h2>
        <FeedList entries={feed.entries} kind={kind} page={feed.page} hasMore={feed.hasMore} hrefFor={hrefFor} atomHref={atomHref} />
      </section>

      <ImpactCharts impact={impact} idPrefix="buurt" headingId="buurt-impact" title={t("buurt.impact.title")} />
    </div>
  );
}
