import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverCatalogues } from "./catalogues.server";
import { CATALOGUE_GLOBAL } from "./define";

/**
 * Issue 13 §21, decision 063: the browser's JavaScript holds no catalogue — the page's language
 * comes as a script of its own (app/routes/i18n.$file.ts). This builds the client as production
 * does (`remix build`, into a directory of its own: remix.config.js's REMIX_BUILD_DIR, ~5 s) and
 * looks for the catalogues' texts in every chunk it wrote.
 */
const out = fs.mkdtempSync(path.join(os.tmpdir(), "bk-client-bundle-"));
let chunks: { file: string; text: string }[] = [];

beforeAll(async () => {
  await promisify(execFile)("npx", ["remix", "build"], { env: { ...process.env, NODE_ENV: "production", REMIX_BUILD_DIR: out }, timeout: 180_000 });
  const dir = path.join(out, "public", "build");
  chunks = (fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => f.endsWith(".js"))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), "utf8") }));
}, 200_000);

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** Texts a bundler prints as they are (plain ASCII, no quotes or backslashes), long enough to be the catalogue's only. */
function sample(locale: "nl" | "en"): string[] {
  return Object.values(serverCatalogues[locale])
    .flatMap((m) => (typeof m === "string" ? [m] : Object.values(m)))
    .filter((s) => s.length >= 30 && /^[\x20-\x7e]+$/.test(s) && !/["\\`]/.test(s));
}

describe("the client build", () => {
  it("wrote the app's chunks", () => {
    expect(chunks.some((c) => c.file.startsWith("entry.client-"))).toBe(true);
    expect(chunks.length).toBeGreaterThan(50);
  });

  it.each(["nl", "en"] as const)("carries none of the %s catalogue's texts", (locale) => {
    const texts = sample(locale);
    expect(texts.length).toBeGreaterThan(200);
    const found = texts.flatMap((text) => chunks.filter((c) => c.text.includes(text)).map((c) => `${c.file}: ${text}`));
    expect(found.slice(0, 5)).toEqual([]);
  });

  it("reads the page's catalogue from the global its script fills", () => {
    expect(chunks.some((c) => c.text.includes(CATALOGUE_GLOBAL))).toBe(true);
  });
});
