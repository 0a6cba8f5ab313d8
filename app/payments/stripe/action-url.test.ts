import { describe, expect, it } from "vitest";
import { confirmActionUrl, confirmReturnUrl, paymentIdFromConfirmPath } from "./action-url";
import { cardLabel, idealBankName, sepaLabel } from "./labels";

describe("the confirm page's URLs (action URL for authentication_required)", () => {
  it("builds them on APP_URL and reads the payment id back", () => {
    expect(confirmActionUrl("https://buurtkracht.nl/", "pi_123")).toBe("https://buurtkracht.nl/pay/stripe/confirm/pi_123");
    expect(confirmReturnUrl("https://buurtkracht.nl", "pi_123")).toBe("https://buurtkracht.nl/pay/stripe/confirm/pi_123/return");
    expect(paymentIdFromConfirmPath(new URL(confirmActionUrl("https://b.nl", "pi_3Abc_9")).pathname)).toBe("pi_3Abc_9");
    expect(paymentIdFromConfirmPath("/pay/stripe/confirm/pi_123/return")).toBe("pi_123");
  });

  it.each(["/pay/stripe/confirm/cus_123", "/pay/stripe/confirm/pi_1/other", "/pay/sim/pi_1", "/pay/stripe/confirm/pi_%2F..%2F"])("ignores %s", (path) => {
    expect(paymentIdFromConfirmPath(path)).toBeNull();
  });
});

describe("labels", () => {
  it("match the simulated gateway's format", () => {
    expect(cardLabel("visa", "4242")).toBe("Visa •••• 4242");
    expect(cardLabel("amex", "0005")).toBe("American Express •••• 0005");
    expect(sepaLabel(idealBankName("abn_amro") ?? "", "4300")).toBe("ABN AMRO •••• 4300 (SEPA)");
    expect(idealBankName("some_new_bank")).toBe("some_new_bank");
    expect(idealBankName(null)).toBeNull();
  });
});
