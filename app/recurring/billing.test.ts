import { describe, expect, it } from "vitest";
import { chargeKey, MAX_ATTEMPTS, nextMonthlyCharge, periodOf, retryAt } from "./billing";

describe("monthly billing rules (decision 077)", () => {
  it.each([
    ["2026-12-07T10:00:00Z", "2026-12"],
    // 23:30 UTC on 31 December is already January in Amsterdam.
    ["2026-12-31T23:30:00Z", "2027-01"],
    ["2027-02-28T22:59:59Z", "2027-02"],
  ])("the month of %s is %s (Europe/Amsterdam)", (iso, period) => {
    expect(periodOf(new Date(iso))).toBe(period);
  });

  it.each([
    ["2026-12-07T10:00:00Z", "2027-01-07T10:00:00.000Z"],
    ["2027-01-31T10:00:00Z", "2027-02-28T10:00:00.000Z"],
    ["2027-12-15T10:00:00Z", "2028-01-15T10:00:00.000Z"],
  ])("after %s the next month is charged at %s", (iso, next) => {
    expect(nextMonthlyCharge(new Date(iso)).toISOString()).toBe(next);
  });

  it("tries a failed month again after 3 days, then 4, and gives up after the third attempt", () => {
    const now = new Date("2026-12-07T10:00:00Z");
    expect(retryAt(1, now)?.toISOString()).toBe("2026-12-10T10:00:00.000Z");
    expect(retryAt(2, now)?.toISOString()).toBe("2026-12-11T10:00:00.000Z");
    expect(retryAt(MAX_ATTEMPTS, now)).toBeNull();
  });

  it("keys each attempt of each month apart", () => {
    expect(chargeKey("g", "2026-12", 1)).not.toBe(chargeKey("g", "2026-12", 2));
    expect(chargeKey("g", "2026-12", 1)).not.toBe(chargeKey("g", "2027-01", 1));
  });
});
