import { Form, useNavigation } from "@remix-run/react";
import type { FieldErrors } from "../../forms/forms";
import { formatDate } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import { FieldShell, FormErrorSummary, TextArea } from "../ui/field";
import { Stars } from "./reputation";

export interface ProjectReviewView {
  canReview: boolean;
  opensAt: string | Date | null;
  mine: { stars: number; body: string; answer: boolean } | null;
}

/** The project page's review of the initiator, for a backer whose pledge was charged (docs/reputation.md). */
export function ProjectReviewBox({ panel, initiatorName, errors }: { panel: ProjectReviewView; initiatorName: string; errors?: FieldErrors }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  return (
    <section id="review" aria-labelledby="project-review-heading" className="card space-y-3 p-5">
      <h2 id="project-review-heading" className="text-lg font-semibold">
        {t("reputation.project.title", { name: initiatorName })}
      </h2>
      {panel.mine ? (
        <div>
          <p className="font-medium">{t("reputation.panel.mine")}</p>
          <Stars count={panel.mine.stars} />
          <p>
            {t("reputation.question.asPromised")} <strong>{panel.mine.answer ? t("reputation.answer.yes") : t("reputation.answer.no")}</strong>
          </p>
          {panel.mine.body ? <p className="whitespace-pre-line">{panel.mine.body}</p> : null}
        </div>
      ) : panel.opensAt ? (
        <p className="text-stone-700">{t("reputation.project.opensAt", { date: formatDate(panel.opensAt, locale) })}</p>
      ) : null}
      {panel.canReview ? (
        <Form method="post" className="space-y-3" noValidate>
          <input type="hidden" name="intent" value="review" />
          <p className="text-sm text-stone-700">{t("reputation.project.intro", { name: initiatorName })}</p>
          <FormErrorSummary errors={errors} />
          <FieldShell label={t("reputation.field.stars")} error={errors?.stars}>
            {({ inputId, describedBy, invalid }) => (
              <select id={inputId} name="stars" className="input" aria-describedby={describedBy} aria-invalid={invalid || undefined} defaultValue={5}>
                {[5, 4, 3, 2, 1].map((n) => (
                  <option key={n} value={n}>
                    {t("reputation.review.stars", { count: n })}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          <fieldset>
            <legend className="text-sm font-medium text-stone-800">{t("reputation.question.asPromised")}</legend>
            <div className="mt-1 flex gap-4">
              {(["yes", "no"] as const).map((v) => (
                <label key={v} className="flex items-center gap-2">
                  <input type="radio" name="answer" value={v} defaultChecked={v === "yes"} />
                  {t(v === "yes" ? "reputation.answer.yes" : "reputation.answer.no")}
                </label>
              ))}
            </div>
            {errors?.answer ? (
              <p className="text-sm font-medium text-red-700" role="alert">
                {t(errors.answer)}
              </p>
            ) : null}
          </fieldset>
          <TextArea label={t("reputation.field.body")} name="body" rows={3} maxLength={2000} error={errors?.body} />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("reputation.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
