import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getOptionalUser, requireUser } from "../auth/guards.server";
import { IdeaStatusBadge } from "../components/ideas/idea-card";
import { ConfirmButton } from "../components/ui/confirm";
import { FormErrorSummary, SelectField, TextArea, TextField } from "../components/ui/field";
import { ResponsiveImage } from "../components/ui/responsive-image";
import { type FieldErrors, fieldError, parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { overLimit } from "../http/limits.server";
import { getTranslator } from "../http/locale.server";
import { publicPageMeta } from "../http/seo";
import { statusChoices } from "../ideas/idea";
import { IdeaActionSchema } from "../ideas/idea-schema";
import { allowProjectMaker, commentOnIdea, respondToIdea, setHelp, setSupport } from "../ideas/ideas.server";
import { getIdeaPage } from "../ideas/reads.server";
import type { MessageKey } from "../i18n/i18n";
import { formatDate, formatDateTime } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { nudgeDelivery } from "../notifications/delivery.server";
import { markdownToText } from "../utils/markdown.server";

export const meta: MetaFunction<typeof loader> = (args) => {
  if (!args.data) return [{ title: "Buurtkracht" }];
  const tags = publicPageMeta(args, { title: args.data.title, description: args.data.description, image: null, imageAlt: "" });
  return args.data.page.idea.hidden ? [...tags, { name: "robots", content: "noindex" }] : tags;
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const page = await getIdeaPage(context.services.db, params.ideaId ?? "", user?.id ?? null);
  if (!page) throw new Response("Not Found", { status: 404 });
  const { t } = await getTranslator(context, request);
  return { title: `${page.idea.title} · ${t("ideas.title")} · ${t("app.name")}`, description: markdownToText(page.idea.body, 200), page };
}

const flashOf = {
  support: "ideas.flash.supported",
  unsupport: "ideas.flash.unsupported",
  help: "ideas.flash.helping",
  unhelp: "ideas.flash.unhelped",
  comment: "ideas.flash.commented",
  respond: "ideas.flash.answered",
  "allow-maker": "ideas.flash.makerSaved",
} as const satisfies Record<string, MessageKey>;

const anchorOf = {
  support: "support",
  unsupport: "support",
  help: "helpers",
  unhelp: "helpers",
  comment: "comments",
  respond: "follow-up",
  "allow-maker": "project",
} as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const ideaId = params.ideaId ?? "";
  const form = parseIntentForm(IdeaActionSchema, await request.formData());
  if (!form.ok) return data({ ...form, intent: form.intent }, { status: 400 });
  const { db, clock } = context.services;
  const now = clock.now();
  const f = form.data;
  let result: { ok: true } | { ok: false; error: MessageKey };
  let field = "_form";
  switch (f.intent) {
    case "support":
    case "unsupport":
      result = await setSupport(db, { ideaId, userId: user.id, support: f.intent === "support", now });
      break;
    case "help":
    case "unhelp":
      result = await setHelp(db, { ideaId, userId: user.id, helping: f.intent === "help", note: f.intent === "help" ? f.note : "", now });
      field = "note";
      break;
    case "comment": {
      const limited = await overLimit(context, "comment.user", user.id, { body: f.body });
      if (limited) return limited;
      result = await commentOnIdea(db, { ideaId, authorId: user.id, body: f.body, now });
      field = "body";
      break;
    }
    case "respond":
      result = await respondToIdea(db, { ideaId, actorId: user.id, organisationId: f.organisationId, to: f.status, response: f.response, now });
      field = result.ok ? "_form" : result.error === "ideas.error.reasonRequired" || result.error === "ideas.error.nothingToSay" ? "response" : "status";
      break;
    case "allow-maker":
      result = await allowProjectMaker(db, { ideaId, posterId: user.id, helperId: f.helperId || null, now });
      field = "helperId";
      break;
  }
  if (!result.ok) {
    if (result.error === "ideas.error.notFound") throw new Response("Not Found", { status: 404 });
    return data({ ...fieldError(field, result.error), intent: f.intent }, { status: 400 });
  }
  await nudgeDelivery(context.services);
  return redirectWithFlash(context, request, `/ideas/${ideaId}#${anchorOf[f.intent]}`, { kind: "success", key: flashOf[f.intent] });
}

