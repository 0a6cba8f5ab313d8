import { describe, expect, it } from "vitest";
import { backersCsv, csvCell } from "./backers-csv";

describe("backers CSV", () => {
  it.each([
    ["Eva", "Eva"],
    ["Jansen, Piet", '"Jansen, Piet"'],
    ['Zei "hoi"', '"Zei ""hoi"""'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ["+31 6", '"\'+31 6"'],
    ["-5", '"\'-5"'],
    ["@SUM(A1)", '"\'@SUM(A1)"'],
    ["regel\nregel", '"regel\nregel"'],
  ])("cell %j → %j", (input, output) => expect(csvCell(input)).toBe(output));

  it("writes a header and one line per backer, anonymous ones without a name", () => {
    const csv = backersCsv(
      [
        { name: "Eva Visser", amountCents: 2_550, tierTitle: "Tegel", status: "active", message: "Succes!", createdAt: new Date("2026-12-01T10:00:00Z") },
        { name: null, amountCents: 100, tierTitle: null, status: "charged", message: "", createdAt: new Date("2026-12-02T10:00:00Z") },
      ],
      { anonymous: "anoniem", header: ["naam", "bedrag_centen", "bedrag_euro", "beloning", "status", "bericht", "datum"] },
    );
    expect(csv).toBe(
      "naam,bedrag_centen,bedrag_euro,beloning,status,bericht,datum\r\n" +
        "Eva Visser,2550,25.50,Tegel,active,Succes!,2026-12-01T10:00:00.000Z\r\n" +
        "anoniem,100,1.00,,charged,,2026-12-02T10:00:00.000Z\r\n",
    );
  });
});
