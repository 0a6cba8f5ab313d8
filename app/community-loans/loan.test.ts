import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  amsterdamDay,
  isLate,
  loanPledgeError,
  parseRatePercent,
  planInstallments,
  termsFieldErrors,
  transitionCommunityLoan,
  wantsLateReminder,
  wantsReminderBefore,
} from "./loan";

describe("transitionCommunityLoan", () => {
  it.each([
    ["running", { type: "late", installment: "due" }, { ok: true, installmentTo: "late", loanTo: "running", events: ["late"] }],
    ["running", { type: "late", installment: "late" }, { ok: false, error: "NotDue" }],
    ["running", { type: "pay", installment: "due", otherOpen: 3 }, { ok: true, installmentTo: "paid", loanTo: "running", events: ["paid"] }],
    ["running", { type: "pay", installment: "late", otherOpen: 0 }, { ok: true, installmentTo: "paid", loanTo: "repaid", events: ["paid", "repaid"] }],
    ["running", { type: "pay", installment: "paid", otherOpen: 1 }, { ok: false, error: "AlreadyPaid" }],
    ["repaid", { type: "pay", installment: "due", otherOpen: 0 }, { ok: false, error: "LoanRepaid" }],
    ["running", { type: "remind_before", installment: "due" }, { ok: true, installmentTo: "due", loanTo: "running", events: ["reminded_before"] }],
    ["running", { type: "remind_before", installment: "late" }, { ok: false, error: "NotDue" }],
    ["running", { type: "remind_late", installment: "late" }, { ok: true, installmentTo: "late", loanTo: "running", events: ["reminded_late"] }],
    ["running", { type: "remind_late", installment: "due" }, { ok: false, error: "NotLate" }],
  ] as const)("%s + %j → %j", (loan, event, expected) => {
    expect(transitionCommunityLoan(loan, event)).toEqual(expected);
  });
});

describe("days", () => {
  it.each([
    ["2026-12-07", 1, "2027-01-07"],
    ["2027-01-31", 1, "2027-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2026-12-31", 24, "2028-12-31"],
    ["2026-03-15", -3, "2025-12-15"],
  ])("addMonths(%s, %i) = %s", (day, n, expected) => expect(addMonths(day, n)).toBe(expected));

  it("the Dutch calendar day, late after the 5-day grace, reminders 3 days before and weekly while late", () => {
    expect(amsterdamDay(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    expect(addDays("2027-02-27", 2)).toBe("2027-03-01");
    expect(isLate("2027-01-07", "2027-01-12")).toBe(false);
    expect(isLate("2027-01-07", "2027-01-13")).toBe(true);
    expect(wantsReminderBefore("2027-01-07", "2027-01-03")).toBe(false);
    expect(wantsReminderBefore("2027-01-07", "2027-01-04")).toBe(true);
    expect(wantsReminderBefore("2027-01-07", "2027-01-08")).toBe(false);
    const now = new Date("2027-01-20T08:00:00Z");
    expect(wantsLateReminder(null, now)).toBe(true);
    expect(wantsLateReminder(new Date("2027-01-14T08:00:00Z"), now)).toBe(false);
    expect(wantsLateReminder(new Date("2027-01-13T08:00:00Z"), now)).toBe(true);
  });
});

describe("the terms and the caps", () => {
  it("parses a yearly rate in percent to basis points", () => {
    expect(["2", "1,5", "0", "0.25", "8", "12,75", "abc", "1.234", "-1", ""].map(parseRatePercent)).toEqual([
      200,
      150,
      0,
      25,
      800,
      1275,
      null,
      null,
      null,
      null,
    ]);
  });
  it("names the field of each error", () => {
    const caps = { maxPerProjectCents: 2_500_000 };
    expect(termsFieldErrors({ goalCents: 500_000, months: 24, annualRateBps: 200, method: "annuity" }, caps)).toEqual({});
    expect(termsFieldErrors({ goalCents: 500_000, months: 3, annualRateBps: 0, method: "linear" }, caps)).toEqual({});
    expect(termsFieldErrors({ goalCents: 2_500_001, months: 2, annualRateBps: 801, method: "balloon" }, caps)).toEqual({
      goal: "communityLoans.error.projectCap",
      loanMonths: "communityLoans.error.months",
      loanRate: "communityLoans.error.rate",
      loanMethod: "communityLoans.error.method",
    });
    expect(termsFieldErrors({ goalCents: 1_000, months: null, annualRateBps: null, method: null }, caps)).toMatchObject({
      loanMonths: "communityLoans.error.months",
    });
  });
  it("refuses a pledge over the lender cap, in the last 4 days (bedenktijd), or without the risk tick", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const base = { amountCents: 100_000, maxPerLenderCents: 100_000, endsAt: new Date("2026-12-10T10:00:00Z"), now, riskRead: true, isNew: true };
    expect(loanPledgeError(base)).toBeNull();
    expect(loanPledgeError({ ...base, amountCents: 100_001 })).toBe("communityLoans.error.lenderCap");
    expect(loanPledgeError({ ...base, endsAt: new Date("2026-12-05T09:59:59Z") })).toBe("communityLoans.error.reflection");
    expect(loanPledgeError({ ...base, endsAt: new Date("2026-12-05T09:59:59Z"), isNew: false })).toBeNull();
    expect(loanPledgeError({ ...base, riskRead: false })).toBe("communityLoans.error.riskNotRead");
  });
});

describe("planInstallments", () => {
  it("every installment splits exactly; each lender gets back exactly what they lent, plus interest (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 100, max: 100_000 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 3, max: 120 }),
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom("annuity" as const, "linear" as const),
        (amounts, months, rate, method) => {
          const lenders = amounts.map((principalCents, i) => ({ userId: `u${i}`, principalCents }));
          const principal = amounts.reduce((a, b) => a + b, 0);
          const plan = planInstallments({ principalCents: principal, annualRateBps: rate, months, method, startDay: "2026-12-07", lenders });
          expect(plan).toHaveLength(months);
          for (const line of plan) {
            expect(line.shares.reduce((s, x) => s + x.principalCents, 0)).toBe(line.principalCents);
            expect(line.shares.reduce((s, x) => s + x.interestCents, 0)).toBe(line.interestCents);
            expect(line.shares.every((x) => x.principalCents >= 0 && x.interestCents >= 0)).toBe(true);
          }
          lenders.forEach((l, i) => expect(plan.reduce((s, line) => s + line.shares[i]!.principalCents, 0)).toBe(l.principalCents));
        },
      ),
      { numRuns: 200 },
    );
  });
});
