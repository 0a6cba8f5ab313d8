import { describe, expect, it } from "vitest";
import { loanTermsFormValues, parseLoanTermsForm } from "./loan-schema";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const caps = { maxPerProjectCents: 2_500_000 };

describe("the loan terms in the project form", () => {
  it("reads months, a rate in percent (comma or point) and the method", () => {
    expect(parseLoanTermsForm(form({ loanMonths: "24", loanRate: "2,5", loanMethod: "annuity" }), 500_000, caps)).toEqual({
      ok: true,
      terms: { months: 24, annualRateBps: 250, method: "annuity" },
    });
    expect(parseLoanTermsForm(form({ loanMonths: "3", loanRate: "0", loanMethod: "linear" }), 500_000, caps)).toMatchObject({ ok: true });
  });
  it("names every wrong field, and the goal over the per-project cap", () => {
    expect(parseLoanTermsForm(form({ loanMonths: "twee", loanRate: "9", loanMethod: "" }), 3_000_000, caps)).toEqual({
      ok: false,
      errors: {
        loanMonths: "communityLoans.error.months",
        loanRate: "communityLoans.error.rate",
        loanMethod: "communityLoans.error.method",
        goal: "communityLoans.error.projectCap",
      },
    });
    expect(parseLoanTermsForm(form({}), 100_000, caps)).toMatchObject({ ok: false });
  });
  it("shows saved terms back in the reader's notation", () => {
    expect(loanTermsFormValues({ months: 24, annualRateBps: 250, method: "linear" }, "nl")).toEqual({ months: "24", rate: "2,5", method: "linear" });
    expect(loanTermsFormValues({ months: 24, annualRateBps: 250, method: "linear" }, "en")).toEqual({ months: "24", rate: "2.5", method: "linear" });
    expect(loanTermsFormValues(null, "nl")).toEqual({ months: "12", rate: "0", method: "annuity" });
  });
});
