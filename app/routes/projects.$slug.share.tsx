import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireUser } from "../auth/guards.server";
import { shareChannelLinks, shareLink } from "../ambassadors/share-code";
import { ShowPubliclySchema } from "../ambassadors/share-schema";
import { chooseShowPublicly, getShareKit } from "../ambassadors/share-kit.server";
import { FormErrorSummary } from "../components/ui/field";
import { fieldError, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { requireVisibleProject } from "../projects/access.server";

/**
 * The share kit (issue 16, docs/decisions/076-ambassadors.md): one's own link for a project, a
 * ready text per channel in one's language, the printable poster, and the opt-in to be thanked on
 * the project page. Signed in; anyone who can see a live project may share it.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  const { db, clock, env } = context.services;
  const { t } = await getTranslator(context, request);
  const kit = await getShareKit(db, { userId: user.id, project, now: clock.now() });
  const url = kit.code ? shareLink(env.APP_URL, project.slug, kit.code) : null;
  const text = t("ambassadors.share.text", { title: project.title });
  return {
    title: `${t("ambassadors.share.title", { title: project.title })} · ${t("app.name")}`,
    project: { slug: project.slug, title: project.title },
    url,
    text,
    channels: url ? shareChannelLinks({ text, subject: t("ambassadors.share.subject", { title: project.title }), url }) : null,
    showPublicly: kit.showPublicly,
    brought: kit.brought,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  const form = parseForm(ShowPubliclySchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock } = context.services;
  const result = await chooseShowPublicly(db, { userId: user.id, project, show: form.data.show, now: clock.now() });
  if (!result.ok) return data(fieldError("show", result.error), { status: 400 });
  return redirectWithFlash(context, request, `/projects/${project.slug}/share`, { kind: "success", key: "ambassadors.share.show.saved" });
}

function CopyButton({ url }: { url: string }) {
  const t = useT();
  const [live, setLive] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setLive(true), []);
  // Without JavaScript there is nothing to click: the link sits selectable in the field above.
  if (!live) return null;
  return (
    <button type="button" className="btn-secondary" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}>
      {copied ? t("ambassadors.share.copied") : t("ambassadors.share.copy")}
    </button>
  );
}

export default function ShareKitPage() {
  const { project, url, text, channels, showPublicly, brought } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const locale = useLocale();
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const channelNames = { whatsapp: "WhatsApp", email: t("ambassadors.share.email"), facebook: "Facebook", x: "X" } as const;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 className="text-2xl font-bold break-words">{t("ambassadors.share.title", { title: project.title })}</h1>
      <p className="text-stone-700">{t("ambassadors.share.intro")}</p>
      {brought.backers > 0 ? (
        <p className="font-semibold">{t("ambassadors.share.brought", { count: brought.backers, amount: formatMoney(brought.amountCents, locale) })}</p>
      ) : null}
      {url && channels ? (
        <>
          <section className="card space-y-3 p-4" aria-labelledby="share-link-label">
            <label id="share-link-label" htmlFor="share-link" className="block font-semibold">
              {t("ambassadors.share.link")}
            </label>
            <p id="share-link-hint" className="text-sm text-stone-700">
              {t("ambassadors.share.link.hint")}
            </p>
            <input id="share-link" name="link" type="text" readOnly value={url} aria-describedby="share-link-hint" className="input w-full font-mono text-sm" />
            <CopyButton url={url} />
          </section>
          <section className="card space-y-3 p-4" aria-labelledby="share-channels-title">
            <h2 id="share-channels-title" className="text-lg font-bold">
              {t("ambassadors.share.channels")}
            </h2>
            <p className="text-sm text-stone-700">
              <span className="font-semibold">{t("ambassadors.share.text.label")}:</span> {text}
            </p>
            <ul className="flex flex-wrap gap-2">
              {(Object.keys(channels) as (keyof typeof channels)[]).map((channel) => (
                <li key={channel}>
                  <a href={channels[channel]} target="_blank" rel="noopener noreferrer" className="btn-secondary px-3 py-1.5">
                    {channelNames[channel]}
                    <span className="sr-only"> {t("ambassadors.share.newWindow")}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section className="card space-y-2 p-4" aria-labelledby="share-poster-title">
            <h2 id="share-poster-title" className="text-lg font-bold">
              <Link to={`/projects/${project.slug}/poster`}>{t("ambassadors.share.poster")}</Link>
            </h2>
            <p className="text-sm text-stone-700">{t("ambassadors.share.poster.intro")}</p>
          </section>
          <section className="card space-y-3 p-4" aria-labelledby="share-show-title">
            <h2 id="share-show-title" className="text-lg font-bold">
              {t("ambassadors.share.show.title")}
            </h2>
            <Form method="post" className="space-y-3">
              <FormErrorSummary errors={errors} />
              <input type="hidden" name="intent" value="show" />
              <div className="flex items-start gap-2">
                <input id="share-show" type="checkbox" name="show" defaultChecked={showPublicly} aria-describedby="share-show-hint" className="mt-1" />
                <label htmlFor="share-show">{t("ambassadors.share.show.label")}</label>
              </div>
              <p id="share-show-hint" className="text-sm text-stone-700">
                {t("ambassadors.share.show.hint")}
              </p>
              <button type="submit" className="btn-primary" disabled={busy}>
                {t("ambassadors.share.show.save")}
              </button>
            </Form>
          </section>
        </>
      ) : (
        <p className="card p-4">{t("ambassadors.share.notLive")}</p>
      )}
    </div>
  );
}
