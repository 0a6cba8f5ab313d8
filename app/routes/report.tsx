import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, SelectField, TextArea } from "../components/ui/field";
import { fieldError, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { overLimit } from "../http/limits.server";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { kindLabelKey, moderationErrorKey } from "../moderation/errors";
import { reportReasons } from "../moderation/moderation";
import { ReportSchema } from "../moderation/moderation-schema";
import { fileReport, getReportSubject } from "../moderation/reports.server";

/** /report?kind=item&id=…: a neighbour reports content or a person to the moderators (docs/moderation.md). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

function subjectOf(url: URL) {
  return { kind: (url.searchParams.get("kind") ?? "").slice(0, 40), id: (url.searchParams.get("id") ?? "").slice(0, 100) };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const { kind, id } = subjectOf(new URL(request.url));
  const subject = await getReportSubject(context.services.db, context.services.extensions.reportables, {
    kind,
    id,
    viewerId: user.id,
    now: context.services.clock.now(),
  });
  if (!subject) throw new Response("Not found", { status: 404 });
  return { title: `${t("moderation.report.title")} · ${t("app.name")}`, kind, id, subject };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = parseForm(ReportSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const limited = await overLimit(context, "report.user", user.id, { details: form.data.details, reason: form.data.reason });
  if (limited) return limited;
  const { db, clock, extensions } = context.services;
  const result = await fileReport(db, extensions.reportables, { reporterId: user.id, ...form.data, now: clock.now() });
  if (!result.ok)
    return data(
      { ...fieldError("_form", moderationErrorKey(result.error)), values: { details: form.data.details, reason: form.data.reason } },
      { status: 400 },
    );
  const subject = await getReportSubject(db, extensions.reportables, { kind: form.data.kind, id: form.data.id, viewerId: user.id, now: clock.now() });
  return redirectWithFlash(context, request, subject?.path ?? "/", { kind: "success", key: "moderation.report.sent" });
}

export default function Report() {
  const { kind, id, subject } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-3xl font-bold">{t("moderation.report.title")}</h1>
      <p className="text-stone-700">{t("moderation.report.intro")}</p>
      <p className="card p-4">
        <span className="text-sm text-stone-600">{t(kindLabelKey(kind))}</span>
        <br />
        {t("moderation.report.about", { title: subject.title })} · <Link to={subject.path}>{t("moderation.case.open")}</Link>
      </p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="card space-y-4 p-5" noValidate>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="id" value={id} />
        <SelectField
          label={t("moderation.report.reason")}
          name="reason"
          required
          defaultValue={values.reason ?? ""}
          placeholder=""
          options={reportReasons.map((r) => ({ value: r, label: t(`moderation.reason.${r}`) }))}
          error={errors?.reason}
        />
        <TextArea
          label={t("moderation.report.details")}
          hint={t("moderation.report.details.hint")}
          name="details"
          required
          maxLength={2000}
          defaultValue={values.details ?? ""}
          error={errors?.details}
        />
        <div className="flex flex-wrap items-center gap-4">
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("moderation.report.submit")}
          </button>
          <Link to="/code-of-conduct">{t("moderation.report.coc")}</Link>
        </div>
      </Form>
    </div>
  );
}
