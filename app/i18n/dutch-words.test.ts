import { describe, expect, it } from "vitest";
import { catalogs } from "./messages";

/** Issue 13 §5: Dutch pages say "steuners", not the English "backers". */
describe("the Dutch catalogue", () => {
  it("has no English 'backer' in what Dutch readers see", () => {
    const english: string[] = [];
    for (const catalog of Object.values(catalogs)) {
      for (const [key, message] of Object.entries(catalog.nl as Record<string, unknown>)) {
        const text = typeof message === "string" ? message : JSON.stringify(message);
        if (/backer/i.test(text)) english.push(key);
      }
    }
    expect(english).toEqual([]);
  });
});
