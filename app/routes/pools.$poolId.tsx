import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getTranslator } from "../http/locale.server";
import { formatDate, formatMoney } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { useLocale, useT } from "../i18n/use-t";
import { getPoolPage } from "../matching/pools.server";
import type { PoolProjectLine, PoolView } from "../matching/views";

/** A matching pool's public rules, and for each project in its scope what it gets and why (docs/matching.md). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, clock } = context.services;
  const page = await getPoolPage(db, params.poolId ?? "", clock.now());
  if (!page) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  return {
    ...page,
    now: clock.now(),
    title: `${t("matching.pool.title", { pool: page.pool.name, organisation: page.pool.organisation.name })} · ${t("app.name")}`,
  };
}

/** "€ 0,50" for 5 000 basis points. */
const ratioAmount = (bps: number, locale: "nl" | "en") => formatMoney(Math.round(bps / 100), locale);

function Why({ line, pool }: { line: PoolProjectLine; pool: PoolView }) {
  const t = useT();
  const locale = useLocale();
  switch (line.reason) {
    case "matched":
      return <>{t("matching.reason.matched", { ratio: ratioAmount(pool.ratioBps, locale) })}</>;
    case "too_few_backers":
      return <>{t("matching.reason.too_few_backers", { count: line.backersNeeded ?? 0 })}</>;
    case "below_threshold":
      return <>{t("matching.reason.below_threshold", { amount: formatMoney(line.thresholdCents ?? 0, locale) })}</>;
    case "not_started":
      return <>{t("matching.reason.not_started", { date: formatDate(pool.startsAt, locale) })}</>;
    default:
      return <>{t(`matching.reason.${line.reason}` as MessageKey)}</>;
  }
}

export default function PoolPage() {
  const { pool, projects } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const p = { ...pool, startsAt: new Date(pool.startsAt), endsAt: new Date(pool.endsAt), createdAt: new Date(pool.createdAt) };
  const lastDay = new Date(p.endsAt.getTime() - 1);
  return (
    <article className="mx-auto max-w-3xl space-y-6">
      <header className="space-y-2">
        <p className="text-sm font-medium text-stone-700">{pool.organisation.name}</p>
        <h1 className="text-2xl font-bold">{t("matching.pool.title", { pool: pool.name, organisation: pool.organisation.name })}</h1>
        {pool.description ? <p className="text-stone-800">{pool.description}</p> : null}
        <p className="text-stone-700">{t("matching.pool.intro")}</p>
      </header>
      <section className="card space-y-2 p-5" aria-labelledby="rules">
        <h2 id="rules" className="text-lg font-semibold">
          {t("matching.pool.rules")}
        </h2>
        <ol className="list-decimal space-y-1 pl-5 text-stone-900">
          <li>{t("matching.pool.ratio", { amount: ratioAmount(pool.ratioBps, locale) })}</li>
          <li>{t("matching.pool.cap", { amount: formatMoney(pool.capPerProjectCents, locale) })}</li>
          <li>
            {pool.neighbourhoods.length
              ? t("matching.pool.neighbourhoods", { list: pool.neighbourhoods.map((n) => n.name).join(", ") })
              : t("matching.pool.allNeighbourhoods")}
          </li>
          <li>
            {pool.categories.length
              ? t("matching.pool.categories", { list: pool.categories.map((c) => t(`projects.category.${c}` as MessageKey)).join(", ") })
              : t("matching.pool.allCategories")}
          </li>
          {pool.minBackers > 0 ? <li>{t("matching.pool.minBackers", { count: pool.minBackers })}</li> : null}
          {pool.thresholdBps !== null ? <li>{t("matching.pool.threshold", { percent: pool.thresholdBps / 100 })}</li> : null}
          <li>{t("matching.pool.period", { from: formatDate(p.startsAt, locale), to: formatDate(lastDay, locale) })}</li>
          <li>
            {t("matching.pool.budget", {
              budget: formatMoney(pool.budgetCents, locale),
              committed: formatMoney(pool.committedCents, locale),
              left: formatMoney(pool.budgetCents - pool.committedCents, locale),
            })}
          </li>
          <li>{t("matching.pool.crowdLimit")}</li>
          <li>{t("matching.pool.order")}</li>
        </ol>
      </section>
      <section className="space-y-3" aria-labelledby="projects">
        <h2 id="projects" className="text-lg font-semibold">
          {t("matching.pool.projects")}
        </h2>
        {projects.length === 0 ? (
          <p className="text-stone-700">{t("matching.pool.noProjects")}</p>
        ) : (
          <ul className="space-y-3">
            {projects.map((line) => (
              <li key={line.slug} className="card p-4">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link to={`/projects/${line.slug}`} className="font-semibold underline">
                    {line.title}
                  </Link>
                  <span className="font-semibold">{formatMoney(line.cents, locale)}</span>
                </div>
                <p className="text-sm text-stone-700">
                  {line.neighbourhoodName} · {t(`projects.status.${line.projectStatus}` as MessageKey)}
                  {line.matchStatus ? ` · ${t(`matching.status.${line.matchStatus}`)}` : ""}
                </p>
                <p className="mt-1 text-sm text-stone-900">
                  <Why line={line} pool={p} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
