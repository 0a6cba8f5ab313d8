import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { getTranslator } from "../http/locale.server";
import { formatDateTime } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { kindLabelKey } from "../moderation/errors";
import { listAuditLog } from "../moderation/reports.server";

/** Admins read the append-only log of every moderator action (docs/moderation.md). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const { t } = await getTranslator(context, request);
  const entries = await listAuditLog(context.services.db, { limit: 500 });
  return { title: `${t("moderation.audit.title")} · ${t("app.name")}`, entries };
}

export default function AuditLog() {
  const { entries } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-4">
      <h1 className="text-3xl font-bold">{t("moderation.audit.title")}</h1>
      <p className="text-stone-700">{t("moderation.audit.intro")}</p>
      {entries.length === 0 ? <p className="card p-5">{t("moderation.audit.empty")}</p> : null}
      {entries.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col" className="p-2">
                  {t("moderation.audit.when")}
                </th>
                <th scope="col" className="p-2">
                  {t("moderation.audit.who")}
                </th>
                <th scope="col" className="p-2">
                  {t("moderation.audit.action")}
                </th>
                <th scope="col" className="p-2">
                  {t("moderation.audit.subject")}
                </th>
                <th scope="col" className="p-2">
                  {t("moderation.audit.reason")}
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className="border-t border-stone-200 align-top">
                  <td className="p-2 whitespace-nowrap">{formatDateTime(e.createdAt, locale)}</td>
                  <td className="p-2">{e.actor.displayName}</td>
                  <td className="p-2">{t(`moderation.action.${e.action}`)}</td>
                  <td className="p-2">
                    {t(kindLabelKey(e.kind))} · {e.target.displayName}
                    {e.reportId ? (
                      <>
                        {" "}
                        · <Link to={`/moderation/reports/${e.reportId}`}>{t("moderation.case.report")}</Link>
                      </>
                    ) : null}
                  </td>
                  <td className="p-2 break-words">{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
