import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { formatDateTime } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { NotificationActionSchema } from "../notifications/notifications-schema";
import { listNotifications, markAllRead, markRead } from "../notifications/notifications.server";
import { parseForm } from "../forms/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t, locale } = await getTranslator(context, request);
  const before = new URL(request.url).searchParams.get("before");
  const page = await listNotifications(context.services.db, user.id, { locale, before });
  return { title: `${t("notifications.title")} · ${t("app.name")}`, ...page, olderPage: Boolean(before) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = parseForm(NotificationActionSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const now = context.services.clock.now();
  if (form.data.intent === "read") await markRead(context.services.db, user.id, form.data.id, now);
  else await markAllRead(context.services.db, user.id, now);
  return { ok: true as const };
}

export default function Notifications() {
  const { items, nextBefore } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const unread = items.some((i) => !i.read);
  return (
    <div className="mx-auto max-w-3xl">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("notifications.title")}</h1>
        <div className="flex flex-wrap items-center gap-3">
          <Link to="/settings/notifications" className="text-sm">
            {t("notifications.settingsLink")}
          </Link>
          {unread ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read-all" />
              <button type="submit" className="btn-secondary px-3 py-1.5">
                {t("notifications.markAllRead")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {items.length === 0 ? (
        <p className="card mt-6 p-6 text-stone-700">{t("notifications.empty")}</p>
      ) : (
        <ul className="mt-6 space-y-3">
          {items.map((item) => (
            <li key={item.id} className={`card flex flex-wrap items-start gap-3 p-4 ${item.read ? "" : "border-brand-600 bg-brand-50"}`}>
              <div className="min-w-0 flex-1">
                <p className="font-semibold">
                  {!item.read ? <span className="sr-only">{t("notifications.unread")}: </span> : null}
                  {item.path ? <Link to={item.path}>{item.title || t("notifications.unknown")}</Link> : item.title || t("notifications.unknown")}
                </p>
                {item.body ? <p className="mt-1 text-sm text-stone-700">{item.body}</p> : null}
                <p className="mt-1 text-xs text-stone-600">
                  <time dateTime={new Date(item.createdAt).toISOString()}>{formatDateTime(item.createdAt, locale)}</time>
                </p>
              </div>
              {!item.read ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={item.id} />
                  <button type="submit" className="btn-secondary px-3 py-1.5 text-xs">
                    {t("notifications.markRead")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {nextBefore ? (
        <p className="mt-6">
          <Link to={`?${new URLSearchParams({ before: nextBefore })}`}>{t("notifications.more")}</Link>
        </p>
      ) : null}
    </div>
  );
}
