import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isShareCode, shareChannelLinks, shareCodeFromBytes, shareLink, touchDay } from "./share-code";

describe("share codes", () => {
  it("are 10 characters of lower-case base32, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 16 }), (bytes) => {
        expect(isShareCode(shareCodeFromBytes(bytes))).toBe(true);
      }),
    );
  });

  it.each<[unknown, boolean]>([
    ["abcdefgh23", true],
    ["ABCDEFGH23", false],
    ["abcdefgh1", false],
    ["abcdefgh189", false],
    ["abcdefgh0a", false],
    [" abcdefgh2", false],
    [undefined, false],
    [12, false],
  ])("%o is a code: %s", (value, expected) => {
    expect(isShareCode(value)).toBe(expected);
  });

  it("refuse too few random bytes", () => {
    expect(() => shareCodeFromBytes(new Uint8Array(9))).toThrow(RangeError);
  });
});

describe("the personal link", () => {
  it("is the project page with ?via=, or the plain page without a code", () => {
    expect(shareLink("https://buurtkracht.nl/", "moestuin", "abcdefgh23")).toBe("https://buurtkracht.nl/projects/moestuin?via=abcdefgh23");
    expect(shareLink("https://buurtkracht.nl", "moestuin", null)).toBe("https://buurtkracht.nl/projects/moestuin");
  });

  it("gives each channel its ready link, the text and the link encoded", () => {
    const links = shareChannelLinks({ text: "Steun de moestuin & doe mee!", subject: "De moestuin", url: "https://b.nl/projects/m?via=abcdefgh23" });
    expect(links.whatsapp).toBe("https://wa.me/?text=Steun%20de%20moestuin%20%26%20doe%20mee!%20https%3A%2F%2Fb.nl%2Fprojects%2Fm%3Fvia%3Dabcdefgh23");
    expect(links.x.startsWith("https://x.com/intent/post?text=Steun%20de")).toBe(true);
    expect(links.facebook).toBe("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fb.nl%2Fprojects%2Fm%3Fvia%3Dabcdefgh23");
    expect(links.email).toBe(
      "mailto:?subject=De%20moestuin&body=Steun%20de%20moestuin%20%26%20doe%20mee!%20https%3A%2F%2Fb.nl%2Fprojects%2Fm%3Fvia%3Dabcdefgh23",
    );
  });
});

describe("a touch's day", () => {
  it.each([
    ["2027-05-01T21:59:59Z", "2027-05-01"], // 23:59:59 summer time
    ["2027-05-01T22:00:00Z", "2027-05-02"], // midnight in Amsterdam
    ["2027-01-01T22:59:59Z", "2027-01-01"], // 23:59:59 winter time
  ])("%s is %s in Amsterdam", (at, day) => {
    expect(touchDay(new Date(at))).toBe(day);
  });
});
