import vm from "node:vm";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { catalogueVersion } from "../i18n/catalogues.server";
import { CATALOGUE_GLOBAL } from "../i18n/define";
import { catalogueHref } from "../i18n/i18n";
import { loader } from "./i18n.$file";

/** Issue 13 §21, decision 063: one language's catalogue per script, fingerprinted, cached for a year. */
async function get(file: string): Promise<Response> {
  try {
    return loader({ params: { file }, request: new Request(`http://localhost/i18n/${file}`), context: {} } as unknown as LoaderFunctionArgs);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Runs a catalogue script as a browser would, and returns what it left in the global. */
function run(script: string): Record<string, { version: string; messages: Record<string, unknown> }> {
  const self: Record<string, unknown> = {};
  vm.runInNewContext(script, { self });
  return self[CATALOGUE_GLOBAL] as Record<string, { version: string; messages: Record<string, unknown> }>;
}

describe("/i18n/<locale>.<version>.js", () => {
  it("is the page's URL for it (root.tsx)", () => {
    expect(catalogueHref("nl")).toBe(`/i18n/nl.${catalogueVersion}.js`);
    expect(catalogueVersion).toMatch(/^[0-9a-f]{12}$/);
  });

  it("serves a Dutch page the Dutch catalogue only, and an English one the English", async () => {
    const nl = await get(`nl.${catalogueVersion}.js`);
    expect(nl.status).toBe(200);
    expect(nl.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(nl.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const nlText = await nl.text();
    expect(nlText).toContain("Aanmelden bij Buurtkracht");
    expect(nlText).not.toContain("Sign up for Buurtkracht");
    expect(Object.keys(run(nlText))).toEqual(["nl"]);
    expect(run(nlText).nl?.messages["auth.signup.title"]).toBe("Aanmelden bij Buurtkracht");
    expect(run(nlText).nl?.version).toBe(catalogueVersion);

    const enText = await (await get(`en.${catalogueVersion}.js`)).text();
    expect(enText).toContain("Sign up for Buurtkracht");
    expect(enText).not.toContain("Aanmelden bij Buurtkracht");
    expect(run(enText).en?.messages["auth.signup.title"]).toBe("Sign up for Buurtkracht");
  });

  it("adds to the global instead of replacing it (a page that switches holds both)", () => {
    const self: Record<string, unknown> = {};
    return Promise.all([get(`nl.${catalogueVersion}.js`), get(`en.${catalogueVersion}.js`)])
      .then((responses) => Promise.all(responses.map((r) => r.text())))
      .then((scripts) => {
        for (const script of scripts) vm.runInNewContext(script, { self });
        expect(Object.keys(self[CATALOGUE_GLOBAL] as object).sort()).toEqual(["en", "nl"]);
      });
  });

  it("answers an old version with today's catalogue, not cached; anything else is a 404", async () => {
    const old = await get("nl.000000000000.js");
    expect(old.status).toBe(200);
    expect(old.headers.get("Cache-Control")).toBe("no-cache");
    for (const file of ["fr.000000000000.js", `nl.${catalogueVersion}.json`, "nl.js", "../nl.js", `nl.${catalogueVersion}.js.map`]) {
      expect((await get(file)).status, file).toBe(404);
    }
  });
});
