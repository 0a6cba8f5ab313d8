import { describe, expect, it } from "vitest";
import { matchFor, type MatchPool, type MatchProject, poolOrder, ratioCents, thresholdCents } from "./rules";

const now = new Date("2026-12-02T12:00:00Z");
const project: MatchProject = { status: "live", neighbourhoodId: "indische-buurt", category: "green", goalCents: 200_000 };

function pool(over: Partial<MatchPool> = {}): MatchPool {
  return {
    id: "pool-a",
    createdAt: new Date("2026-11-01T00:00:00Z"),
    budgetCents: 1_000_000,
    committedElsewhereCents: 0,
    currentCents: 0,
    ratioBps: 10_000,
    capPerProjectCents: 100_000,
    neighbourhoodIds: [],
    categories: [],
    minBackers: 0,
    thresholdBps: null,
    startsAt: new Date("2026-11-01T00:00:00Z"),
    endsAt: new Date("2027-01-01T00:00:00Z"),
    ...over,
  };
}

describe("matchFor: one pool", () => {
  it.each([
    // name, pool changes, crowd, project changes, expected cents, expected reason
    ["€1 per €1", {}, { pledgedCents: 34_000, backers: 5 }, {}, 34_000, "matched"],
    ["€0,50 per €1", { ratioBps: 5_000 }, { pledgedCents: 34_000, backers: 5 }, {}, 17_000, "matched"],
    ["€0,50 per €1 rounds down to the cent", { ratioBps: 5_000 }, { pledgedCents: 1_001, backers: 1 }, {}, 500, "matched"],
    ["€0,25 per €1", { ratioBps: 2_500 }, { pledgedCents: 10_000, backers: 1 }, {}, 2_500, "matched"],
    ["no crowd, no match", {}, { pledgedCents: 0, backers: 0 }, {}, 0, "matched"],
    ["cap per project", { capPerProjectCents: 25_000 }, { pledgedCents: 34_000, backers: 5 }, {}, 25_000, "capped"],
    ["cap exactly reached is still 'matched'", { capPerProjectCents: 34_000 }, { pledgedCents: 34_000, backers: 5 }, {}, 34_000, "matched"],
    ["threshold not reached (49,99% of €2000)", { thresholdBps: 5_000 }, { pledgedCents: 99_999, backers: 9 }, {}, 0, "below_threshold"],
    ["threshold reached exactly (50%)", { thresholdBps: 5_000 }, { pledgedCents: 100_000, backers: 9 }, {}, 100_000, "matched"],
    ["too few distinct backers", { minBackers: 5 }, { pledgedCents: 50_000, backers: 4 }, {}, 0, "too_few_backers"],
    ["just enough distinct backers", { minBackers: 5 }, { pledgedCents: 50_000, backers: 5 }, {}, 50_000, "matched"],
    ["neighbourhood filter excludes", { neighbourhoodIds: ["oosterparkbuurt"] }, { pledgedCents: 50_000, backers: 5 }, {}, 0, "neighbourhood"],
    ["neighbourhood filter includes", { neighbourhoodIds: ["oosterparkbuurt", "indische-buurt"] }, { pledgedCents: 50_000, backers: 5 }, {}, 50_000, "matched"],
    ["category filter excludes", { categories: ["culture"] }, { pledgedCents: 50_000, backers: 5 }, {}, 0, "category"],
    ["category filter includes", { categories: ["culture", "green"] }, { pledgedCents: 50_000, backers: 5 }, {}, 50_000, "matched"],
    [
      "budget running out: what is left",
      { budgetCents: 500_000, committedElsewhereCents: 480_000 },
      { pledgedCents: 50_000, backers: 5 },
      {},
      20_000,
      "budget_exhausted",
    ],
    ["budget spent: nothing", { budgetCents: 500_000, committedElsewhereCents: 500_000 }, { pledgedCents: 50_000, backers: 5 }, {}, 0, "budget_exhausted"],
    ["before the period: nothing", { startsAt: new Date("2026-12-03T00:00:00Z") }, { pledgedCents: 50_000, backers: 5 }, {}, 0, "not_started"],
    ["after the period: the match stays as it was", { endsAt: now, currentCents: 12_300 }, { pledgedCents: 50_000, backers: 5 }, {}, 12_300, "period_over"],
    [
      "project not live: the match stays as it was",
      { currentCents: 40_000 },
      { pledgedCents: 10_000, backers: 1 },
      { status: "succeeded" },
      40_000,
      "not_live",
    ],
  ] as const)("%s", (_name, over, crowd, projectOver, cents, reason) => {
    const result = matchFor({ ...project, ...projectOver }, crowd, [pool(over as Partial<MatchPool>)], now);
    expect(result.pools[0]).toMatchObject({ poolId: "pool-a", cents, reason });
    expect(result.totalCents).toBe(cents);
  });

  it("says how far the crowd is from the threshold and how many backers are missing", () => {
    expect(matchFor(project, { pledgedCents: 10, backers: 9 }, [pool({ thresholdBps: 2_500 })], now).pools[0]).toMatchObject({ thresholdCents: 50_000 });
    expect(matchFor(project, { pledgedCents: 10, backers: 2 }, [pool({ minBackers: 5 })], now).pools[0]).toMatchObject({ backersNeeded: 3 });
  });
});

