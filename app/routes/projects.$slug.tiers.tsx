import { z } from "zod";
import { ConfirmButton } from "../components/ui/confirm";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextArea, TextField } from "../components/ui/field";
import { formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { requireProjectPermission } from "../projects/access.server";
import { redirectWithFlash } from "../http/flash.server";
import { tiersEditable } from "../projects/project";
import { tierSchema } from "../projects/project-schema";
import type { RewardTier } from "../projects/projects.server";
import { deleteTier, saveTier } from "../projects/tiers.server";
import { type FieldErrors, fieldError, parseIntentForm } from "../forms/forms";
import { MoneyField } from "../components/ui/money-field";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "edit");
  if (!tiersEditable(project.status)) throw redirect(`/projects/${project.slug}/dashboard`);
  const { t } = await getTranslator(context, request);
  return { title: `${t("projects.tiers.title")} · ${project.title} · ${t("app.name")}`, project };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "edit");
  const { locale } = await getTranslator(context, request);
  const formData = await request.formData();
  const { db, clock } = context.services;
  const formId = String(formData.get("tierId") || "new");
  const form = parseIntentForm(TierActionSchema(locale), formData, "save");
  if (!form.ok) return data({ ...form, formId }, { status: 400 });
  if (form.data.intent === "delete") {
    const result = await deleteTier(db, { projectId: project.id, actorId: user.id, tierId: form.data.tierId });
    if (!result.ok) return data({ ...fieldError("_form", result.error), formId }, { status: 400 });
    return redirectWithFlash(context, request, `/projects/${project.slug}/tiers`, { kind: "success", key: "projects.tiers.deleted" });
  }
  const { intent: _save, ...tier } = form.data;
  const result = await saveTier(db, { projectId: project.id, actorId: user.id, tier, now: clock.now() });
  if (!result.ok) return data({ ...fieldError("_form", result.error), formId }, { status: 400 });
  return redirectWithFlash(context, request, `/projects/${project.slug}/tiers`, { kind: "success", key: "projects.tiers.saved" });
}

/** A tier form saves (the default) or deletes its tier. */
const TierActionSchema = (locale: "nl" | "en") =>
  z.discriminatedUnion(
    "intent",
    [tierSchema(locale).safeExtend({ intent: z.literal("save") }), z.object({ intent: z.literal("delete"), tierId: z.string().trim().max(64).default("") })],
    "form.invalid",
  );

function TierForm({ tier, errors, values, busy }: { tier: RewardTier | null; errors?: FieldErrors; values?: Record<string, string>; busy: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="space-y-3" noValidate>
      <FormErrorSummary errors={errors} />
      {tier ? <input type="hidden" name="tierId" value={tier.id} /> : null}
      <TextField
        label={t("projects.tier.title")}
        name="title"
        required
        maxLength={100}
        defaultValue={values?.title ?? tier?.title ?? ""}
        error={errors?.title}
      />
      <TextArea
        label={t("projects.tier.description")}
        name="description"
        optional
        maxLength={1000}
        rows={3}
        defaultValue={values?.description ?? tier?.description ?? ""}
        error={errors?.description}
      />
      <div className="grid gap-3 md:grid-cols-2">
        <MoneyField
          label={t("projects.tier.minAmount")}
          name="minAmount"
          required
          defaultValue={values?.minAmount ?? tier?.minCents ?? ""}
          error={errors?.minAmount}
        />
        <TextField
          label={t("projects.tier.quantity")}
          hint={t("projects.tier.quantity.hint")}
          name="quantity"
          type="number"
          min={1}
          optional
          defaultValue={values?.quantity ?? (tier?.quantity ? String(tier.quantity) : "")}
          error={errors?.quantity}
        />
      </div>
      <TextField
        label={t("projects.tier.pickupNote")}
        hint={t("projects.tier.pickupNote.hint")}
        name="pickupNote"
        optional
        maxLength={300}
        defaultValue={values?.pickupNote ?? tier?.pickupNote ?? ""}
        error={errors?.pickupNote}
      />
      <button type="submit" name="intent" value="save" className="btn-primary" disabled={busy}>
        {tier ? t("form.save") : t("projects.tiers.add")}
      </button>
    </Form>
  );
}

export default function Tiers() {
  const { project } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const failed = actionData && !actionData.ok ? actionData : null;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p>
        <Link to={`/projects/${project.slug}/dashboard`}>← {t("projects.dashboard.title")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("projects.tiers.title")}</h1>
      <p className="text-stone-700">{t("projects.tiers.intro")}</p>
      {project.tiers.map((tier) => (
        <section key={tier.id} className="card space-y-3 p-6" aria-labelledby={`tier-${tier.id}`}>
          <h2 id={`tier-${tier.id}`} className="text-xl font-semibold">
            {tier.title} · {t("projects.tier.from", { amount: formatMoney(tier.minCents, locale, { compact: true }) })}
          </h2>
          <TierForm
            tier={tier}
            busy={busy}
            errors={failed?.formId === tier.id ? failed.errors : undefined}
            values={failed?.formId === tier.id ? failed.values : undefined}
          />
          <Form method="post">
            <input type="hidden" name="tierId" value={tier.id} />
            <ConfirmButton name="intent" value="delete" className="btn-danger" disabled={busy} confirm={t("projects.tiers.deleteAsk", { title: tier.title })}>
              {t("projects.tiers.delete", { title: tier.title })}
            </ConfirmButton>
          </Form>
        </section>
      ))}
      <section className="card space-y-3 p-6" aria-labelledby="new-tier">
        <h2 id="new-tier" className="text-xl font-semibold">
          {t("projects.tiers.new")}
        </h2>
        <TierForm
          tier={null}
          busy={busy}
          errors={failed?.formId === "new" ? failed.errors : undefined}
          values={failed?.formId === "new" ? failed.values : undefined}
        />
      </section>
    </div>
  );
}
