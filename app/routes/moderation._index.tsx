import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { ProjectStatusBadge } from "../components/projects/status";
import { formatDateTime, formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { listOpenClaims } from "../lending/pages.server";
import { listProjects, listReviewQueue } from "../projects/projects.server";
import { listReportQueue } from "../moderation/reports.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "moderator");
  const { t } = await getTranslator(context, request);
  const { db } = context.services;
  const [queue, live, claims, reports] = await Promise.all([
    listReviewQueue(db),
    listProjects(db, { status: "live", sort: "ending_soon", page: 1 }),
    listOpenClaims(db),
    listReportQueue(db),
  ]);
  return {
    title: `${t("moderation.title")} · ${t("app.name")}`,
    queue,
    live: live.projects,
    openClaims: claims.length,
    disputedClaims: claims.filter((c) => c.disputed).length,
    openReports: reports.length,
  };
}

export default function Moderation() {
  const { queue, live, openClaims, disputedClaims, openReports } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-bold">{t("moderation.title")}</h1>
      <p className="flex flex-wrap gap-4">
        <Link to="/moderation/reports" className="btn-primary">
          {t("moderation.reports.link", { count: openReports })}
        </Link>
        <Link to="/code-of-conduct">{t("coc.link")}</Link>
      </p>
      <section aria-labelledby="queue">
        <h2 id="queue" className="text-2xl font-bold">
          {t("moderation.queue")}
        </h2>
        <p className="mt-1 text-stone-700">{t("moderation.queue.intro")}</p>
        {queue.length === 0 ? <p className="card mt-3 p-5 text-stone-700">{t("moderation.queue.empty")}</p> : null}
        <ul className="mt-3 space-y-3">
          {queue.map((p) => (
            <li key={p.id} className="card p-5">
              <h3 className="text-lg font-semibold">
                <Link to={`/moderation/projects/${p.slug}`}>{p.title}</Link>
              </h3>
              <p className="text-sm text-stone-700">
                {p.initiator.displayName} · {p.neighbourhood.name} · {formatMoney(p.goalCents, locale, { compact: true })} ·{" "}
                {t("moderation.submittedAt", { at: formatDateTime(p.submittedAt, locale) })}
                {p.resubmission ? <strong className="ml-2">{t("moderation.resubmission")}</strong> : null}
              </p>
              <p className="mt-1">{p.summary}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="claims">
        <h2 id="claims" className="text-2xl font-bold">
          {t("lending.moderation.title")}
        </h2>
        <p className="mt-1 text-stone-700">
          {openClaims === 0 ? t("lending.moderation.none") : t("lending.moderation.summary", { count: openClaims, disputed: disputedClaims })}{" "}
          <Link to="/moderation/loan-claims">{t("lending.moderation.open")}</Link>
        </p>
      </section>
      <section aria-labelledby="live">
        <h2 id="live" className="text-2xl font-bold">
          {t("moderation.live")}
        </h2>
        <ul className="mt-3 space-y-2">
          {live.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center gap-2">
              <ProjectStatusBadge status={p.status} />
              <Link to={`/moderation/projects/${p.slug}`}>{p.title}</Link>
              <span className="text-sm text-stone-700">· {p.initiator.displayName}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
