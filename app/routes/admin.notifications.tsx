import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { formatDateTime } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { deliveryCounts, listDeliveryProblems, retryFailedDelivery } from "../notifications/delivery-admin.server";
import { nudgeDelivery } from "../notifications/delivery.server";
import { RetryDeliverySchema } from "../notifications/notifications-schema";
import { parseForm } from "../forms/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const { t } = await getTranslator(context, request);
  const [problems, counts] = await Promise.all([listDeliveryProblems(context.services.db), deliveryCounts(context.services.db)]);
  return { title: `${t("notifications.admin.title")} · ${t("app.name")}`, problems, counts };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(context, request, "admin");
  const form = parseForm(RetryDeliverySchema, await request.formData());
  // Refusals carry a message, shown above the list (found by the form fuzzer: it was a bare ok: false).
  if (!form.ok) return data({ ok: false as const, error: "form.invalid" as const }, { status: 400 });
  const result = await retryFailedDelivery(context.services.db, form.data.notificationId, admin.id, context.services.clock.now());
  if (!result.ok) return data({ ok: false as const, error: "notifications.admin.notRetryable" as const }, { status: 409 });
  await nudgeDelivery(context.services);
  return { ok: true as const };
}

export default function DeliveryAdmin() {
  const { problems, counts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("notifications.admin.title")}</h1>
        <p className="mt-2 text-stone-700">{t("notifications.admin.intro")}</p>
        <p className="mt-2 font-medium">{t("notifications.admin.counts", counts)}</p>
        <p className="mt-1 text-sm">
          <Link to="/admin/reconciliation">{t("notifications.admin.reconciliationLink")}</Link>
        </p>
      </div>
      {actionData?.ok ? (
        <p role="status" className="rounded-lg bg-brand-50 p-3 text-sm text-brand-900">
          {t("notifications.admin.retried")}
        </p>
      ) : actionData ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-900">
          {t(actionData.error)}
        </p>
      ) : null}
      {problems.length === 0 ? (
        <p className="card p-6">{t("notifications.admin.empty")}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-stone-200 bg-stone-50">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("notifications.admin.recipient")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("notifications.admin.kind")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("notifications.admin.state")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("notifications.admin.attempts")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("notifications.admin.next")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("notifications.admin.error")}
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("notifications.admin.retry")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p) => (
                <tr key={p.notificationId} className="border-b border-stone-100 align-top last:border-0">
                  <td className="px-3 py-2">{p.recipient}</td>
                  <td className="px-3 py-2 font-mono text-xs">{p.kind}</td>
                  <td className="px-3 py-2">{t(`notifications.admin.state.${p.state}`)}</td>
                  <td className="px-3 py-2">{p.attempts}</td>
                  <td className="whitespace-nowrap px-3 py-2">{p.nextAttemptAt ? formatDateTime(p.nextAttemptAt, locale) : "—"}</td>
                  <td className="max-w-md break-words px-3 py-2 font-mono text-xs">{p.lastError ?? "—"}</td>
                  <td className="px-3 py-2">
                    {p.state === "failed" ? (
                      <Form method="post">
                        <input type="hidden" name="notificationId" value={p.notificationId} />
                        <button type="submit" className="btn-secondary px-3 py-1.5 text-xs">
                          {t("notifications.admin.retry")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
