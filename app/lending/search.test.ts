import { describe, expect, it } from "vitest";
import { normalizeQuery, normalizeText } from "./search";

describe("search query normalisation", () => {
  it.each([
    ["boormachine", { text: "boormachine", words: ["boormachine"], compact: "boormachine" }],
    ["Boor Machine", { text: "boor machine", words: ["boor", "machine"], compact: "boormachine" }],
    ["  boremachine!! ", { text: "boremachine", words: ["boremachine"], compact: "boremachine" }],
    ["Wie heeft er een ladder?", { text: "ladder", words: ["ladder"], compact: "ladder" }],
    ["Kärcher hogedruk-reiniger", { text: "karcher hogedruk reiniger", words: ["karcher", "hogedruk", "reiniger"], compact: "karcherhogedrukreiniger" }],
    ["wie heeft er", { text: "wie heeft er", words: ["wie", "heeft"], compact: "wieheefter" }],
    ["", { text: "", words: [], compact: "" }],
    ["'; drop table items; --", { text: "drop table items", words: ["drop", "table", "items"], compact: "droptableitems" }],
  ])("%j", (input, expected) => {
    expect(normalizeQuery(input)).toEqual(expected);
  });

  it("folds text the way the database's lending_norm() does", () => {
    expect(normalizeText("Crème brûlée-set (6 pers.)")).toBe("creme brulee set 6 pers");
  });
});
