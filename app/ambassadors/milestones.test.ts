import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { announceable, type Milestone, milestones, milestonesCrossed, reaches } from "./milestones";

describe("milestones a pledge crosses (table)", () => {
  it.each<[number, number, Milestone[], Milestone[]]>([
    [0, 24_999, [], []],
    [0, 25_000, [], [25]], // exactly 25% of € 1.000
    [20_000, 80_000, [], [25, 50, 75]],
    [74_999, 100_000, [25, 50], [75, 100]],
    [60_000, 120_000, [25, 50], [75, 100]],
    [30_000, 60_000, [25, 50], []], // 50% was announced before a withdrawal: not again
    [60_000, 30_000, [], []], // a withdrawal crosses nothing
    [100_000, 150_000, [25, 50, 75, 100], []],
  ])("€ %i → € %i of € 1.000, announced %o: %o", (before, after, announced, expected) => {
    expect(milestonesCrossed({ beforeCents: before, afterCents: after, goalCents: 100_000, announced })).toEqual(expected);
  });

  it("reaching is exact: one cent short of 25% of an odd goal is not 25%", () => {
    expect(reaches(2_500, 10_001, 25)).toBe(false);
    expect(reaches(2_501, 10_001, 25)).toBe(true);
  });

  it("tells about the highest milestone crossed", () => {
    expect(announceable([25, 50, 75])).toBe(75);
    expect(announceable([])).toBeNull();
  });
});

describe("milestones (properties)", () => {
  it("over any sequence of totals, each milestone is announced at most once, and only once reached", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 20_000_000 }), { maxLength: 30 }), (goal, totals) => {
        const announced: Milestone[] = [];
        let before = 0;
        for (const after of totals) {
          const crossed = milestonesCrossed({ beforeCents: before, afterCents: after, goalCents: goal, announced });
          for (const m of crossed) {
            expect(announced).not.toContain(m);
            expect(reaches(after, goal, m)).toBe(true);
            announced.push(m);
          }
          before = after;
        }
        const highest = Math.max(0, ...totals);
        // Every milestone the highest total reached was announced (totals rise to it at some step).
        for (const m of milestones) if (reaches(highest, goal, m)) expect(announced).toContain(m);
      }),
      { numRuns: 500 },
    );
  });
});
