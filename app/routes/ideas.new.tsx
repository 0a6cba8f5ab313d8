import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, SelectField, TextArea, TextField } from "../components/ui/field";
import { PhotoField } from "../components/ui/photo-field";
import { fieldError, formDataToObject, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { limitReached, tooMany } from "../http/limits.server";
import { getTranslator } from "../http/locale.server";
import { filesFrom, parseMultipartForm } from "../http/uploads.server";
import { ideaKinds } from "../ideas/idea";
import { ideaCategories, IdeaFormSchema } from "../ideas/idea-schema";
import { postIdea } from "../ideas/ideas.server";
import { postableNeighbourhoods } from "../ideas/reads.server";
import { useT } from "../i18n/use-t";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const neighbourhoods = await postableNeighbourhoods(context.services.db);
  return {
    title: `${t("ideas.new.title")} · ${t("app.name")}`,
    neighbourhoods: neighbourhoods.map((n) => ({ value: n.id, label: `${n.name} (${n.city})` })),
    defaults: { neighbourhoodId: user.neighbourhoodId, postcode4: user.postcode4 ?? "" },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const parsed = await parseMultipartForm(request);
  const values = () => formDataToObject(parsed.formData) as Record<string, string>;
  // A photo too large: the message next to it, and everything typed kept.
  if (!parsed.ok) return data({ ...fieldError("photo", parsed.error), values: values() }, { status: 400 });
  const form = parseForm(IdeaFormSchema, parsed.formData);
  if (!form.ok) return data(form, { status: 400 });
  const [photo] = await filesFrom(parsed.formData, "photo");
  const limited = (await limitReached(context, "idea.user", user.id)) ?? (await limitReached(context, "upload.user", user.id, photo ? 1 : 0));
  if (limited) return tooMany(limited, { values: values() });
  const { db, storage, clock } = context.services;
  const f = form.data;
  const result = await postIdea(
    { db, storage },
    {
      authorId: user.id,
      idea: {
        neighbourhoodId: f.neighbourhoodId,
        kind: f.kind,
        title: f.title,
        body: f.body,
        category: f.category,
        street: f.street,
        postcode4: f.postcode4 || null,
        point: null,
      },
      photo,
      now: clock.now(),
    },
  );
  if (!result.ok) return data({ ...fieldError(result.field, result.error), values: values() }, { status: 400 });
  return redirectWithFlash(context, request, `/ideas/${result.ideaId}`, { kind: "success", key: "ideas.flash.posted" });
}

export default function NewIdea() {
  const { neighbourhoods, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const typed: Record<string, string> = actionData && !actionData.ok ? actionData.values : {};
  const kind = typed.kind ?? "problem";
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-3xl font-bold">{t("ideas.new.title")}</h1>
      <p className="text-stone-700">{t("ideas.new.intro")}</p>
      <Form method="post" encType="multipart/form-data" className="card space-y-4 p-6" noValidate>
        <FormErrorSummary errors={errors} />
        <fieldset aria-describedby={errors?.kind ? "kind-error" : undefined}>
          <legend className="text-sm font-medium text-stone-800">{t("ideas.field.kind")}</legend>
          <div className="mt-2 space-y-2">
            {ideaKinds.map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input type="radio" name="kind" value={k} defaultChecked={kind === k} />
                {t(`ideas.field.kind.${k}`)}
              </label>
            ))}
          </div>
          {errors?.kind ? (
            <p id="kind-error" className="mt-1 text-sm font-medium text-rose-800">
              {t(errors.kind)}
            </p>
          ) : null}
        </fieldset>
        <TextField
          label={t("ideas.field.title")}
          hint={t("ideas.field.title.hint")}
          name="title"
          required
          maxLength={120}
          defaultValue={typed.title ?? ""}
          error={errors?.title}
        />
        <TextArea
          label={t("ideas.field.body")}
          hint={t("ideas.field.body.hint")}
          name="body"
          required
          rows={8}
          defaultValue={typed.body ?? ""}
          error={errors?.body}
        />
        <SelectField
          label={t("ideas.field.category")}
          name="category"
          required
          defaultValue={typed.category ?? ""}
          placeholder={t("ideas.field.category")}
          options={ideaCategories.map((c) => ({ value: c, label: t(`ideas.category.${c}`) }))}
          error={errors?.category}
        />
        <SelectField
          label={t("ideas.field.neighbourhood")}
          name="neighbourhoodId"
          required
          defaultValue={typed.neighbourhoodId ?? defaults.neighbourhoodId}
          options={neighbourhoods}
          error={errors?.neighbourhoodId}
        />
        <TextField
          label={t("ideas.field.street")}
          hint={t("ideas.field.street.hint")}
          name="street"
          maxLength={120}
          defaultValue={typed.street ?? ""}
          error={errors?.street}
        />
        <TextField
          label={t("ideas.field.postcode4")}
          hint={t("ideas.field.postcode4.hint")}
          name="postcode4"
          inputMode="numeric"
          maxLength={4}
          defaultValue={typed.postcode4 ?? defaults.postcode4}
          error={errors?.postcode4}
        />
        <PhotoField label={t("ideas.field.photo")} hint={t("ideas.field.photo.hint")} name="photo" error={errors?.photo} />
        <button type="submit" className="btn-primary" disabled={busy}>
          {t("ideas.new.submit")}
        </button>
      </Form>
    </div>
  );
}
