import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { ItemForm } from "../components/lending/item-form";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { lendingErrorKey } from "../lending/errors";
import { listOwnedCircles } from "../lending/circles.server";
import { createItem } from "../lending/items.server";
import { itemSchema, itemInputFrom } from "../lending/lending-schema";
import { redirectWithFlash } from "../http/flash.server";
import { fieldError, formDataToObject, parseForm } from "../forms/forms";
import { filesFrom, parseMultipartForm } from "../http/uploads.server";
import { limitReached, tooMany } from "../http/limits.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  return { title: `${t("lending.form.new.title")} · ${t("app.name")}`, circles: await listOwnedCircles(context.services.db, user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const parsed = await parseMultipartForm(request);
  // A photo too large: the message next to the photos, and everything typed kept (issue 13 §1).
  if (!parsed.ok) return data({ ...fieldError("photos", parsed.error), values: formDataToObject(parsed.formData) as Record<string, string> }, { status: 400 });
  const { locale } = await getTranslator(context, request);
  const form = parseForm(itemSchema(locale), parsed.formData);
  if (!form.ok) return data(form, { status: 400 });
  const { db, storage, clock } = context.services;
  const photos = await filesFrom(parsed.formData, "photos");
  const limited = await limitReached(context, "upload.user", user.id, photos.length);
  if (limited) return tooMany(limited, { values: formDataToObject(parsed.formData) as Record<string, string> });
  const result = await createItem(db, storage, {
    ownerId: user.id,
    item: itemInputFrom(form.data),
    photos: photos,
    now: clock.now(),
  });
  if (!result.ok) {
    const values = formDataToObject(parsed.formData) as Record<string, string>;
    return data({ ...fieldError(result.field, lendingErrorKey(result.error)), values }, { status: 400 });
  }
  return redirectWithFlash(context, request, `/items/${result.itemId}`, { kind: "success", key: "lending.flash.itemCreated" });
}

export default function NewItem() {
  const { circles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("lending.form.new.title")}</h1>
      <p className="text-stone-700">{t("lending.form.new.intro")}</p>
      <ItemForm values={values} errors={errors} submitLabel={t("lending.form.submitNew")} busy={busy} photosRequired circles={circles} />
    </div>
  );
}
