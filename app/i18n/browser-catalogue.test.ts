import vm from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type * as ServerCatalogues from "./catalogues.server";
import { CATALOGUE_GLOBAL } from "./define";

/**
 * i18n.ts as the browser runs it (decision 063): Remix's compiler empties `.server` modules there,
 * so the server's catalogues are missing and the page's catalogue script is all there is.
 */
// (An empty CommonJS module, `module.exports = {}`: every export reads as undefined.)
vi.mock("./catalogues.server", () => ({ serverCatalogues: undefined, catalogueVersion: undefined, catalogueScript: undefined }));

const actual = await vi.importActual<typeof ServerCatalogues>("./catalogues.server");
const { availableLocales, catalogueHref, hasCatalogue, isMessageKey, translate } = await import("./i18n");

/** What the page's <script src="/i18n/<locale>.<version>.js"> does before hydration. */
function runCatalogueScript(locale: "nl" | "en"): void {
  vm.runInNewContext(actual.catalogueScript(locale), { self: globalThis });
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[CATALOGUE_GLOBAL];
});

describe("i18n in the browser", () => {
  it("knows no language until the page's catalogue script ran", () => {
    expect(availableLocales()).toEqual([]);
    expect(hasCatalogue("nl")).toBe(false);
    expect(isMessageKey("auth.signup.title")).toBe(false);
    expect(translate("nl", "auth.signup.title")).toBe("auth.signup.title");
  });

  it("translates synchronously from the page's catalogue, and knows where the other one is", () => {
    runCatalogueScript("en");
    expect(availableLocales()).toEqual(["en"]);
    expect(translate("en", "auth.signup.title")).toBe("Sign up for Buurtkracht");
    expect(translate("en", "home.members", { count: 3 })).toBe("3 neighbours");
    expect(isMessageKey("auth.signup.title")).toBe(true);
    expect(isMessageKey("no.such.key")).toBe(false);
    expect(catalogueHref("nl")).toBe(`/i18n/nl.${actual.catalogueVersion}.js`);
    // Until the Dutch catalogue arrives (use-t.ts fetches it), the page keeps the language it has.
    expect(hasCatalogue("nl")).toBe(false);
    expect(translate("nl", "auth.signup.title")).toBe("Sign up for Buurtkracht");
    runCatalogueScript("nl");
    expect(translate("nl", "auth.signup.title")).toBe("Aanmelden bij Buurtkracht");
    expect(availableLocales()).toEqual(["nl", "en"]);
  });
});