export default function IdeaPage() {
  const { page } = useLoaderData<typeof loader>();
  const { idea, timeline, helpers, comments, responders, viewer } = page;
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string): FieldErrors | undefined => (actionData && !actionData.ok && actionData.intent === intent ? actionData.errors : undefined);
  const respondErrors = errorsFor("respond");
  const helpErrors = errorsFor("help");
  const commentErrors = errorsFor("comment");
  const makerErrors = errorsFor("allow-maker");
  const supportErrors = errorsFor(viewer?.supports ? "unsupport" : "support");
  return (
    <article className="mx-auto max-w-3xl space-y-6">
      <p>
        <Link to="/ideas">← {t("ideas.page.back")}</Link>
      </p>
      {idea.hidden ? (
        <p className="rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900" role="note">
          {t("ideas.page.hidden", { reason: idea.hidden.reason ?? "" })}
        </p>
      ) : null}
      <header className="space-y-2">
        <p className="flex flex-wrap items-center gap-2 text-sm text-stone-600">
          <span className="font-semibold uppercase tracking-wide">{t(`ideas.kind.${idea.kind}`)}</span>
          <IdeaStatusBadge status={idea.status} />
          <span>{t(`ideas.category.${idea.category as "other"}`)}</span>
        </p>
        <h1 className="text-3xl font-bold">{idea.title}</h1>
        <p className="text-sm text-stone-600">
          {t("ideas.page.by", { name: idea.author.displayName, date: formatDate(idea.createdAt, locale) })} ·{" "}
          <Link to={`/u/${idea.author.handle}`}>{idea.author.displayName}</Link>
        </p>
        <p className="text-sm text-stone-700">
          <span className="font-medium">{t("ideas.page.where")}:</span>{" "}
          {[idea.street, [idea.postcode4, idea.place].filter(Boolean).join(" "), `${idea.neighbourhood.name}, ${idea.neighbourhood.city}`]
            .filter(Boolean)
            .join(" · ")}
        </p>
      </header>

      {idea.photo ? (
        <ResponsiveImage image={idea.photo.large} alt={idea.photo.alt} sizes="(min-width: 768px) 48rem, 100vw" priority className="w-full rounded-lg" />
      ) : null}
      <div className="prose-bk max-w-none" dangerouslySetInnerHTML={{ __html: idea.bodyHtml }} />
      {viewer && !viewer.isPoster && !idea.hidden ? (
        <p className="text-sm">
          <Link to={`/report?kind=idea&id=${idea.id}`}>{t("moderation.report.link")}</Link>
        </p>
      ) : null}

      <section id="support" className="card space-y-3 p-4" aria-labelledby="support-title">
        <h2 id="support-title" className="text-lg font-semibold">
          {t("ideas.support.title")}
        </h2>
        <p>
          {t("ideas.card.supports", { count: idea.supportCount })} · {t("ideas.card.helpers", { count: idea.helperCount })}
        </p>
        {!viewer ? (
          <p>
            <Link to={`/login?redirectTo=/ideas/${idea.id}`}>{t("ideas.support.login")}</Link>
          </p>
        ) : viewer.isPoster ? (
          <p className="text-sm text-stone-700">{t("ideas.support.own")}</p>
        ) : idea.hidden ? null : (
          <Form method="post" className="space-y-2">
            <FormErrorSummary errors={supportErrors} />
            {viewer.supports ? <p className="text-sm text-emerald-800">{t("ideas.support.yours")}</p> : null}
            <button
              type="submit"
              name="intent"
              value={viewer.supports ? "unsupport" : "support"}
              className={viewer.supports ? "btn-secondary" : "btn-primary"}
              disabled={busy}
            >
              {viewer.supports ? t("ideas.support.withdraw") : t("ideas.support.button")}
            </button>
          </Form>
        )}
      </section>

      <section id="follow-up" className="card space-y-3 p-4" aria-labelledby="followup-title">
        <h2 id="followup-title" className="text-lg font-semibold">
          {t("ideas.followup.title")}
        </h2>
        <p className="text-sm text-stone-700">
          {responders.length > 0 ? t("ideas.followup.responders", { names: responders.map((r) => r.name).join(", ") }) : t("ideas.followup.noResponders")}
        </p>
        <ol className="space-y-3 border-l-2 border-stone-200 pl-4">
          {timeline.map((e) => (
            <li key={e.id}>
              <p className="text-sm">
                <span className="font-semibold">
                  {e.event === "posted"
                    ? t("ideas.followup.posted")
                    : e.event === "became_project"
                      ? t("ideas.followup.becameProject")
                      : e.changed
                        ? t("ideas.followup.status", { organisation: e.organisation?.name ?? "", status: t(`ideas.status.${e.status}`) })
                        : t("ideas.followup.responded", { organisation: e.organisation?.name ?? "" })}
                </span>{" "}
                <time className="text-stone-600" dateTime={e.at}>
                  {formatDateTime(e.at, locale)}
                </time>
              </p>
              {e.response ? <p className="mt-1 whitespace-pre-line text-stone-800">{e.response}</p> : null}
            </li>
          ))}
        </ol>
        {timeline.every((e) => e.event === "posted" || e.event === "became_project") ? (
          <p className="text-sm text-stone-700">{t("ideas.followup.waiting")}</p>
        ) : null}
        {viewer && viewer.respondsFor.length > 0 ? (
          <Form method="post" className="space-y-3 border-t border-stone-200 pt-3">
            <h3 className="font-semibold">{t("ideas.respond.title")}</h3>
            <FormErrorSummary errors={respondErrors} />
            <input type="hidden" name="intent" value="respond" />
            {viewer.respondsFor.length === 1 ? (
              <input type="hidden" name="organisationId" value={viewer.respondsFor[0]!.id} />
            ) : (
              <SelectField
                label={t("ideas.respond.organisation")}
                name="organisationId"
                options={viewer.respondsFor.map((o) => ({ value: o.id, label: o.name }))}
                error={respondErrors?.organisationId}
              />
            )}
            <SelectField
              label={t("ideas.respond.status")}
              name="status"
              defaultValue={idea.status}
              options={statusChoices(idea.status).map((s) => ({ value: s, label: t(`ideas.status.${s}`) }))}
              error={respondErrors?.status}
            />
            <TextArea
              label={t("ideas.respond.response")}
              hint={t("ideas.respond.response.hint")}
              name="response"
              rows={4}
              maxLength={4000}
              error={respondErrors?.response}
            />
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("ideas.respond.submit")}
            </button>
          </Form>
        ) : null}
      </section>

      <section id="helpers" className="card space-y-3 p-4" aria-labelledby="helpers-title">
        <h2 id="helpers-title" className="text-lg font-semibold">
          {t("ideas.helpers.title")}
        </h2>
        {helpers.length === 0 ? (
          <p className="text-sm text-stone-700">{t("ideas.helpers.none")}</p>
        ) : (
          <ul className="space-y-1">
            {helpers.map((h) => (
              <li key={h.id}>
                <Link to={`/u/${h.handle}`}>{h.displayName}</Link>
                {h.note ? <span className="text-stone-700"> — {h.note}</span> : null}
                {h.isMaker ? <span className="text-sm text-emerald-800"> ({t("ideas.helpers.maker")})</span> : null}
              </li>
            ))}
          </ul>
        )}
        {viewer && !viewer.isPoster && !idea.hidden ? (
          <div className="space-y-2 border-t border-stone-200 pt-3">
            <Form method="post" className="space-y-2">
              <FormErrorSummary errors={helpErrors} />
              <input type="hidden" name="intent" value="help" />
              {viewer.helpNote !== null ? <p className="text-sm text-emerald-800">{t("ideas.help.yours")}</p> : null}
              <TextField
                label={t("ideas.help.note")}
                hint={t("ideas.help.note.hint")}
                name="note"
                maxLength={500}
                defaultValue={viewer.helpNote ?? ""}
                error={helpErrors?.note}
              />
              <button type="submit" className="btn-primary" disabled={busy}>
                {viewer.helpNote !== null ? t("ideas.help.update") : t("ideas.help.submit")}
              </button>
            </Form>
            {viewer.helpNote !== null ? (
              <Form method="post">
                <input type="hidden" name="intent" value="unhelp" />
                <ConfirmButton className="btn-secondary" confirm={t("ideas.help.withdraw.confirm")} disabled={busy}>
                  {t("ideas.help.withdraw")}
                </ConfirmButton>
              </Form>
            ) : null}
          </div>
        ) : null}
      </section>

      <section id="project" className="card space-y-3 p-4" aria-labelledby="project-title">
        <h2 id="project-title" className="text-lg font-semibold">
          {t("ideas.project.title")}
        </h2>
        {idea.project ? (
          <p>
            {t("ideas.project.linked")} <Link to={`/projects/${idea.project.slug}`}>{idea.project.title}</Link>
          </p>
        ) : (
          <>
            {viewer?.isMaker ? <p className="text-sm text-emerald-800">{t("ideas.maker.you")}</p> : null}
            <p className="text-sm text-stone-700">{t("ideas.project.make.hint")}</p>
            {viewer?.mayMakeProject ? (
              <Link to={`/projects/new?idea=${idea.id}`} className="btn-primary inline-block">
                {t("ideas.project.make")}
              </Link>
            ) : null}
            {viewer?.isPoster && helpers.length > 0 && !idea.hidden ? (
              <Form method="post" className="space-y-2 border-t border-stone-200 pt-3">
                <FormErrorSummary errors={makerErrors} />
                <input type="hidden" name="intent" value="allow-maker" />
                <SelectField
                  label={t("ideas.maker.title")}
                  name="helperId"
                  defaultValue={helpers.find((h) => h.isMaker)?.id ?? ""}
                  options={[{ value: "", label: t("ideas.maker.none") }, ...helpers.map((h) => ({ value: h.id, label: h.displayName }))]}
                  error={makerErrors?.helperId}
                />
                <button type="submit" className="btn-secondary" disabled={busy}>
                  {t("ideas.maker.submit")}
                </button>
              </Form>
            ) : null}
          </>
        )}
      </section>

      <section id="comments" className="space-y-3" aria-labelledby="comments-title">
        <h2 id="comments-title" className="text-lg font-semibold">
          {t("ideas.comments.title")}
        </h2>
        {comments.length === 0 ? <p className="text-sm text-stone-700">{t("ideas.comments.none")}</p> : null}
        <ul className="space-y-3">
          {comments.map((c) => (
            <li key={c.id} id={`comment-${c.id}`} className="card p-3">
              <p className="text-sm text-stone-600">
                <Link to={`/u/${c.author.handle}`}>{c.author.displayName}</Link>
                {c.author.isPoster ? ` (${t("ideas.comments.poster")})` : ""} · {formatDateTime(c.createdAt, locale)}
              </p>
              {c.hidden ? <p className="text-sm text-rose-800">{t("ideas.comments.hidden", { reason: c.hiddenReason ?? "" })}</p> : null}
              <p className="mt-1 whitespace-pre-line">{c.body}</p>
            </li>
          ))}
        </ul>
        {viewer && !idea.hidden ? (
          <Form method="post" className="space-y-2">
            <FormErrorSummary errors={commentErrors} />
            <input type="hidden" name="intent" value="comment" />
            <TextArea label={t("ideas.comments.field")} name="body" rows={3} required maxLength={2000} error={commentErrors?.body} />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("ideas.comments.submit")}
            </button>
          </Form>
        ) : null}
      </section>
    </article>
  );
}
