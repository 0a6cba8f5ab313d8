import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { TextField } from "../components/ui/field";
import { parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDate, formatMoney } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { useLocale, useT } from "../i18n/use-t";
import { recordMatchPayment } from "../matching/matching.server";
import { OrganisationAdminSchema } from "../matching/matching-schema";
import { decideOrganisation, listRequestedOrganisations } from "../matching/organisations.server";
import { listOpenObligations } from "../matching/pools.server";

/** Site admins: verify or reject organisation requests; book organisations' bank transfers of matching. */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const { t } = await getTranslator(context, request);
  const { db } = context.services;
  const [requests, obligations] = await Promise.all([listRequestedOrganisations(db), listOpenObligations(db)]);
  return { title: `${t("matching.admin.title")} · ${t("app.name")}`, requests, obligations };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(context, request, "admin");
  const form = parseIntentForm(OrganisationAdminSchema, await request.formData());
  if (!form.ok) return data({ ...form, target: form.intent }, { status: 400 });
  const { db, clock } = context.services;
  const now = clock.now();
  if (form.data.intent === "mark_paid") {
    const r = await recordMatchPayment(db, { poolId: form.data.poolId, projectId: form.data.projectId, reference: form.data.reference, actor: admin, now });
    if (!r.ok)
      return data(
        {
          ok: false as const,
          errors: { reference: `matching.error.${r.error}` as MessageKey },
          values: {},
          target: `${form.data.poolId}:${form.data.projectId}`,
        },
        { status: 400 },
      );
    return redirectWithFlash(context, request, "/admin/organisations", { kind: "success", key: "matching.admin.paid" });
  }
  const event = form.data.intent === "verify" ? { type: "verify" as const } : { type: "reject" as const, reason: form.data.reason };
  const r = await decideOrganisation(db, { organisationId: form.data.organisationId, event, actor: admin, now });
  if (!r.ok)
    return data(
      { ok: false as const, errors: { reason: `matching.error.${r.error}` as MessageKey }, values: {}, target: form.data.organisationId },
      { status: 400 },
    );
  return redirectWithFlash(context, request, "/admin/organisations", {
    kind: "success",
    key: r.to === "verified" ? "matching.admin.verified" : "matching.admin.rejected",
  });
}

export default function AdminOrganisations() {
  const { requests, obligations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const locale = useLocale();
  const errorsFor = (target: string) =>
    actionData && !actionData.ok && "target" in actionData && actionData.target === target ? actionData.errors : undefined;
  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <h1 className="text-2xl font-bold">{t("matching.admin.title")}</h1>
      <p className="flex flex-wrap gap-4">
        <Link to="/admin/responders">{t("ideas.admin.title")}</Link>
        <Link to="/admin/neighbourhoods">{t("buurt.admin.title")}</Link>
      </p>
      <section className="space-y-3" aria-labelledby="requests">
        <h2 id="requests" className="text-lg font-semibold">
          {t("matching.admin.requests")}
        </h2>
        {requests.length === 0 ? <p className="text-stone-700">{t("matching.admin.noRequests")}</p> : null}
        {requests.map((o) => {
          const errors =
            errorsFor(o.id) ?? (actionData && !actionData.ok && "target" in actionData && actionData.target === "reject" ? actionData.errors : undefined);
          return (
            <div key={o.id} className="card space-y-2 p-4">
              <p className="font-semibold">
                {o.name} · {t(`matching.kind.${o.kind}`)}
              </p>
              <p className="text-sm text-stone-700">
                {o.requestedBy ?? "—"} · {formatDate(o.createdAt, locale)} {o.website ? `· ${o.website}` : ""}
              </p>
              {o.description ? <p className="text-sm">{o.description}</p> : null}
              <div className="flex flex-wrap items-end gap-3">
                <Form method="post">
                  <input type="hidden" name="organisationId" value={o.id} />
                  <button type="submit" name="intent" value="verify" className="btn-primary" disabled={busy}>
                    {t("matching.admin.verify")}
                  </button>
                </Form>
                <Form method="post" className="flex flex-wrap items-end gap-2" noValidate>
                  <input type="hidden" name="organisationId" value={o.id} />
                  <TextField label={t("matching.admin.reason")} name="reason" error={errors?.reason} />
                  <button type="submit" name="intent" value="reject" className="btn-secondary" disabled={busy}>
                    {t("matching.admin.reject")}
                  </button>
                </Form>
              </div>
            </div>
          );
        })}
      </section>
      <section className="space-y-3" aria-labelledby="obligations">
        <h2 id="obligations" className="text-lg font-semibold">
          {t("matching.admin.obligations")}
        </h2>
        {obligations.length === 0 ? <p className="text-stone-700">{t("matching.admin.noObligations")}</p> : null}
        {obligations.map((o) => {
          const errors = errorsFor(`${o.poolId}:${o.projectId}`) ?? errorsFor("mark_paid");
          return (
            <div key={`${o.poolId}:${o.projectId}`} className="card space-y-2 p-4">
              <p>
                <strong>{formatMoney(o.cents, locale)}</strong> · {o.organisationName} ({o.poolName}) →{" "}
                <Link to={`/projects/${o.projectSlug}`} className="underline">
                  {o.projectTitle}
                </Link>
              </p>
              {o.chargeState ? (
                <p className="text-sm text-stone-700">
                  {t(`matching.charge.${o.chargeState}`)}
                  {o.chargeFailure ? ` (${o.chargeFailure})` : ""}
                </p>
              ) : null}
              <Form method="post" className="flex flex-wrap items-end gap-2" noValidate>
                <input type="hidden" name="poolId" value={o.poolId} />
                <input type="hidden" name="projectId" value={o.projectId} />
                <TextField label={t("matching.admin.reference")} name="reference" error={errors?.reference} />
                <button type="submit" name="intent" value="mark_paid" className="btn-primary" disabled={busy}>
                  {t("matching.admin.markPaid")}
                </button>
              </Form>
            </div>
          );
        })}
      </section>
    </div>
  );
}
