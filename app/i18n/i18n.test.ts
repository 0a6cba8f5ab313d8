import { describe, expect, it } from "vitest";
import type { Message } from "./define";
import { translate } from "./i18n";
import { localeFromAcceptLanguage, localeFromUrl } from "../http/locale.server";
import { catalogs } from "./messages";

const placeholders = (m: Message) =>
  (typeof m === "string" ? [m] : Object.values(m))
    .flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]))
    .filter((x, i, all) => all.indexOf(x) === i)
    .sort();

describe("catalogues", () => {
  it("have unique keys across features", () => {
    const seen = new Map<string, string>();
    for (const [feature, catalog] of Object.entries(catalogs)) {
      for (const key of Object.keys(catalog.nl)) {
        expect(seen.get(key), `${key} is defined in ${seen.get(key)} and ${feature}`).toBeUndefined();
        seen.set(key, feature);
      }
    }
    expect(seen.size).toBeGreaterThan(50);
  });

  it("use the same placeholders in Dutch and English, and no empty texts", () => {
    for (const catalog of Object.values(catalogs)) {
      for (const [key, nl] of Object.entries(catalog.nl) as [string, Message][]) {
        const en = (catalog.en as Record<string, Message>)[key];
        expect(en, key).toBeDefined();
        expect(placeholders(en!), key).toEqual(placeholders(nl));
        for (const text of [nl, en!].flatMap((m) => (typeof m === "string" ? [m] : Object.values(m)))) {
          expect(text.trim().length, key).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe("translate", () => {
  it("interpolates and picks plural forms", () => {
    expect(translate("nl", "home.members", { count: 1 })).toBe("1 buur");
    expect(translate("nl", "home.members", { count: 3 })).toBe("3 buren");
    expect(translate("en", "home.members", { count: 1 })).toBe("1 neighbour");
    expect(translate("en", "time.daysLeft", { count: 0 })).toBe("Last day");
    expect(translate("en", "auth.login.rateLimited", { minutes: 15 })).toContain("15 minutes");
  });
});

describe("counted texts", () => {
  it("say one month, not '1 maanden' (issue 16's monthly gifts)", () => {
    expect(translate("nl", "recurring.mine.paid", { count: 1, amount: "€ 5,00" })).toBe("1 maand betaald, samen € 5,00");
    expect(translate("nl", "recurring.mine.paid", { count: 3, amount: "€ 15,00" })).toBe("3 maanden betaald, samen € 15,00");
    expect(translate("en", "recurring.mine.paid", { count: 1, amount: "€5.00" })).toBe("1 month paid, €5.00 in all");
  });
});

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["nl-NL,nl;q=0.9,en;q=0.8", "nl"],
    ["en-GB,en;q=0.9", "en"],
    ["de-DE,de;q=0.9,en;q=0.5", "en"],
    ["fr", null],
    [null, null],
    ["en;q=0.2,nl;q=0.8", "nl"],
    // q=0 means "not acceptable" (issue 13, item 24): never picked, whatever else is offered.
    ["en;q=0", null],
    ["en;q=0,nl", "nl"],
    ["nl;q=0, en;q=0.1", "en"],
    ["en-GB;q=0, nl;q=0.5", "nl"],
    ["en;q=0.0, fr", null],
    ["EN;Q=0", null],
    // The highest q wins, whatever the order; ties keep the header's order.
    ["fr;q=0.9, en;q=0.3, nl;q=0.7", "nl"],
    ["en;q=0.5, nl;q=0.5", "en"],
    // A more specific range counts like its language; the best of them decides.
    ["en-US;q=0.2, en-GB;q=0.9, nl;q=0.8", "en"],
    // `*` is any language not named; named with q=0 stays refused.
    ["*", "nl"],
    ["nl;q=0, *;q=0.5", "en"],
    ["*;q=0", null],
    // A malformed q-value counts as 0, not as 1.
    ["en;q=abc, nl;q=0.1", "nl"],
    ["en;q=2, nl;q=0.1", "nl"],
  ])("%j → %s", (header, locale) => expect(localeFromAcceptLanguage(header)).toBe(locale));
});

describe("localeFromUrl", () => {
  // Each language version of a public page has an address (docs/decisions/065-seo-and-feeds.md).
  it.each([
    ["http://x/projects?lang=en", "en"],
    ["http://x/?page=2&lang=nl", "nl"],
    ["http://x/?lang=EN", null],
    ["http://x/?lang=de", null],
    ["http://x/?lang=", null],
    ["http://x/projects", null],
  ])("%s → %s", (url, locale) => expect(localeFromUrl(url)).toBe(locale));
});
