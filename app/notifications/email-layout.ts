import { type Locale, translate } from "../i18n/i18n";
import { absoluteUrl } from "../utils/app-url";
import { type NotificationData, type NotificationKind, notificationKinds } from "./kinds";
import { renderCopy } from "./templates";

/**
 * Turns a notification into an e-mail: the same words as a plain-text part and an HTML part, a
 * greeting, the call to action with an absolute link, and a footer that says why the mail came and
 * how to stop it (one-click unsubscribe for the category; docs/decisions/012-email-and-unsubscribe.md).
 * Pure: every interpolated value is escaped for HTML here.
 */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Absolute URL of the page the mail is about. */
  url: string;
}

export interface EmailContext {
  locale: Locale;
  appUrl: string;
  recipientName: string;
  /** Null for mails that cannot be switched off (transactional, account). */
  unsubscribeUrl: string | null;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export { absoluteUrl };

export function renderEmail<K extends NotificationKind>(kind: K, data: NotificationData<K>, ctx: EmailContext): RenderedEmail {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(ctx.locale, key, params);
  const copy = renderCopy(kind, data, ctx.locale);
  const url = absoluteUrl(ctx.appUrl, copy.path);
  const preferencesUrl = absoluteUrl(ctx.appUrl, "/settings/notifications");
  const spec = notificationKinds[kind];
  const category = t(`notifications.category.${spec.category}`);
  const footer: { text: string; links: { label: string; href: string }[] } =
    spec.category === "account"
      ? { text: t("notifications.email.account"), links: [] }
      : spec.transactional || !ctx.unsubscribeUrl
        ? { text: t("notifications.email.transactional"), links: [{ label: t("notifications.email.preferences"), href: preferencesUrl }] }
        : {
            text: t("notifications.email.reason", { category }),
            links: [
              { label: t("notifications.email.unsubscribe"), href: ctx.unsubscribeUrl },
              { label: t("notifications.email.preferences"), href: preferencesUrl },
            ],
          };

  const sectionsText = (copy.sections ?? []).flatMap((s) => [
    "",
    s.title,
    ...s.items.map((i) => `- ${i.title}${i.detail ? ` (${i.detail})` : ""}: ${absoluteUrl(ctx.appUrl, i.path)}`),
  ]);
  const text = [
    t("notifications.email.greeting", { name: ctx.recipientName }),
    "",
    ...copy.body.flatMap((p) => [p, ""]),
    ...(sectionsText.length ? [...sectionsText.slice(1), ""] : []),
    `${copy.action}: ${url}`,
    "",
    t("notifications.email.signature"),
    "",
    "-- ",
    footer.text,
    ...footer.links.map((l) => `${l.label}: ${l.href}`),
    "",
  ].join("\n");

  const e = escapeHtml;
  const link = "color:#0f663c;text-decoration:underline";
  const sectionsHtml = (copy.sections ?? [])
    .map(
      (s) =>
        `<h2 style="font-size:18px;margin:24px 0 8px">${e(s.title)}</h2><ul style="padding-left:20px;margin:0">${s.items
          .map(
            (i) =>
              `<li style="margin:4px 0"><a href="${e(absoluteUrl(ctx.appUrl, i.path))}" style="${link}">${e(i.title)}</a>${i.detail ? ` — ${e(i.detail)}` : ""}</li>`,
          )
          .join("")}</ul>`,
    )
    .join("");
  const html = `<!doctype html>
<html lang="${ctx.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(copy.subject)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f4;color:#1c1917;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">
<div role="article" aria-label="${e(copy.subject)}" style="max-width:600px;margin:0 auto;padding:24px">
<p style="margin:0 0 16px;font-weight:bold;font-size:18px;color:#0f5132">Buurtkracht</p>
<div style="background:#ffffff;border:1px solid #e7e5e4;border-radius:12px;padding:24px">
<h1 style="font-size:22px;margin:0 0 16px">${e(copy.subject)}</h1>
<p style="margin:0 0 16px">${e(t("notifications.email.greeting", { name: ctx.recipientName }))}</p>
${copy.body.map((p) => `<p style="margin:0 0 16px">${e(p)}</p>`).join("\n")}
${sectionsHtml}
<p style="margin:24px 0"><a href="${e(url)}" style="display:inline-block;background:#0f663c;color:#ffffff;padding:12px 20px;border-radius:8px;font-weight:bold;text-decoration:none">${e(copy.action)}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#44403c">${e(t("notifications.email.linkFallback"))}<br><a href="${e(url)}" style="${link};word-break:break-all">${e(url)}</a></p>
<p style="margin:0">${e(t("notifications.email.signature"))}</p>
</div>
<p style="margin:16px 0 0;font-size:13px;color:#44403c">${e(footer.text)}${footer.links
    .map((l) => `<br><a href="${e(l.href)}" style="${link}">${e(l.label)}</a>`)
    .join("")}</p>
</div>
</body>
</html>
`;
  return { subject: copy.subject, text, html, url };
}

/** What the bell list shows for one notification. */
export function renderInApp<K extends NotificationKind>(kind: K, data: NotificationData<K>, locale: Locale): { title: string; body: string; path: string } {
  const copy = renderCopy(kind, data, locale);
  return { title: copy.subject, body: copy.body[0] ?? "", path: copy.path };
}
