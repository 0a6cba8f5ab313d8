import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { listMailbox } from "../notifications/mailbox.server";
import { requireMailboxAccess } from "../http/dev-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireMailboxAccess(context, request);
  const { t } = await getTranslator(context, request);
  const to = new URL(request.url).searchParams.get("to");
  const messages = await listMailbox(context.services.db, { to });
  return { title: `${t("notifications.mailbox.title")} · ${t("app.name")}`, messages, to: to ?? "", smtp: context.services.mailer.kind === "smtp" };
}

export default function Mailbox() {
  const { messages, to, smtp } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("notifications.mailbox.title")}</h1>
        <p className="mt-2 max-w-3xl text-stone-700">{smtp ? t("notifications.mailbox.smtp") : t("notifications.mailbox.intro")}</p>
      </div>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="mailbox-to" className="block text-sm font-medium text-stone-800">
            {t("notifications.mailbox.filter")}
          </label>
          <input id="mailbox-to" name="to" type="email" defaultValue={to} className="input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t("notifications.mailbox.filterSubmit")}
        </button>
      </Form>
      {messages.length === 0 ? (
        <p className="card p-6 text-stone-700">{t("notifications.mailbox.empty")}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-stone-200 bg-stone-50">
              <tr>
                <th scope="col" className="px-4 py-2">
                  {t("notifications.mailbox.received")}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t("notifications.mailbox.to")}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t("notifications.mailbox.subject")}
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id} className="border-b border-stone-100 last:border-0">
                  <td className="whitespace-nowrap px-4 py-2 text-stone-700">{formatDateTime(m.receivedAt, locale)}</td>
                  <td className="px-4 py-2">{m.to}</td>
                  <td className="px-4 py-2">
                    <Link to={`/dev/mailbox/${m.id}`}>{m.subject}</Link>
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
