import { describe, expect, it } from "vitest";
import { replaceName, replaceNameInJson } from "./core-data.server";

describe("an erased member's name in other people's stored texts", () => {
  it("is replaced where it stands as a whole name, never inside a longer word", () => {
    expect(replaceName("Jo leent je ladder; Jonas en Marjo niet. (Jo)", "Jo", "voormalig lid")).toBe(
      "voormalig lid leent je ladder; Jonas en Marjo niet. (voormalig lid)",
    );
    expect(replaceName("Anna de Vries. Anna de Vriesje", "Anna de Vries", "voormalig lid")).toBe("voormalig lid. Anna de Vriesje");
    expect(replaceName("a.b* (x)", "a.b*", "X")).toBe("X (x)");
  });
  it("in every string of a notification's data", () => {
    expect(replaceNameInJson({ otherPartyName: "Jo", items: [{ detail: "door Jo" }], amountCents: 5 }, "Jo", "voormalig lid")).toEqual({
      otherPartyName: "voormalig lid",
      items: [{ detail: "door voormalig lid" }],
      amountCents: 5,
    });
  });
});
