import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ambassadorTotals, attributePledge, type Touch } from "./attribution";

const DAY = 86_400_000;
const pledgedAt = new Date("2027-05-01T12:00:00Z");
const daysBefore = (days: number) => new Date(pledgedAt.getTime() - days * DAY);
const touch = (ambassadorId: string, days: number, projectId = "moestuin"): Touch => ({ ambassadorId, projectId, at: daysBefore(days) });

describe("which ambassador a pledge is credited to (table)", () => {
  it.each<[string, Touch[], string | null]>([
    ["no link: nobody", [], null],
    ["one link", [touch("eva", 2)], "eva"],
    ["the last link before the pledge wins", [touch("eva", 5), touch("kees", 1)], "kees"],
    ["the order they are given in does not matter", [touch("kees", 1), touch("eva", 5)], "kees"],
    ["a link after the pledge counts for nothing", [touch("eva", 5), touch("kees", -1)], "eva"],
    ["older than 30 days: nobody", [touch("eva", 31)], null],
    ["exactly 30 days: still counts", [touch("eva", 30)], "eva"],
    ["one's own link never credits oneself; the one before it still does", [touch("eva", 5), touch("backer", 1)], "eva"],
    ["another project's link is not this one's", [touch("eva", 1, "bibliotheek")], null],
    ["the initiator's own link credits the initiator", [touch("anna", 3)], "anna"],
  ])("%s", (_label, touches, expected) => {
    expect(attributePledge({ backerId: "backer", projectId: "moestuin", pledgedAt, touches })).toBe(expected);
  });
});

describe("which ambassador a pledge is credited to (properties)", () => {
  const touches = fc.array(
    fc.record({
      ambassadorId: fc.constantFrom("eva", "kees", "anna", "backer"),
      projectId: fc.constantFrom("moestuin", "bibliotheek"),
      at: fc.integer({ min: -10, max: 40 }).map((d) => daysBefore(d)),
    }),
    { maxLength: 12 },
  );

  it("the one credited is never the backer, always someone whose link for this project came before the pledge, within 30 days, and the latest such", () => {
    fc.assert(
      fc.property(touches, (ts) => {
        const credited = attributePledge({ backerId: "backer", projectId: "moestuin", pledgedAt, touches: ts });
        const eligible = ts.filter(
          (t) => t.projectId === "moestuin" && t.ambassadorId !== "backer" && t.at <= pledgedAt && pledgedAt.getTime() - t.at.getTime() <= 30 * DAY,
        );
        if (eligible.length === 0) {
          expect(credited).toBeNull();
          return;
        }
        const latest = Math.max(...eligible.map((t) => t.at.getTime()));
        expect(eligible.filter((t) => t.at.getTime() === latest).map((t) => t.ambassadorId)).toContain(credited);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the dashboard's ambassadors", () => {
  it("count distinct backers and the cents of pledges that still count, most backers first", () => {
    expect(
      ambassadorTotals([
        { ambassadorId: "eva", backerId: "b1", amountCents: 2_500, counts: true },
        { ambassadorId: "eva", backerId: "b1", amountCents: 1_000, counts: true },
        { ambassadorId: "eva", backerId: "b2", amountCents: 500, counts: false },
        { ambassadorId: "kees", backerId: "b3", amountCents: 5_000, counts: true },
        { ambassadorId: "kees", backerId: "b4", amountCents: 1_000, counts: true },
        { ambassadorId: null, backerId: "b5", amountCents: 9_000, counts: true },
      ]),
    ).toEqual([
      { ambassadorId: "kees", backers: 2, amountCents: 6_000 },
      { ambassadorId: "eva", backers: 1, amountCents: 3_500 },
    ]);
  });
});
