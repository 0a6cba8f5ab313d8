import { describe, expect, it } from "vitest";
import { parseForm } from "../../forms/forms";
import { AuthenticationFormSchema, CheckoutFormSchema } from "./checkout-schema";

describe("simulated checkout forms", () => {
  it("accepts a card with spaces and MM/YY", () => {
    expect(parseForm(CheckoutFormSchema, { intent: "card", cardNumber: "4242 4242 4242 4242", expiry: " 12 / 34 ", cvc: "123" })).toEqual({
      ok: true,
      data: { intent: "card", cardNumber: "4242424242424242", expiry: { expMonth: 12, expYear: 2034 }, cvc: "123" },
    });
  });

  it("puts each card error next to its field, never echoing the card number", () => {
    const result = parseForm(CheckoutFormSchema, { intent: "card", cardNumber: "4242 4242 4242 4241", expiry: "13/34", cvc: "12" });
    expect(result).toEqual({
      ok: false,
      errors: { cardNumber: "payments.sim.card.number.invalid", expiry: "payments.sim.card.expiry.invalid", cvc: "payments.sim.card.cvc.invalid" },
      values: { intent: "card", expiry: "13/34", cvc: "12" },
    });
  });

  it.each([[{}], [{ intent: "paypal" }], [{ intent: "card" }]])("refuses %j without a 500", (input) => {
    expect(parseForm(CheckoutFormSchema, input).ok).toBe(false);
  });

  it("needs a bank for iDEAL and a decision on the authentication page", () => {
    expect(parseForm(CheckoutFormSchema, { intent: "ideal", bank: "" })).toMatchObject({ ok: false, errors: { bank: "payments.sim.error.unknownBank" } });
    expect(parseForm(CheckoutFormSchema, { intent: "ideal", bank: "ing" })).toEqual({ ok: true, data: { intent: "ideal", bank: "ing" } });
    expect(parseForm(AuthenticationFormSchema, { decision: "approve" }).ok).toBe(true);
    expect(parseForm(AuthenticationFormSchema, { decision: "maybe" }).ok).toBe(false);
  });
});
