import { type LoanMethod, parseRatePercent, type TermsErrorKey, type TermsField, termsFieldErrors } from "./loan";

/**
 * The loan terms in the project form (fields `loanMonths`, `loanRate` in percent, `loanMethod`),
 * read only when the funding model is `community_loan`. Errors by field, as message keys.
 */
export type LoanTermsForm =
  { ok: true; terms: { months: number; annualRateBps: number; method: LoanMethod } } | { ok: false; errors: Partial<Record<TermsField, TermsErrorKey>> };

export function parseLoanTermsForm(formData: FormData, goalCents: number, caps: { maxPerProjectCents: number }): LoanTermsForm {
  const monthsRaw = String(formData.get("loanMonths") ?? "").trim();
  const months = /^\d{1,3}$/.test(monthsRaw) ? Number(monthsRaw) : null;
  const annualRateBps = parseRatePercent(String(formData.get("loanRate") ?? ""));
  const method = String(formData.get("loanMethod") ?? "");
  const errors = termsFieldErrors({ goalCents, months, annualRateBps, method }, caps);
  if (Object.keys(errors).length > 0 || months === null || annualRateBps === null) return { ok: false, errors };
  return { ok: true, terms: { months, annualRateBps, method: method as LoanMethod } };
}

/** The terms as the form shows them ("2,5" in Dutch). */
export function loanTermsFormValues(terms: { months: number; annualRateBps: number; method: LoanMethod } | null, locale: "nl" | "en") {
  if (!terms) return { months: "12", rate: "0", method: "annuity" };
  const rate = (terms.annualRateBps / 100).toString();
  return { months: String(terms.months), rate: locale === "nl" ? rate.replace(".", ",") : rate, method: terms.method };
}
