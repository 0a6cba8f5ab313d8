import { describe, expect, it } from "vitest";
import { chargeInFlight, type MatchChargeEvent, type MatchChargeState, transitionMatchCharge } from "./match-charge";

describe("transitionMatchCharge", () => {
  const cases: [MatchChargeState | null, MatchChargeEvent, MatchChargeState | "illegal", boolean?][] = [
    [null, "due", "due", true],
    ["failed", "due", "due", true],
    ["due", "due", "due", false],
    ["pending", "due", "illegal"],
    ["processing", "due", "illegal"],
    ["succeeded", "due", "illegal"],
    ["due", "start", "pending", true],
    [null, "start", "illegal"],
    ["pending", "start", "illegal"],
    ["failed", "start", "illegal"],
    ["pending", "processing", "processing", true],
    ["processing", "processing", "processing", false],
    ["due", "processing", "illegal"],
    ["succeeded", "processing", "illegal"],
    ["pending", "succeeded", "succeeded", true],
    ["processing", "succeeded", "succeeded", true],
    ["succeeded", "succeeded", "succeeded", false],
    ["due", "succeeded", "illegal"],
    ["failed", "succeeded", "illegal"],
    [null, "succeeded", "illegal"],
    ["pending", "failed", "failed", true],
    ["processing", "failed", "failed", true],
    ["failed", "failed", "failed", false],
    ["succeeded", "failed", "illegal"],
    ["due", "failed", "illegal"],
  ];
  it.each(cases)("%s --%s--> %s", (from, event, expected, changed) => {
    const r = transitionMatchCharge(from, event);
    if (expected === "illegal") expect(r).toEqual({ ok: false, error: "IllegalTransition" });
    else expect(r).toEqual({ ok: true, to: expected, changed });
  });

  it("money in flight: due, pending and processing", () => {
    expect([null, ...(["due", "pending", "processing", "succeeded", "failed"] as const)].map(chargeInFlight)).toEqual([false, true, true, true, false, false]);
  });
});
