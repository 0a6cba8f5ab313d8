import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bayesianAverage, countedReviewIds, median, PAIR_CAP_MS, platformMean, wilsonLowerBound } from "./formulas";

const DAY = 24 * 3_600_000;

describe("bayesianAverage", () => {
  it("pulls few reviews toward the prior and many toward the member's own mean (docs/reputation.md)", () => {
    expect(bayesianAverage({ starsSum: 5, count: 1, prior: 4 })).toBeCloseTo(25 / 6); // 4.17
    expect(bayesianAverage({ starsSum: 100, count: 20, prior: 4 })).toBeCloseTo(120 / 25); // 4.8
    expect(bayesianAverage({ starsSum: 0, count: 0, prior: 4 })).toBeNull();
  });

  it("adding a 5-star review never lowers the rating", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 60 }), fc.double({ min: 1, max: 5, noNaN: true }), (stars, prior) => {
        const sum = stars.reduce((a, b) => a + b, 0);
        const before = bayesianAverage({ starsSum: sum, count: stars.length, prior })!;
        const after = bayesianAverage({ starsSum: sum + 5, count: stars.length + 1, prior })!;
        expect(after).toBeGreaterThanOrEqual(before - 1e-12);
      }),
    );
  });

  it("adding a 1-star review never raises it, and it stays within 1–5", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 60 }), fc.double({ min: 1, max: 5, noNaN: true }), (stars, prior) => {
        const sum = stars.reduce((a, b) => a + b, 0);
        const before = bayesianAverage({ starsSum: sum, count: stars.length, prior })!;
        const after = bayesianAverage({ starsSum: sum + 1, count: stars.length + 1, prior })!;
        expect(after).toBeLessThanOrEqual(before + 1e-12);
        expect(after).toBeGreaterThanOrEqual(1);
        expect(after).toBeLessThanOrEqual(5);
      }),
    );
  });

  it("the prior is the platform mean, 4 before anything is counted", () => {
    expect(platformMean({ starsSum: 0, count: 0 })).toBe(4);
    expect(platformMean({ starsSum: 9, count: 2 })).toBe(4.5);
  });
});

describe("wilsonLowerBound", () => {
  it("ranks 1 of 1 below 48 of 50", () => {
    expect(wilsonLowerBound(1, 1)).toBeLessThan(wilsonLowerBound(48, 50));
    expect(wilsonLowerBound(1, 1)).toBeCloseTo(0.2065, 3);
    expect(wilsonLowerBound(48, 50)).toBeCloseTo(0.865, 2);
    expect(wilsonLowerBound(0, 0)).toBe(0);
  });

  it("stays in [0, rate], and grows with evidence at the same rate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 2, max: 5 }), (n, k0, factor) => {
        const k = Math.min(k0, n);
        const lb = wilsonLowerBound(k, n);
        expect(lb).toBeGreaterThanOrEqual(0);
        expect(lb).toBeLessThanOrEqual(k / n + 1e-12);
        expect(wilsonLowerBound(k * factor, n * factor)).toBeGreaterThanOrEqual(lb - 1e-12);
      }),
    );
  });

  it("one more success never lowers it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), (n, k0) => {
        const k = Math.min(k0, n);
        expect(wilsonLowerBound(k + 1, n + 1)).toBeGreaterThanOrEqual(wilsonLowerBound(k, n) - 1e-12);
      }),
    );
  });
});

describe("median", () => {
  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])("median(%j) = %j", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("countedReviewIds: the weekly pair cap", () => {
  const T = new Date("2026-11-01T10:00:00Z").getTime();
  const review = (id: string, reviewerId: string, revieweeId: string, dayOffset: number) => ({
    id,
    reviewerId,
    revieweeId,
    submittedAt: new Date(T + dayOffset * DAY),
  });

  it("counts one review per reviewer → reviewee per 7 days; the other direction and other pairs count apart", () => {
    const counted = countedReviewIds([
      review("a", "eva", "mo", 0),
      review("b", "eva", "mo", 3), // within 7 days of a: not counted
      review("c", "eva", "mo", 7), // 7 days after a: counted
      review("d", "mo", "eva", 1), // the other direction
      review("e", "anna", "mo", 2), // another pair
      review("f", "eva", "eva", 20), // never of yourself
    ]);
    expect([...counted].sort()).toEqual(["a", "c", "d", "e"]);
  });

  const arbitraryReviews = fc
    .array(
      fc.record({ reviewer: fc.integer({ min: 0, max: 3 }), reviewee: fc.integer({ min: 0, max: 3 }), minutes: fc.integer({ min: 0, max: 60 * 24 * 60 }) }),
      {
        maxLength: 40,
      },
    )
    .map((rows) =>
      rows.map((r, i) => ({
        id: `r${String(i).padStart(2, "0")}`,
        reviewerId: `u${r.reviewer}`,
        revieweeId: `u${r.reviewee}`,
        submittedAt: new Date(T + r.minutes * 60_000),
      })),
    );

  it("never counts two reviews of one pair less than 7 days apart, and never depends on the input's order", () => {
    fc.assert(
      fc.property(arbitraryReviews, fc.integer(), (reviews, seed) => {
        const counted = countedReviewIds(reviews);
        const kept = reviews.filter((r) => counted.has(r.id));
        for (const a of kept) {
          expect(a.reviewerId).not.toBe(a.revieweeId);
          for (const b of kept) {
            if (a.id !== b.id && a.reviewerId === b.reviewerId && a.revieweeId === b.revieweeId) {
              expect(Math.abs(a.submittedAt.getTime() - b.submittedAt.getTime())).toBeGreaterThanOrEqual(PAIR_CAP_MS);
            }
          }
        }
        const shuffled = [...reviews].sort((x, y) => ((x.id.charCodeAt(2) * 31 + seed) % 7) - ((y.id.charCodeAt(2) * 31 + seed) % 7));
        expect([...countedReviewIds(shuffled)].sort()).toEqual([...counted].sort());
      }),
    );
  });

  it("counts at least one review of every pair that has any (not of yourself)", () => {
    fc.assert(
      fc.property(arbitraryReviews, (reviews) => {
        const counted = countedReviewIds(reviews);
        const pairs = new Set(reviews.filter((r) => r.reviewerId !== r.revieweeId).map((r) => `${r.reviewerId}>${r.revieweeId}`));
        const countedPairs = new Set(reviews.filter((r) => counted.has(r.id)).map((r) => `${r.reviewerId}>${r.revieweeId}`));
        expect(countedPairs).toEqual(pairs);
      }),
    );
  });
});
