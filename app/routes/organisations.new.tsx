import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, SelectField, TextArea, TextField } from "../components/ui/field";
import { parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { OrganisationRequestSchema } from "../matching/matching-schema";
import { organisationKinds } from "../matching/organisation";
import { requestOrganisation } from "../matching/organisations.server";

/** A user asks for an organisation account; a site admin verifies it (/admin/organisations). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  return { title: `${t("matching.request.title")} · ${t("app.name")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = parseForm(OrganisationRequestSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock } = context.services;
  const result = await requestOrganisation(db, { ...form.data, userId: user.id, now: clock.now() });
  return redirectWithFlash(context, request, `/organisations/${result.slug}`, { kind: "success", key: "matching.request.sent" });
}

export default function RequestOrganisation() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("matching.request.title")}</h1>
      <p className="text-stone-700">{t("matching.request.intro")}</p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="card space-y-4 p-5" noValidate>
        <TextField label={t("matching.request.name")} name="name" required defaultValue={values.name} error={errors?.name} />
        <SelectField
          label={t("matching.request.kind")}
          name="kind"
          defaultValue={values.kind ?? ""}
          placeholder="—"
          options={organisationKinds.map((k) => ({ value: k, label: t(`matching.kind.${k}`) }))}
          error={errors?.kind}
        />
        <TextArea
          label={t("matching.request.description")}
          name="description"
          optional
          rows={4}
          defaultValue={values.description}
          error={errors?.description}
        />
        <TextField label={t("matching.request.website")} name="website" type="url" optional defaultValue={values.website} error={errors?.website} />
        <button type="submit" className="btn-primary" disabled={busy}>
          {t("matching.request.submit")}
        </button>
      </Form>
    </div>
  );
}
