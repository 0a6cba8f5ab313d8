import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { ResponsiveImage } from "../components/ui/responsive-image";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { ItemForm } from "../components/lending/item-form";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { lendingErrorKey } from "../lending/errors";
import { listOwnedCircles } from "../lending/circles.server";
import { getItemForOwner, updateItem } from "../lending/items.server";
import { itemSchema, itemInputFrom } from "../lending/lending-schema";
import { redirectWithFlash } from "../http/flash.server";
import { centsToInput } from "../utils/money";
import { fieldError, formDataToObject, parseForm } from "../forms/forms";
import { filesFrom, parseMultipartForm } from "../http/uploads.server";
import { limitReached, tooMany } from "../http/limits.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const item = await getItemForOwner(context.services.db, params.itemId ?? "", user.id);
  if (!item) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  return {
    title: `${t("lending.form.edit.title", { title: item.title })} · ${t("app.name")}`,
    item,
    circles: await listOwnedCircles(context.services.db, user.id),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
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
  const itemId = params.itemId ?? "";
  const removePhotoIds = parsed.formData.getAll("removePhoto").filter((v): v is string => typeof v === "string");
  const result = await updateItem(db, storage, {
    ownerId: user.id,
    itemId,
    item: itemInputFrom(form.data),
    newPhotos: photos,
    removePhotoIds,
    now: clock.now(),
  });
  if (!result.ok) {
    if (result.error === "NotFound") throw new Response("Not found", { status: 404 });
    return data(
      { ...fieldError(result.field, lendingErrorKey(result.error)), values: formDataToObject(parsed.formData) as Record<string, string> },
      { status: 400 },
    );
  }
  return redirectWithFlash(context, request, `/items/${itemId}`, { kind: "success", key: "lending.flash.itemSaved" });
}

export default function EditItem() {
  const { item, circles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const money = (cents: number | null) => (cents ? centsToInput(cents, locale) : "");
  const values =
    actionData && !actionData.ok && Object.keys(actionData.values).length
      ? actionData.values
      : {
          title: item.title,
          description: item.description,
          category: item.category,
          condition: item.condition,
          replacementValue: money(item.replacementValueCents),
          deposit: money(item.depositCents),
          feePerDay: money(item.feePerDayCents),
          maxLoanDays: String(item.maxLoanDays),
          audience: item.audience,
          postcode: item.postcode4 ?? "",
          pickupAddress: item.pickupAddress,
          circleIds: item.circleIds,
          minTrustLevel: String(item.minTrustLevel),
          waiveDepositTrusted: item.waiveDepositTrusted ? "on" : "",
        };
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("lending.form.edit.title", { title: item.title })}</h1>
      <ItemForm
        values={values}
        errors={errors}
        submitLabel={t("lending.form.submitEdit")}
        busy={busy}
        photosRequired={false}
        circles={circles}
        photosSlot={
          <fieldset>
            <legend className="text-sm font-medium text-stone-800">{t("lending.form.currentPhotos")}</legend>
            <ul className="mt-2 grid grid-cols-3 gap-3 sm:grid-cols-5">
              {item.photos.map((p, i) => (
                <li key={p.id} className="space-y-1">
                  <ResponsiveImage
                    image={p.card}
                    alt={t("lending.card.photoOf", { title: item.title })}
                    sizes="(min-width: 640px) 9rem, 33vw"
                    className="rounded-lg"
                  />
                  <label className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="removePhoto" value={p.id} />
                    {t("lending.form.removePhoto", { n: i + 1 })}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        }
      />
    </div>
  );
}
