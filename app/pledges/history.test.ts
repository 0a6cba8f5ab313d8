import { describe, expect, it } from "vitest";
import { describeHistory, type ReceiptLine } from "./views";

const at = new Date("2026-11-20T10:00:00Z");
const line = (event: string, amountCents: number, tier: string | null, to = "active"): Omit<ReceiptLine, "changed"> => ({
  event,
  from: event === "pledge" ? null : "active",
  to,
  amountCents,
  tier,
  at,
});

describe("a pledge's history says what a change changed (issue 13 §15)", () => {
  it.each<[string, Omit<ReceiptLine, "changed">[], ReceiptLine["changed"][]]>([
    ["amount only", [line("pledge", 5_000, null), line("change", 7_500, null)], [undefined, { fromCents: 5_000, toCents: 7_500 }]],
    [
      "reward only",
      [line("pledge", 7_500, "Plantenbak"), line("change", 7_500, "Zakje zaden")],
      [undefined, { fromTier: "Plantenbak", toTier: "Zakje zaden" }],
    ],
    ["a reward chosen", [line("pledge", 2_000, null), line("change", 2_000, "Zakje zaden")], [undefined, { fromTier: null, toTier: "Zakje zaden" }]],
    ["a reward dropped", [line("pledge", 2_000, "Zakje zaden"), line("change", 2_000, null)], [undefined, { fromTier: "Zakje zaden", toTier: null }]],
    [
      "both, twice",
      [line("pledge", 5_000, null), line("change", 7_500, "Plantenbak"), line("change", 2_000, "Zakje zaden")],
      [
        undefined,
        { fromCents: 5_000, toCents: 7_500, fromTier: null, toTier: "Plantenbak" },
        { fromCents: 7_500, toCents: 2_000, fromTier: "Plantenbak", toTier: "Zakje zaden" },
      ],
    ],
    ["only the message", [line("pledge", 5_000, null), line("change", 5_000, null)], [undefined, {}]],
    ["not a change", [line("pledge", 5_000, null), line("charge", 5_000, null, "charged")], [undefined, undefined]],
  ])("%s", (_name, rows, expected) => {
    expect(describeHistory(rows).map((r) => r.changed)).toEqual(expected);
  });
});
