import { Form } from "@remix-run/react";
import type { ImageSet } from "../../storage/images";
import { ResponsiveImage } from "../ui/responsive-image";
import { PhotoField } from "../ui/photo-field";
import type { FieldErrors } from "../../forms/forms";
import { formatMoney } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useLocale, useT } from "../../i18n/use-t";
import { fundingModels, MAX_DURATION_DAYS, MIN_DURATION_DAYS, projectCategories } from "../../projects/project";
import { centsToInput } from "../../utils/money";
import { MoneyField, MoneyInput } from "../ui/money-field";
import { FormErrorSummary, SelectField, TextArea, TextField } from "../ui/field";

export interface ProjectFormValues {
  title: string;
  summary: string;
  story: string;
  neighbourhoodId: string;
  category: string;
  goal: string;
  fundingModel: string;
  durationDays: string;
  lines: { description: string; amount: string }[];
  /** The current cover's 4:3 card set (an edit), or null. */
  cover: ImageSet | null;
  /** Only when starting a project: "" for oneself, or an organisation's id. */
  organisationId?: string;
  /** Only when starting a project from a board post (issue 14): the post's id. */
  ideaId?: string;
}

export function emptyProjectValues(neighbourhoodId: string): ProjectFormValues {
  return {
    title: "",
    summary: "",
    story: "",
    neighbourhoodId,
    category: "",
    goal: "",
    fundingModel: "all_or_nothing",
    durationDays: "30",
    lines: [],
    cover: null,
  };
}

export function projectValues(
  p: {
    title: string;
    summary: string;
    story: string;
    neighbourhood: { id: string };
    category: string;
    goalCents: number;
    fundingModel: string;
    durationDays: number;
    budgetLines: { description: string; amountCents: number }[];
    cover: { card: ImageSet } | null;
  },
  locale: "nl" | "en",
): ProjectFormValues {
  return {
    title: p.title,
    summary: p.summary,
    story: p.story,
    neighbourhoodId: p.neighbourhood.id,
    category: p.category,
    goal: centsToInput(p.goalCents, locale),
    fundingModel: p.fundingModel,
    durationDays: String(p.durationDays),
    lines: p.budgetLines.map((l) => ({ description: l.description, amount: centsToInput(l.amountCents, locale) })),
    cover: p.cover?.card ?? null,
  };
}

/** Values typed into a form that came back with errors (repeated line fields arrive comma-joined: re-read them). */
export function valuesFromSubmission(raw: Record<string, string>, lines: { description: string; amount: string }[], cover: ImageSet | null): ProjectFormValues {
  return {
    title: raw.title ?? "",
    summary: raw.summary ?? "",
    story: raw.story ?? "",
    neighbourhoodId: raw.neighbourhoodId ?? "",
    category: raw.category ?? "",
    goal: raw.goal ?? "",
    fundingModel: raw.fundingModel ?? "all_or_nothing",
    durationDays: raw.durationDays ?? "",
    lines,
    cover,
    organisationId: raw.organisationId ?? "",
    ideaId: raw.ideaId ?? "",
  };
}

const BLANK_ROWS = 3;

