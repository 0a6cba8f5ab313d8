import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { FormErrorSummary, TextArea } from "../components/ui/field";
import { fieldError, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDateTime } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { kindLabelKey, moderationErrorKey } from "../moderation/errors";
import { ModerationActionSchema } from "../moderation/moderation-schema";
import { getReportCase, moderate } from "../moderation/reports.server";

/** One report with its content in context, and the moderator's actions (docs/moderation.md). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "moderator");
  const { t } = await getTranslator(context, request);
  const report = await getReportCase(context.services.db, context.services.extensions.reportables, params.reportId ?? "", user.role);
  if (!report) throw new Response("Not found", { status: 404 });
  return { title: `${t("moderation.case.title", { title: report.content?.title ?? t(kindLabelKey(report.kind)) })} · ${t("app.name")}`, report };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "moderator");
  const form = parseForm(ModerationActionSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock, extensions } = context.services;
  const result = await moderate(db, extensions, {
    reportId: params.reportId ?? "",
    actor: user,
    action: form.data.intent,
    reason: form.data.reason,
    now: clock.now(),
  });
  if (!result.ok) {
    if (result.error === "NotFound") throw new Response("Not found", { status: 404 });
    return data({ ...fieldError("_form", moderationErrorKey(result.error)), values: { reason: form.data.reason } }, { status: 400 });
  }
  return redirectWithFlash(context, request, `/moderation/reports/${params.reportId}`, { kind: "success", key: `moderation.done.${form.data.intent}` });
}

export default function ReportCasePage() {
  const { report } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  const content = report.content;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/moderation/reports">← {t("moderation.case.back")}</Link>
      </p>
      <h1 className="text-3xl font-bold break-words">{t("moderation.case.title", { title: content?.title ?? t(kindLabelKey(report.kind)) })}</h1>
      <section aria-labelledby="report" className="card p-5">
        <h2 id="report" className="text-xl font-bold">
          {t("moderation.case.report")} · {t(`moderation.case.status.${report.status}`)}
        </h2>
        <p className="text-sm text-stone-700">
          {t(`moderation.reason.${report.reason}`)} ·{" "}
          {t("moderation.reports.by", {
            reporter: report.reporter.displayName,
            subject: report.author.displayName,
            at: formatDateTime(report.createdAt, locale),
          })}
        </p>
        <p className="mt-2 break-words whitespace-pre-line">{report.details}</p>
      </section>
      <section aria-labelledby="content" className="card p-5">
        <h2 id="content" className="text-xl font-bold">
          {t("moderation.case.content")} · {t(kindLabelKey(report.kind))}
        </h2>
        <p className="text-sm text-stone-700">
          {t("moderation.case.author", { name: report.author.displayName, handle: report.author.handle })}
          {report.author.suspended ? <strong className="ml-2">{t("moderation.case.authorSuspended")}</strong> : null}
        </p>
        {content ? (
          <>
            <h3 className="mt-2 font-semibold break-words">{content.title}</h3>
            <blockquote className="mt-1 border-l-4 border-stone-300 pl-3 break-words whitespace-pre-line">{content.excerpt}</blockquote>
            {content.hidden ? (
              <p className="mt-2 text-sm font-medium text-red-800">
                {t("moderation.case.hidden", { at: formatDateTime(content.hidden.at, locale), reason: content.hidden.reason ?? "—" })}
              </p>
            ) : null}
            <p className="mt-2">
              <Link to={content.path}>{t("moderation.case.open")}</Link>
            </p>
          </>
        ) : (
          <p className="mt-2">{t("moderation.case.gone")}</p>
        )}
      </section>
      <section aria-labelledby="decide" className="card p-5">
        <h2 id="decide" className="text-xl font-bold">
          {t("moderation.case.decide")}
        </h2>
        <FormErrorSummary errors={errors} />
        {report.actions.length === 0 ? (
          <p className="mt-2">{t("moderation.case.noActions")}</p>
        ) : (
          <Form method="post" className="mt-3 space-y-4" noValidate>
            <TextArea
              label={t("moderation.case.reason")}
              hint={t("moderation.case.reason.hint")}
              name="reason"
              required
              maxLength={1000}
              defaultValue={values.reason ?? ""}
              error={errors?.reason}
            />
            <div className="flex flex-wrap gap-3">
              {report.actions.map((a) => (
                <button
                  key={a}
                  type="submit"
                  name="intent"
                  value={a}
                  disabled={busy}
                  className={a === "suspend" || a === "hide" ? "btn-danger" : a === "dismiss" ? "btn-secondary" : "btn-primary"}
                >
                  {t(`moderation.action.${a}`)}
                </button>
              ))}
            </div>
          </Form>
        )}
      </section>
      {report.history.length > 0 ? (
        <section aria-labelledby="history" className="card p-5">
          <h2 id="history" className="text-xl font-bold">
            {t("moderation.case.history")}
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {report.history.map((h) => (
              <li key={h.id}>
                {formatDateTime(h.createdAt, locale)} · {h.actor.displayName} · {t(`moderation.action.${h.action}`)} · {h.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
