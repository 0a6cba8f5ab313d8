import { describe, expect, it } from "vitest";
import { parseForm } from "../forms/forms";
import { pledgeSchema } from "./pledge-schema";

const base = { token: "form-token-123", visibility: "initiator" };

describe("the pledge form", () => {
  it.each([
    ["nl", "12,50", 1_250],
    ["nl", "€ 1.250,00", 125_000],
    ["en", "12.50", 1_250],
    ["en", "1,250.00", 125_000],
    ["nl", "10.000", 1_000_000],
    ["nl", "1", 100],
  ] as const)("%s: %j → %i cents", (locale, amount, cents) => {
    expect(parseForm(pledgeSchema(locale), { ...base, amount, intent: "change" })).toMatchObject({
      ok: true,
      data: { amount: cents, intent: "change", tierId: null },
    });
  });

  it.each([
    ["", "projects.amount.required"],
    ["abc", "projects.amount.invalid"],
    ["-5", "projects.amount.negative"],
    ["0", "projects.amount.zero"],
    ["12,505", "projects.amount.tooManyDecimals"],
    ["0,99", "pledges.error.BelowMinimum"],
    ["10.000,01", "pledges.error.AboveMaximum"],
    ["99999999999", "pledges.error.AboveMaximum"],
  ])("%j → %s", (amount, error) => {
    expect(parseForm(pledgeSchema("nl"), { ...base, amount })).toMatchObject({ ok: false, errors: { amount: error } });
  });

  it("needs the form's token and a known name choice and intent", () => {
    expect(parseForm(pledgeSchema("nl"), { amount: "5", visibility: "everyone", intent: "hack" })).toMatchObject({
      ok: false,
      errors: { token: "form.required", visibility: "form.invalid", intent: "form.invalid" },
    });
  });
});
