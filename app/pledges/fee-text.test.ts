import { describe, expect, it } from "vitest";
import { translator } from "../i18n/i18n";
import { DEFAULT_FEE_SCHEDULE } from "../payments/fees";
import { feeLinesFor, feeSentence, type MethodChoice } from "./fee-text";

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("the fee text on the pledge form, right to the cent", () => {
  it.each([
    // amount, choice, model, platform bps, locale → sentences
    [2_500, "card", "all_or_nothing", 0, "nl", ["Met een kaart: van je € 25,00 gaat € 24,37 naar het project (€ 0,63 betaalkosten)."]],
    [2_500, "card", "all_or_nothing", 0, "en", ["By card: of your €25.00, €24.37 goes to the project (€0.63 payment costs)."]],
    [1_250, "sepa_debit", "all_or_nothing", 0, "nl", ["Met incasso (iDEAL): van je € 12,50 gaat € 12,15 naar het project (€ 0,35 betaalkosten)."]],
    [
      2_500,
      "new",
      "all_or_nothing",
      0,
      "nl",
      [
        "Met een kaart: van je € 25,00 gaat € 24,37 naar het project (€ 0,63 betaalkosten).",
        "Met incasso (iDEAL): van je € 25,00 gaat € 24,65 naar het project (€ 0,35 betaalkosten).",
      ],
    ],
    [
      2_500,
      "new",
      "keep_what_you_raise",
      0,
      "en",
      [
        "By card: of your €25.00, €24.37 goes to the project (€0.63 payment costs).",
        "With iDEAL: of your €25.00, €24.71 goes to the project (€0.29 payment costs).",
      ],
    ],
    [
      10_000,
      "card",
      "all_or_nothing",
      250,
      "nl",
      ["Met een kaart: van je € 100,00 gaat € 95,75 naar het project (€ 1,75 betaalkosten + € 2,50 bijdrage aan Buurtkracht)."],
    ],
    [
      1_999,
      "card",
      "all_or_nothing",
      500,
      "en",
      ["By card: of your €19.99, €18.44 goes to the project (€0.55 payment costs + €1.00 contribution to Buurtkracht)."],
    ],
    [100, "card", "all_or_nothing", 0, "nl", ["Met een kaart: van je € 1,00 gaat € 0,73 naar het project (€ 0,27 betaalkosten)."]],
  ] as const)("%i cents, %s, %s, %i bp, %s", (amount, choice, model, platformBps, locale, want) => {
    const t = translator(locale);
    const lines = feeLinesFor(amount, choice as MethodChoice, model, { ...DEFAULT_FEE_SCHEDULE, platformBps });
    expect(lines.map((l) => nbsp(feeSentence(l, t, locale)))).toEqual(want);
  });

  it("says so when nothing is kept", () => {
    const schedule = { platformBps: 0, methods: { card: { bps: 0, fixedCents: 0 }, sepa_debit: { bps: 0, fixedCents: 0 }, ideal: { bps: 0, fixedCents: 0 } } };
    const [line] = feeLinesFor(500, "card", "all_or_nothing", schedule);
    expect(nbsp(feeSentence(line!, translator("nl"), "nl"))).toBe("Met een kaart: van je € 5,00 gaat € 5,00 naar het project (geen kosten).");
  });
});
