import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "../auth/guards.server";
import { PledgeStatusBadge } from "../components/projects/status";
import { FormErrorSummary, TextArea } from "../components/ui/field";
import { fieldError, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDate, formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { listChargedPledgesForModeration, requestModeratorRefund } from "../pledges/moderator-refunds.server";
import { getProjectBySlug } from "../projects/projects.server";
import { SETTLE_DUE_JOB } from "../settlement/job.server";

/** A moderator refunds one backer's pledge, with a reason the backer is shown (issue 10). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "moderator");
  const project = await getProjectBySlug(context.services.db, params.slug ?? "");
  if (!project || project.status === "draft") throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  return {
    title: `${t("pledges.refund.title")} · ${project.title} · ${t("app.name")}`,
    project: { slug: project.slug, title: project.title, status: project.status },
    pledges: await listChargedPledgesForModeration(context.services.db, project.id),
  };
}

const RefundSchema = z.object({
  pledgeId: z.string().max(64),
  reason: z.string().trim().min(1, "pledges.refund.reasonRequired").max(500, "form.tooLong"),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "moderator");
  const project = await getProjectBySlug(context.services.db, params.slug ?? "");
  if (!project) throw new Response("Not found", { status: 404 });
  const raw = await request.formData();
  const pledgeId = String(raw.get("pledgeId") ?? "");
  const form = parseForm(RefundSchema, raw);
  if (!form.ok) return data({ ...form, pledgeId }, { status: 400 });
  const { db, clock, jobs } = context.services;
  const result = await requestModeratorRefund(db, { projectId: project.id, pledgeId, moderatorId: user.id, reason: form.data.reason, now: clock.now() });
  if (!result.ok) return data({ ...fieldError("reason", result.error), pledgeId }, { status: 400 });
  // The refund runs in the settlement sweep (outside any transaction); start it now rather than within the minute.
  await jobs.send(SETTLE_DUE_JOB, {});
  return redirectWithFlash(context, request, `/moderation/projects/${project.slug}/refunds`, { kind: "success", key: "pledges.refund.asked" });
}

export default function ModeratorRefunds() {
  const { project, pledges } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/moderation/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{t("pledges.refund.title")}</h1>
        <p className="max-w-prose text-stone-700">{t("pledges.refund.intro")}</p>
      </header>
      {pledges.length === 0 ? <p className="card p-6 text-stone-700">{t("pledges.refund.none")}</p> : null}
      <ul className="space-y-4">
        {pledges.map((p) => {
          const errors = actionData && !actionData.ok && actionData.pledgeId === p.id ? actionData.errors : undefined;
          return (
            <li key={p.id} className="card space-y-3 p-4" data-pledge={p.id}>
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{p.backerName}</span>
                <span className="tabular-nums">{formatMoney(p.amountCents, locale)}</span>
                {p.chargedAt ? <span className="text-sm text-stone-700">{formatDate(p.chargedAt, locale)}</span> : null}
                <PledgeStatusBadge status={p.status} />
              </p>
              {p.refundReason ? <p className="text-sm text-stone-700">{t("pledges.refund.doneReason", { reason: p.refundReason })}</p> : null}
              {p.refundPending ? (
                <p className="text-sm text-stone-700" role="status">
                  {t("pledges.refund.pending", { reason: p.refundPending })}
                </p>
              ) : p.status === "charged" ? (
                <Form method="post" className="space-y-2" noValidate>
                  <FormErrorSummary errors={errors} />
                  <input type="hidden" name="pledgeId" value={p.id} />
                  <TextArea
                    label={t("pledges.refund.reason")}
                    hint={t("pledges.refund.reasonHint")}
                    name="reason"
                    required
                    rows={2}
                    maxLength={500}
                    error={errors?.reason}
                  />
                  <button type="submit" className="btn-danger" disabled={busy}>
                    {t("pledges.refund.submit", { amount: formatMoney(p.amountCents, locale) })}
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