export function ProjectForm({
  values,
  errors,
  neighbourhoods,
  submitLabel,
  busy,
  planTotalCents,
  goalCents,
  owners,
  loan,
}: {
  values: ProjectFormValues;
  errors?: FieldErrors;
  neighbourhoods: { value: string; label: string }[];
  /** Who runs the project, when the member may start one for an organisation: "" is themselves. */
  owners?: { value: string; label: string }[];
  submitLabel: string;
  busy: boolean;
  planTotalCents?: number;
  goalCents?: number;
  /** A community loan's terms (app/community-loans): typed values and the per-project cap. */
  loan?: { values: { months: string; rate: string; method: string }; maxPerProjectCents: number };
}) {
  const t = useT();
  const locale = useLocale();
  const rows = [...values.lines, ...Array.from({ length: BLANK_ROWS }, () => ({ description: "", amount: "" }))];
  const err = (k: string) => errors?.[k] as MessageKey | undefined;
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-6" noValidate>
      <input type="hidden" name="intent" value="save" />
      {values.ideaId ? <input type="hidden" name="ideaId" value={values.ideaId} /> : null}
      <FormErrorSummary errors={errors} />
      <section className="card space-y-4 p-6" aria-labelledby="pf-basics">
        <h2 id="pf-basics" className="text-xl font-semibold">
          {t("projects.form.basics")}
        </h2>
        {owners && owners.length > 1 ? (
          <SelectField
            label={t("projects.field.owner")}
            hint={t("projects.field.owner.hint")}
            name="organisationId"
            options={owners}
            defaultValue={values.organisationId ?? ""}
            error={err("organisationId")}
          />
        ) : null}
        <TextField label={t("projects.field.title")} name="title" required maxLength={100} defaultValue={values.title} error={err("title")} />
        <TextField
          label={t("projects.field.summary")}
          hint={t("projects.field.summary.hint")}
          name="summary"
          required
          maxLength={200}
          defaultValue={values.summary}
          error={err("summary")}
        />
        <TextArea
          label={t("projects.field.story")}
          hint={t("projects.field.story.hint")}
          name="story"
          optional
          rows={10}
          maxLength={20000}
          defaultValue={values.story}
          error={err("story")}
        />
        <div className="grid gap-4 md:grid-cols-2">
          <SelectField
            label={t("projects.field.neighbourhood")}
            name="neighbourhoodId"
            required
            options={neighbourhoods}
            defaultValue={values.neighbourhoodId}
            error={err("neighbourhoodId")}
          />
          <SelectField
            label={t("projects.field.category")}
            name="category"
            required
            placeholder={t("projects.field.category.choose")}
            options={projectCategories.map((c) => ({ value: c, label: t(`projects.category.${c}`) }))}
            defaultValue={values.category}
            error={err("category")}
          />
        </div>
        <div className="space-y-1">
          {values.cover ? (
            <ResponsiveImage image={values.cover} alt={t("projects.field.cover.current")} sizes="16rem" width={256} height={192} className="w-64 rounded-lg" />
          ) : null}
          <PhotoField
            label={t("projects.field.cover")}
            hint={t("projects.field.cover.hint")}
            name="cover"
            accept="image/jpeg,image/png,image/webp"
            optional
            error={err("cover")}
          />
          {values.cover ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="removeCover" value="1" /> {t("projects.field.cover.remove")}
            </label>
          ) : null}
        </div>
      </section>

      <section className="card space-y-4 p-6" aria-labelledby="pf-money">
        <h2 id="pf-money" className="text-xl font-semibold">
          {t("projects.form.money")}
        </h2>
        <div className="grid gap-4 md:grid-cols-2">
          <MoneyField
            label={t("projects.field.goal")}
            hint={t("projects.field.goal.hint")}
            name="goal"
            required
            defaultValue={values.goal}
            error={
              loan && err("goal") === "communityLoans.error.projectCap"
                ? { key: "communityLoans.error.projectCap", params: { max: formatMoney(loan.maxPerProjectCents, locale, { compact: true }) } }
                : err("goal")
            }
          />
          <TextField
            label={t("projects.field.duration")}
            hint={t("projects.field.duration.hint")}
            name="durationDays"
            type="number"
            min={MIN_DURATION_DAYS}
            max={MAX_DURATION_DAYS}
            required
            defaultValue={values.durationDays}
            error={err("durationDays")}
          />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-stone-800">{t("projects.field.fundingModel")}</legend>
          <div className="mt-2 space-y-2">
            {fundingModels.map((m) => (
              <label key={m} className="flex items-start gap-2">
                <input type="radio" name="fundingModel" value={m} defaultChecked={values.fundingModel === m} className="mt-1" />
                <span>
                  <span className="font-medium">{t(`projects.fundingModel.${m}`)}</span>
                  <span className="block text-sm text-stone-700">{t(`projects.fundingModel.${m}.explain`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {loan ? <LoanTermsFields loan={loan} err={err} /> : null}
      </section>

      <section className="card space-y-4 p-6" aria-labelledby="pf-plan">
        <h2 id="pf-plan" className="text-xl font-semibold">
          {t("projects.form.plan")}
        </h2>
        <p className="text-sm text-stone-700">{t("projects.form.plan.hint")}</p>
        {err("lines") ? (
          <p role="alert" className="text-sm font-medium text-red-700">
            {t(err("lines")!)}
          </p>
        ) : null}
        <table className="w-full text-left">
          <thead>
            <tr className="text-sm text-stone-700">
              <th scope="col" className="pb-1 font-medium">
                {t("projects.plan.description")}
              </th>
              <th scope="col" className="w-40 pb-1 font-medium">
                {t("projects.plan.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((line, i) => {
              const dErr = err(`lines.${i}.description`);
              const aErr = err(`lines.${i}.amountCents`);
              return (
                <tr key={i} className="align-top">
                  <td className="py-1 pr-2">
                    <label htmlFor={`line-d-${i}`} className="sr-only">
                      {t("projects.plan.descriptionN", { n: i + 1 })}
                    </label>
                    <input
                      id={`line-d-${i}`}
                      name="lineDescription"
                      className="input"
                      maxLength={200}
                      defaultValue={line.description}
                      aria-invalid={dErr ? true : undefined}
                      aria-describedby={dErr ? `line-d-${i}-err` : undefined}
                    />
                    {dErr ? (
                      <p id={`line-d-${i}-err`} className="text-sm text-red-700">
                        {t(dErr)}
                      </p>
                    ) : null}
                  </td>
                  <td className="py-1">
                    <label htmlFor={`line-a-${i}`} className="sr-only">
                      {t("projects.plan.amountN", { n: i + 1 })}
                    </label>
                    <MoneyInput
                      id={`line-a-${i}`}
                      name="lineAmount"
                      defaultValue={line.amount}
                      aria-invalid={aErr ? true : undefined}
                      aria-describedby={aErr ? `line-a-${i}-err` : undefined}
                    />
                    {aErr ? (
                      <p id={`line-a-${i}-err`} className="text-sm text-red-700">
                        {t(aErr)}
                      </p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="text-sm text-stone-700">{t("projects.form.plan.moreRows")}</p>
        {planTotalCents !== undefined && goalCents !== undefined ? (
          <p className={`text-sm font-medium ${planTotalCents === goalCents ? "text-brand-800" : "text-red-700"}`}>
            {planTotalCents === goalCents
              ? t("projects.plan.matches", { total: formatMoney(planTotalCents, locale) })
              : t("projects.plan.mismatch", { total: formatMoney(planTotalCents, locale), goal: formatMoney(goalCents, locale) })}
          </p>
        ) : null}
      </section>

      <button type="submit" className="btn-primary" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}

/** The loan terms, for the funding model "Buurtlening" (shown always, so the form works without JavaScript). */
function LoanTermsFields({ loan, err }: { loan: NonNullable<Parameters<typeof ProjectForm>[0]["loan"]>; err: (k: string) => MessageKey | undefined }) {
  const t = useT();
  return (
    <fieldset className="space-y-3 rounded-lg border border-stone-200 p-4" id="loan-terms">
      <legend className="px-1 text-sm font-medium text-stone-800">{t("communityLoans.terms.heading")}</legend>
      <p className="text-sm text-stone-700">{t("communityLoans.terms.intro")}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t("communityLoans.field.months")}
          hint={t("communityLoans.field.months.hint")}
          name="loanMonths"
          inputMode="numeric"
          defaultValue={loan.values.months}
          error={err("loanMonths")}
        />
        <TextField
          label={t("communityLoans.field.rate")}
          hint={t("communityLoans.field.rate.hint")}
          name="loanRate"
          inputMode="decimal"
          defaultValue={loan.values.rate}
          error={err("loanRate")}
        />
      </div>
      <fieldset aria-describedby={err("loanMethod") ? "loan-method-error" : undefined}>
        <legend className="text-sm font-medium text-stone-800">{t("communityLoans.field.method")}</legend>
        {(["annuity", "linear"] as const).map((m) => (
          <label key={m} className="mt-1 flex items-start gap-2">
            <input type="radio" name="loanMethod" value={m} defaultChecked={loan.values.method === m} className="mt-1" />
            <span>{t(`communityLoans.method.${m}`)}</span>
          </label>
        ))}
        {err("loanMethod") ? (
          <p id="loan-method-error" role="alert" className="text-sm font-medium text-red-700">
            {t(err("loanMethod")!)}
          </p>
        ) : null}
      </fieldset>
    </fieldset>
  );
}
