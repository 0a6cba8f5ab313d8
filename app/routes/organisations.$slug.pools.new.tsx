import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextArea, TextField } from "../components/ui/field";
import { MoneyField } from "../components/ui/money-field";
import { fieldError, formDataToObject, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import type { MessageKey } from "../i18n/i18n";
import { useLocale, useT } from "../i18n/use-t";
import { poolSchema } from "../matching/matching-schema";
import { getOrganisationBySlug, roleInOrganisation } from "../matching/organisations.server";
import { createPool } from "../matching/pools.server";
import { fundUnallocated } from "../matching/funds.server";
import { formatMoney } from "../i18n/format";
import { listNeighbourhoods } from "../neighbourhoods/neighbourhoods.server";
import { projectCategories } from "../projects/project";

/** A member of a verified organisation opens a matching pool; its rules become public (/pools/:id). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

async function requireMember(context: LoaderFunctionArgs["context"], request: Request, slug: string | undefined) {
  const user = await requireUser(context, request);
  const org = await getOrganisationBySlug(context.services.db, slug ?? "");
  if (!org) throw new Response("Not found", { status: 404 });
  if (!(await roleInOrganisation(context.services.db, org.id, user))) throw new Response("Forbidden", { status: 403 });
  return { user, org };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { org } = await requireMember(context, request, params.slug);
  const { t } = await getTranslator(context, request);
  const neighbourhoods = await listNeighbourhoods(context.services.db);
  const today = context.services.clock.now().toISOString().slice(0, 10);
  // With a neighbourhood fund (decision 080) the pool may be paid from it: what is free there now.
  const fundFree = await fundUnallocated(context.services.db, org.id, context.services.clock.now());
  return {
    fundFree,
    fromFund: new URL(request.url).searchParams.get("fromFund") === "1",
    title: `${t("matching.new.title", { organisation: org.name })} · ${t("app.name")}`,
    organisation: { name: org.name, slug: org.slug },
    neighbourhoods: neighbourhoods.map((n) => ({ id: n.id, name: n.name })),
    today,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, org } = await requireMember(context, request, params.slug);
  const { locale } = await getTranslator(context, request);
  const formData = await request.formData();
  const form = parseForm(poolSchema(locale), formData);
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock } = context.services;
  const result = await createPool(db, { organisationSlug: org.slug, actor: user, pool: form.data, now: clock.now() });
  if (!result.ok) {
    const field =
      result.error === "UnknownNeighbourhood"
        ? "neighbourhoodIds"
        : result.error === "FundTooSmall"
          ? "budget"
          : result.error === "NoFund"
            ? "fromFund"
            : "_form";
    // The form keeps what was typed (a budget too large for the fund is fixed, not retyped).
    const values = Object.fromEntries(Object.entries(formDataToObject(formData)).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
    return data({ ...fieldError(field, `matching.error.${result.error}` as MessageKey), values }, { status: 400 });
  }
  return redirectWithFlash(context, request, `/pools/${result.poolId}`, { kind: "success", key: "matching.new.created" });
}

export default function NewPool() {
  const { organisation, neighbourhoods, today, fundFree, fromFund } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const locale = useLocale();
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values: Record<string, string> = actionData && !actionData.ok ? actionData.values : {};
  const picked = (key: string) => new Set((values[key] ?? "").split(",").filter(Boolean));
  const pickedNeighbourhoods = picked("neighbourhoodIds");
  const pickedCategories = picked("categories");
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("matching.new.title", { organisation: organisation.name })}</h1>
      <p className="text-stone-700">{t("matching.new.intro")}</p>
      <FormErrorSummary errors={errors} />
      {errors?._form ? (
        <p className="font-medium text-red-700" role="alert">
          {t(errors._form)}
        </p>
      ) : null}
      <Form method="post" className="card space-y-4 p-5" noValidate>
        <TextField label={t("matching.new.name")} name="name" required defaultValue={values.name} error={errors?.name} />
        <TextArea label={t("matching.new.description")} name="description" optional rows={3} defaultValue={values.description} error={errors?.description} />
        <div className="grid gap-4 sm:grid-cols-2">
          <MoneyField label={t("matching.new.budget")} name="budget" defaultValue={values.budget} error={errors?.budget} />
          <MoneyField label={t("matching.new.cap")} name="capPerProject" defaultValue={values.capPerProject} error={errors?.capPerProject} />
          <TextField
            label={t("matching.new.ratio")}
            hint={t("matching.new.ratioHint")}
            name="ratioPercent"
            inputMode="numeric"
            defaultValue={values.ratioPercent ?? "100"}
            error={errors?.ratioPercent}
          />
          <TextField
            label={t("matching.new.minBackers")}
            name="minBackers"
            inputMode="numeric"
            defaultValue={values.minBackers ?? "3"}
            error={errors?.minBackers}
          />
          <TextField
            label={t("matching.new.threshold")}
            hint={t("matching.new.thresholdHint")}
            name="thresholdPercent"
            inputMode="numeric"
            optional
            defaultValue={values.thresholdPercent}
            error={errors?.thresholdPercent}
          />
          <div />
          <TextField label={t("matching.new.startsOn")} name="startsOn" type="date" defaultValue={values.startsOn ?? today} error={errors?.startsOn} />
          <TextField label={t("matching.new.endsOn")} name="endsOn" type="date" defaultValue={values.endsOn} error={errors?.endsOn} />
        </div>
        {fundFree !== null ? (
          <div className="space-y-1">
            <label className="flex items-center gap-2 py-1 font-medium">
              <input
                type="checkbox"
                name="fromFund"
                defaultChecked={actionData && !actionData.ok ? values.fromFund === "on" : fromFund}
                aria-describedby="fromFund-hint"
                className="h-5 w-5"
              />
              {t("matching.new.fromFund")}
            </label>
            <p id="fromFund-hint" className="text-sm text-stone-700">
              {t("matching.new.fromFundHint", { amount: formatMoney(fundFree, locale) })}
            </p>
            {errors?.fromFund ? (
              <p className="text-sm font-medium text-red-700" role="alert">
                {t(errors.fromFund)}
              </p>
            ) : null}
          </div>
        ) : null}
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-stone-800">{t("matching.new.neighbourhoods")}</legend>
          {errors?.neighbourhoodIds ? (
            <p className="text-sm font-medium text-red-700" role="alert">
              {t(errors.neighbourhoodIds)}
            </p>
          ) : null}
          <div className="grid gap-1 sm:grid-cols-2">
            {neighbourhoods.map((n) => (
              <label key={n.id} className="flex items-center gap-2 py-1">
                <input type="checkbox" name="neighbourhoodIds" value={n.id} defaultChecked={pickedNeighbourhoods.has(n.id)} className="h-5 w-5" />
                {n.name}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-stone-800">{t("matching.new.categories")}</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {projectCategories.map((c) => (
              <label key={c} className="flex items-center gap-2 py-1">
                <input type="checkbox" name="categories" value={c} defaultChecked={pickedCategories.has(c)} className="h-5 w-5" />
                {t(`projects.category.${c}` as MessageKey)}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy}>
          {t("matching.new.submit")}
        </button>
      </Form>
    </div>
  );
}