describe("matchFor: pools overlapping on one project (oldest first)", () => {
  const older = pool({ id: "pool-z-older", createdAt: new Date("2026-10-01T00:00:00Z"), ratioBps: 7_500 });
  const newer = pool({ id: "pool-a-newer", createdAt: new Date("2026-11-15T00:00:00Z"), ratioBps: 5_000 });

  it("the older pool comes first whatever order they are given in, and together they never give more than the crowd", () => {
    const crowd = { pledgedCents: 40_000, backers: 8 };
    for (const pools of [
      [older, newer],
      [newer, older],
    ]) {
      const result = matchFor(project, crowd, pools, now);
      expect(result.pools).toEqual([
        { poolId: "pool-z-older", cents: 30_000, reason: "matched" },
        { poolId: "pool-a-newer", cents: 10_000, reason: "crowd_limit" },
      ]);
      expect(result.totalCents).toBe(40_000);
    }
  });

  it("two pools under the crowd limit both give their ratio", () => {
    const result = matchFor(
      project,
      { pledgedCents: 40_000, backers: 8 },
      [pool({ id: "x", ratioBps: 2_500 }), pool({ id: "y", ratioBps: 2_500, createdAt: new Date("2026-11-02T00:00:00Z") })],
      now,
    );
    expect(result.pools.map((p) => p.cents)).toEqual([10_000, 10_000]);
  });

  it("a pool that does not cover the project leaves the room to the next one", () => {
    const result = matchFor(project, { pledgedCents: 40_000, backers: 8 }, [{ ...older, categories: ["sport"] }, newer], now);
    expect(result.pools).toEqual([
      { poolId: "pool-z-older", cents: 0, reason: "category" },
      { poolId: "pool-a-newer", cents: 20_000, reason: "matched" },
    ]);
  });

  it("same creation time: the id decides", () => {
    const t = new Date("2026-11-01T00:00:00Z");
    expect(poolOrder({ id: "a", createdAt: t }, { id: "b", createdAt: t })).toBeLessThan(0);
    expect(poolOrder({ id: "b", createdAt: t }, { id: "a", createdAt: t })).toBeGreaterThan(0);
  });
});

describe("rounding helpers", () => {
  it.each([
    [200_000, 5_000, 100_000],
    [999, 5_000, 500],
    [100_000, null, 0],
  ] as const)("threshold of %i at %s bps is %i", (goal, bps, expected) => expect(thresholdCents(goal, bps)).toBe(expected));
  it.each([
    [1_001, 5_000, 500],
    [333, 3_333, 110],
    [100, 10_000, 100],
  ] as const)("ratio of %i at %i bps is %i", (crowd, bps, expected) => expect(ratioCents(crowd, bps)).toBe(expected));
});
