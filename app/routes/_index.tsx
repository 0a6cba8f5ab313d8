import { publicPageMeta } from "../http/seo";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "../auth/guards.server";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { listNeighbourhoods } from "../neighbourhoods/neighbourhoods.server";
import { ImpactCharts } from "../components/charts/impact-charts";
import { getPlatformImpact } from "../pages/neighbourhood-page.server";

export const meta: MetaFunction<typeof loader> = (args) =>
  publicPageMeta(args, { title: args.data?.title ?? "Buurtkracht", description: args.data?.description ?? "" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getTranslator(context, request);
  const { db, clock, extensions } = context.services;
  const [neighbourhoods, user, impact] = await Promise.all([
    listNeighbourhoods(db),
    getOptionalUser(context, request),
    // What we did together, in every neighbourhood (issue 15, docs/decisions/073), reused for minutes (issue 17).
    getPlatformImpact(db, extensions.impactFigures, clock.now()),
  ]);
  return {
    title: `${t("app.name")} — ${t("home.title")}`,
    description: t("app.tagline"),
    neighbourhoods,
    impact,
    signedIn: user !== null,
  };
}

export default function Home() {
  const { neighbourhoods, impact, signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-12">
      <section className="rounded-2xl bg-brand-800 px-6 py-10 text-white md:px-10">
        <h1 className="text-3xl font-bold md:text-4xl">{t("home.title")}</h1>
        <p className="mt-4 max-w-2xl text-lg text-brand-50">{t("home.intro")}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link to="/projects" className="btn bg-white text-brand-900 hover:bg-brand-50">
            {t("home.cta.projects")}
          </Link>
          <Link to="/items" className="btn border border-white text-white hover:bg-brand-700">
            {t("home.cta.lend")}
          </Link>
          {signedIn ? null : (
            <Link to="/signup" className="btn bg-accent-500 text-stone-950 hover:bg-accent-600">
              {t("home.cta.join")}
            </Link>
          )}
        </div>
      </section>

      <section aria-labelledby="how">
        <h2 id="how" className="text-2xl font-bold">
          {t("home.how.title")}
        </h2>
        <ul className="mt-4 grid gap-4 md:grid-cols-3">
          {(["home.how.fund", "home.how.lend", "home.how.trust"] as const).map((key) => (
            <li key={key} className="card p-5 text-stone-800">
              {t(key)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="neighbourhoods">
        <h2 id="neighbourhoods" className="text-2xl font-bold">
          {t("home.neighbourhoods")}
        </h2>
        <ul className="mt-4 grid gap-4 md:grid-cols-3">
          {neighbourhoods.map((n) => (
            <li key={n.id} className="card p-5">
              <h3 className="text-lg font-semibold">
                <Link to={`/buurt/${encodeURIComponent(n.id)}`} className="text-brand-800 underline hover:text-brand-900">
                  {n.name}
                </Link>
              </h3>
              <p className="text-sm text-stone-600">
                {n.city} · {n.postcodes.join(", ")}
              </p>
              <p className="mt-2 text-stone-800">{n.description[locale]}</p>
              <p className="mt-3 text-sm font-medium text-brand-800">{t("home.members", { count: n.memberCount })}</p>
            </li>
          ))}
        </ul>
      </section>

      <ImpactCharts impact={impact} idPrefix="platform" headingId="impact" title={t("buurt.impact.platformTitle")} />
    </div>
  );
}
