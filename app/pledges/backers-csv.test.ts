import { describe, expect, it } from "vitest";
import { backersCsv, backersSpreadsheet, csvCell } from "./backers-csv";

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

describe("the spreadsheet export in the initiator's language (issue 13 §16)", () => {
  const rows = [
    {
      name: "Eva Visser",
      amountCents: 1250,
      tierTitle: "Zakje zaden",
      status: "active" as const,
      message: "Succes; echt!",
      createdAt: new Date("2026-12-01T13:05:00Z"),
      rewardContact: "eva@example.nl",
    },
    {
      name: null,
      amountCents: 100000,
      tierTitle: null,
      status: "charged" as const,
      message: "",
      createdAt: new Date("2026-12-02T09:00:00Z"),
      rewardContact: null,
    },
  ];
  const labels = {
    anonymous: "Anoniem",
    header: ["Naam", "Bedrag (€)", "Beloning", "Stand", "Bericht", "Datum", "E-mail (voor de beloning)"] as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ],
    status: (s: string) => ({ active: "Toegezegd", charged: "Afgeschreven" })[s] ?? s,
    decimalComma: true,
    date: (d: Date) => d.toISOString().slice(0, 10),
  };

  it("is separated by ';' (Dutch Excel), with Dutch headers, euros with a comma, statuses in words, and the reward's contact", () => {
    expect(backersSpreadsheet(rows, labels).split("\r\n")).toEqual([
      "sep=;",
      "Naam;Bedrag (€);Beloning;Stand;Bericht;Datum;E-mail (voor de beloning)",
      'Eva Visser;12,50;Zakje zaden;Toegezegd;"Succes; echt!";2026-12-01;eva@example.nl',
      "Anoniem;1000,00;;Afgeschreven;;2026-12-02;",
      "",
    ]);
  });
});
