import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { getTranslator } from "../http/locale.server";
import { formatDateTime } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { kindLabelKey } from "../moderation/errors";
import { listReportQueue } from "../moderation/reports.server";

/** The moderators' queue of open reports (docs/moderation.md). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "moderator");
  const { t } = await getTranslator(context, request);
  const reports = await listReportQueue(context.services.db);
  return { title: `${t("moderation.reports.title")} · ${t("app.name")}`, reports };
}

export default function ReportQueue() {
  const { reports } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-4">
      <p>
        <Link to="/moderation">← {t("moderation.title")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("moderation.reports.title")}</h1>
      <p className="text-stone-700">{t("moderation.reports.intro")}</p>
      {reports.length === 0 ? <p className="card p-5 text-stone-700">{t("moderation.reports.empty")}</p> : null}
      <ul className="space-y-3">
        {reports.map((r) => (
          <li key={r.id} className="card p-4">
            <h2 className="text-lg font-semibold">
              <Link to={`/moderation/reports/${r.id}`}>
                {t(kindLabelKey(r.kind))} · {t(`moderation.reason.${r.reason}`)}
              </Link>
            </h2>
            <p className="text-sm text-stone-700">
              {t("moderation.reports.by", { reporter: r.reporter.displayName, subject: r.subject.displayName, at: formatDateTime(r.createdAt, locale) })}
              {r.alsoReported > 0 ? <strong className="ml-2">{t("moderation.reports.also", { count: r.alsoReported })}</strong> : null}
            </p>
            <p className="mt-1 break-words whitespace-pre-line">{r.details}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
