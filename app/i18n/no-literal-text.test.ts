import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Words a person reads come from the catalogue, in their language (issue 13 §5: "MM/JJ" on the
 * English card form). Attributes people read — placeholder, title, aria-label, alt — must not be
 * literal words in the components and routes; a dash or an empty string is not a word.
 */
const root = path.resolve(__dirname, "..");
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith(".tsx") && !p.endsWith(".test.tsx") ? [p] : [];
  });
}

describe("no literal words in attributes people read", () => {
  it("placeholder, title, aria-label and alt take their words from t()", () => {
    const offenders: string[] = [];
    for (const file of [...files(path.join(root, "routes")), ...files(path.join(root, "components"))]) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/\b(placeholder|title|aria-label|alt)="([^"]*)"/g)) {
        if (!m[2]!.includes("${") && /\p{L}{2,}/u.test(m[2]!)) offenders.push(`${path.relative(root, file)}: ${m[1]}="${m[2]}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
