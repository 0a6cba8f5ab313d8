import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Issue 13, item 25: a font named in the styles must be one the device has (a generic or system
 * family) or one the styles load with @font-face — never a name that silently falls back.
 */
const css = readFileSync(path.join(__dirname, "tailwind.css"), "utf8");

const SYSTEM_FAMILIES = new Set([
  "ui-sans-serif",
  "ui-serif",
  "ui-monospace",
  "system-ui",
  "-apple-system",
  "segoe ui",
  "roboto",
  "helvetica neue",
  "helvetica",
  "arial",
  "sans-serif",
  "serif",
  "monospace",
  "sfmono-regular",
  "menlo",
  "monaco",
  "consolas",
  "liberation mono",
  "courier new",
  "apple color emoji",
  "segoe ui emoji",
  "segoe ui symbol",
  "noto color emoji",
]);

function declaredFamilies(source: string): string[] {
  const lists = [...source.matchAll(/(?:--font-[\w-]+|font-family)\s*:\s*([^;]+);/g)].map((m) => m[1]!);
  return lists.flatMap((list) =>
    list.split(",").map((f) =>
      f
        .trim()
        .replace(/^["']|["']$/g, "")
        .toLowerCase(),
    ),
  );
}

function loadedFamilies(source: string): Set<string> {
  const faces = [...source.matchAll(/@font-face\s*{([^}]*)}/g)].map((m) => m[1]!);
  return new Set(faces.flatMap((face) => [...face.matchAll(/font-family\s*:\s*["']?([^;"']+)/g)].map((m) => m[1]!.trim().toLowerCase())));
}

describe("the styles' fonts", () => {
  it("name only system families or fonts they load", () => {
    const families = declaredFamilies(css);
    expect(families.length).toBeGreaterThan(3);
    const loaded = loadedFamilies(css);
    const missing = families.filter((f) => !SYSTEM_FAMILIES.has(f) && !loaded.has(f));
    expect(missing).toEqual([]);
  });
});
