import { describe, expect, it } from "vitest";
import type { SavedPaymentMethod } from "../payments/gateway";
import { cardExpired, savedMethodOptions } from "./saved-methods";

const card = (id: string, createdAt: string, last4 = "4242", expMonth = 4, expYear = 2028): SavedPaymentMethod => ({
  id,
  customerId: "cus_1",
  type: "card",
  label: `Visa •••• ${last4}`,
  card: { brand: "visa", last4, expMonth, expYear },
  sepaDebit: null,
  createdAt,
});
const sepa = (id: string, createdAt: string): SavedPaymentMethod => ({
  id,
  customerId: "cus_1",
  type: "sepa_debit",
  label: "SEPA-incasso ING •••• 4300",
  card: null,
  sepaDebit: { bankName: "ING", last4: "4300", mandateId: `m_${id}` },
  createdAt,
});
const now = new Date("2026-12-03T10:00:00Z");

describe("saved methods on the pledge form (issue 13 §15)", () => {
  it("lists the same card once (the newest), newest first, with its expiry", () => {
    const options = savedMethodOptions(
      [
        card("pm_old", "2026-10-01T00:00:00Z"),
        sepa("pm_sepa", "2026-11-01T00:00:00Z"),
        card("pm_new", "2026-11-20T00:00:00Z"),
        sepa("pm_sepa2", "2026-11-02T00:00:00Z"),
      ],
      now,
    );
    expect(options.map((o) => [o.id, o.expires, o.expired])).toEqual([
      ["pm_new", "04/28", false],
      ["pm_sepa2", null, false],
    ]);
  });

  it("keeps different cards apart, also the same number with a new expiry", () => {
    const options = savedMethodOptions(
      [card("a", "2026-10-01T00:00:00Z"), card("b", "2026-10-02T00:00:00Z", "1881"), card("c", "2026-10-03T00:00:00Z", "4242", 5, 2030)],
      now,
    );
    expect(options.map((o) => o.id)).toEqual(["c", "b", "a"]);
  });

  it.each([
    [12, 2026, false],
    [11, 2026, true],
    [1, 2027, false],
    [12, 2025, true],
    [3, 2031, false],
  ])("a card valid through %i/%i is expired on 3 December 2026: %s", (expMonth, expYear, expired) => {
    expect(cardExpired({ expMonth, expYear }, now)).toBe(expired);
    expect(savedMethodOptions([card("x", "2026-01-01T00:00:00Z", "4242", expMonth, expYear)], now)[0]!.expired).toBe(expired);
  });
});
