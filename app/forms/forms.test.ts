import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "./forms";

const Schema = z.object({ name: z.string().trim().min(2, "form.required") });

function formOf(name: string): FormData {
  const form = new FormData();
  form.set("name", name);
  return form;
}

describe("parseForm refuses what Postgres cannot store or no one typed, next to the field", () => {
  it.each([
    ["a NUL (a multipart field the edge does not rewrite)", "buren\u0000club"],
    ["the edge's replacement of a NUL", "buren\uFFFDclub"],
    ["another C0 control character", "buren\u0007club"],
    ["a lone surrogate", "buren\uD800club"],
  ])("%s", (_label, name) => {
    const result = parseForm(Schema, formOf(name));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.name).toBe("form.invalidText");
  });

  it.each([
    ["plain text", "Buurtclub"],
    ["tabs and new lines", "Buurt\tclub\r\nOost"],
    ["emoji", "Buurtclub 🌱"],
  ])("accepts %s", (_label, name) => {
    expect(parseForm(Schema, formOf(name)).ok).toBe(true);
  });
});
