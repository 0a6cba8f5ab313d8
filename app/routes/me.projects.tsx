import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { ProjectStatusBadge } from "../components/projects/status";
import { formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { listProjectsOfInitiator } from "../projects/projects.server";
import { listMyTeamProjects } from "../projects/team.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const { db } = context.services;
  const [projects, teams] = await Promise.all([listProjectsOfInitiator(db, user.id), listMyTeamProjects(db, user.id)]);
  return { title: `${t("projects.mine.title")} · ${t("app.name")}`, projects, teams };
}

export default function MyProjects() {
  const { projects, teams } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-3xl font-bold">{t("projects.mine.title")}</h1>
        <Link to="/projects/new" className="btn-primary">
          {t("projects.list.start")}
        </Link>
      </div>
      {projects.length === 0 ? <p className="card p-6 text-stone-700">{t("projects.mine.empty")}</p> : null}
      <ul className="space-y-3">
        {projects.map((p) => (
          <li key={p.id} className="card flex flex-wrap items-center justify-between gap-3 p-5">
            <div>
              <h2 className="text-lg font-semibold">
                <Link to={`/projects/${p.slug}/dashboard`}>{p.title}</Link>
              </h2>
              <p className="flex flex-wrap items-center gap-2 text-sm text-stone-700">
                <ProjectStatusBadge status={p.status} />
                {formatMoney(p.pledgedCents, locale, { compact: true })} / {formatMoney(p.goalCents, locale, { compact: true })} ·{" "}
                {t("projects.backers.count", { count: p.backerCount })}
              </p>
            </div>
            <Link to={`/projects/${p.slug}/dashboard`} className="btn-secondary">
              {t("projects.dashboard.title")}
            </Link>
          </li>
        ))}
      </ul>
      {teams.length > 0 ? (
        <section aria-labelledby="my-teams" className="space-y-3">
          <h2 id="my-teams" className="text-xl font-bold">
            {t("team.mine.title")}
          </h2>
          <ul className="space-y-3">
            {teams.map((p) => (
              <li key={p.slug} className="card flex flex-wrap items-center justify-between gap-3 p-5">
                <p className="min-w-0 break-words">
                  <Link to={`/projects/${p.slug}`} className="font-semibold">
                    {p.title}
                  </Link>{" "}
                  · {t(`team.role.${p.role}`)}
                </p>
                <Link to={p.role === "co_initiator" ? `/projects/${p.slug}/dashboard` : `/projects/${p.slug}/needs`} className="btn-secondary">
                  {p.role === "co_initiator" ? t("projects.dashboard.title") : t("needs.manage.link")}
                  <span className="sr-only"> — {p.title}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
