import { Form } from "@remix-run/react";
import { PhotoField } from "../ui/photo-field";
import type { ReactNode } from "react";
import type { FieldErrors } from "../../forms/forms";
import { itemAudiences, itemCategories, itemConditions } from "../../lending/item";
import { useT } from "../../i18n/use-t";
import { FieldShell, FormErrorSummary, SelectField, TextArea, TextField } from "../ui/field";
import { MoneyField } from "../ui/money-field";

export interface ItemFormValues {
  title?: string;
  description?: string;
  category?: string;
  condition?: string;
  replacementValue?: string;
  deposit?: string;
  feePerDay?: string;
  maxLoanDays?: string;
  audience?: string;
  postcode?: string;
  pickupAddress?: string;
  /** Checked circles (one value, or several: the form's checkboxes). */
  circleIds?: string | string[];
  minTrustLevel?: string;
  waiveDepositTrusted?: string;
}

/** The listing form, for a new item and for editing one (with its current photos as `photosSlot`). */
export function ItemForm({
  values,
  errors,
  submitLabel,
  busy,
  photosRequired,
  photosSlot,
  circles,
}: {
  values: ItemFormValues;
  errors?: FieldErrors;
  submitLabel: string;
  busy: boolean;
  photosRequired: boolean;
  photosSlot?: ReactNode;
  /** The owner's circles, for "only my circles" (docs/decisions/061). */
  circles: readonly { id: string; name: string }[];
}) {
  const t = useT();
  const checked = new Set(values.circleIds === undefined ? [] : Array.isArray(values.circleIds) ? values.circleIds : [values.circleIds]);
  return (
    <Form method="post" encType="multipart/form-data" className="card space-y-5 p-6" noValidate>
      <FormErrorSummary errors={errors} />
      <TextField
        label={t("lending.field.title")}
        hint={t("lending.field.title.hint")}
        name="title"
        required
        maxLength={120}
        defaultValue={values.title}
        error={errors?.title}
      />
      <TextArea
        label={t("lending.field.description")}
        hint={t("lending.field.description.hint")}
        name="description"
        optional
        maxLength={4000}
        defaultValue={values.description}
        error={errors?.description}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("lending.field.category")}
          name="category"
          required
          placeholder={t("lending.field.category.choose")}
          options={itemCategories.map((c) => ({ value: c, label: t(`lending.category.${c}`) }))}
          defaultValue={values.category ?? ""}
          error={errors?.category}
        />
        <SelectField
          label={t("lending.field.condition")}
          name="condition"
          required
          placeholder={t("lending.field.condition.choose")}
          options={itemConditions.map((c) => ({ value: c, label: t(`lending.condition.${c}`) }))}
          defaultValue={values.condition ?? ""}
          error={errors?.condition}
        />
      </div>
      {photosSlot}
      <PhotoField
        label={photosRequired ? t("lending.field.photos") : t("lending.field.photosAdd")}
        hint={t("lending.field.photos.hint")}
        name="photos"
        multiple
        accept="image/jpeg,image/png,image/webp"
        required={photosRequired}
        optional={!photosRequired}
        error={errors?.photos}
      />
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">{t("lending.form.terms")}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <MoneyField
            label={t("lending.field.deposit")}
            hint={t("lending.field.deposit.hint")}
            name="deposit"
            optional
            defaultValue={values.deposit}
            error={errors?.deposit}
          />
          <MoneyField
            label={t("lending.field.feePerDay")}
            hint={t("lending.field.feePerDay.hint")}
            name="feePerDay"
            optional
            defaultValue={values.feePerDay}
            error={errors?.feePerDay}
          />
          <MoneyField
            label={t("lending.field.replacementValue")}
            hint={t("lending.field.replacementValue.hint")}
            name="replacementValue"
            optional
            defaultValue={values.replacementValue}
            error={errors?.replacementValue}
          />
          <TextField
            label={t("lending.field.maxLoanDays")}
            hint={t("lending.field.maxLoanDays.hint")}
            name="maxLoanDays"
            type="number"
            min={1}
            max={60}
            required
            defaultValue={values.maxLoanDays ?? "7"}
            error={errors?.maxLoanDays}
          />
        </div>
        <FieldShell label={t("lending.field.audience")} error={errors?.audience}>
          {({ inputId, describedBy, invalid }) => (
            <select
              id={inputId}
              name="audience"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              className="input"
              defaultValue={values.audience ?? "neighbourhood"}
            >
              {itemAudiences.map((a) => (
                <option key={a} value={a}>
                  {t(`lending.audience.${a}`)}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
        <fieldset className="space-y-1" aria-describedby={`circles-hint${errors?.circleIds ? " circles-error" : ""}`}>
          <legend className="block text-sm font-medium text-stone-800">{t("lending.field.circles")}</legend>
          <p id="circles-hint" className="text-sm text-stone-600">
            {t("lending.field.circles.hint")}
          </p>
          {circles.length === 0 ? (
            <p className="text-sm text-stone-700">
              {t("lending.field.circles.none")}{" "}
              <a href="/circles" className="link">
                {t("circles.title")}
              </a>
            </p>
          ) : (
            <ul className="space-y-1">
              {circles.map((c) => (
                <li key={c.id}>
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      name="circleIds"
                      value={c.id}
                      defaultChecked={checked.has(c.id)}
                      aria-invalid={errors?.circleIds ? true : undefined}
                    />
                    {c.name}
                  </label>
                </li>
              ))}
            </ul>
          )}
          {errors?.circleIds ? (
            <p id="circles-error" className="text-sm font-medium text-red-700" role="alert">
              {t(errors.circleIds)}
            </p>
          ) : null}
        </fieldset>
        <FieldShell label={t("lending.field.minTrustLevel")} hint={t("lending.field.minTrustLevel.hint")} error={errors?.minTrustLevel}>
          {({ inputId, describedBy, invalid }) => (
            <select
              id={inputId}
              name="minTrustLevel"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              className="input"
              defaultValue={values.minTrustLevel ?? "0"}
            >
              {([0, 1, 2, 3] as const).map((level) => (
                <option key={level} value={level}>
                  {t(`lending.minTrustLevel.${level}`)}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
        <FieldShell
          label={t("lending.field.waiveDepositTrusted")}
          hint={t("lending.field.waiveDepositTrusted.hint")}
          error={errors?.waiveDepositTrusted}
          optional
        >
          {({ inputId, describedBy, invalid }) => (
            <input
              id={inputId}
              type="checkbox"
              name="waiveDepositTrusted"
              className="h-5 w-5"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              defaultChecked={values.waiveDepositTrusted === "on"}
            />
          )}
        </FieldShell>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">{t("lending.form.pickup")}</legend>
        <TextField
          label={t("lending.field.postcode")}
          hint={t("lending.field.postcode.hint")}
          name="postcode"
          inputMode="numeric"
          maxLength={7}
          optional
          defaultValue={values.postcode}
          error={errors?.postcode}
        />
        <TextField
          label={t("lending.field.pickupAddress")}
          hint={t("lending.field.pickupAddress.hint")}
          name="pickupAddress"
          autoComplete="street-address"
          required
          maxLength={200}
          defaultValue={values.pickupAddress}
          error={errors?.pickupAddress}
        />
      </fieldset>
      <button type="submit" className="btn-primary" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
