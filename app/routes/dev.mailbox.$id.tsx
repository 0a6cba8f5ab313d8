import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { getMailboxMessage } from "../notifications/mailbox.server";
import { requireMailboxAccess } from "../http/dev-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireMailboxAccess(context, request);
  const message = await getMailboxMessage(context.services.db, Number(params.id));
  if (!message) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  const { html: _html, ...rest } = message;
  return { title: `${message.subject} · ${t("notifications.mailbox.title")}`, message: rest };
}

export default function MailboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/dev/mailbox">{t("notifications.mailbox.back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{message.subject}</h1>
      <dl className="card grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 p-4 text-sm">
        <dt className="font-medium">{t("notifications.mailbox.from")}</dt>
        <dd>{message.from}</dd>
        <dt className="font-medium">{t("notifications.mailbox.to")}</dt>
        <dd>{message.to}</dd>
        <dt className="font-medium">{t("notifications.mailbox.received")}</dt>
        <dd>{formatDateTime(message.receivedAt, locale)}</dd>
      </dl>
      {message.links.length ? (
        <section aria-labelledby="links-heading">
          <h2 id="links-heading" className="text-lg font-semibold">
            {t("notifications.mailbox.links")}
          </h2>
          <ul className="mt-2 space-y-1 break-all text-sm">
            {message.links.map((href) => (
              <li key={href}>
                <a href={href}>{href}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="text-heading">
        <h2 id="text-heading" className="text-lg font-semibold">
          {t("notifications.mailbox.text")}
        </h2>
        <pre className="card mt-2 whitespace-pre-wrap break-words p-4 font-sans text-sm">{message.text}</pre>
        <p className="mt-2 text-sm">
          <a href={`/dev/mailbox/${message.id}/html`}>{t("notifications.mailbox.html")}</a>
        </p>
      </section>
      <section aria-labelledby="headers-heading">
        <h2 id="headers-heading" className="text-lg font-semibold">
          {t("notifications.mailbox.headers")}
        </h2>
        <dl className="card mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 break-all p-4 font-mono text-xs">
          {Object.entries(message.headers).map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="font-semibold">{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
