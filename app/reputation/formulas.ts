/**
 * The track record's formulas, pure (docs/reputation.md has worked examples). No database, no clock.
 */

/** How many reviews the prior weighs (the issue: "the weight of 5 reviews"). */
export const PRIOR_WEIGHT = 5;
/** The prior when the platform has no counted review yet. */
export const DEFAULT_PRIOR = 4;

/**
 * Bayesian average: (w·m + Σstars) / (w + n). With few reviews the rating stays near the platform
 * mean m; with many it approaches the member's own mean. Null without any review of the member.
 */
export function bayesianAverage(input: { starsSum: number; count: number; prior: number; weight?: number }): number | null {
  const weight = input.weight ?? PRIOR_WEIGHT;
  if (input.count <= 0) return null;
  return (weight * input.prior + input.starsSum) / (weight + input.count);
}

/** The platform mean of counted stars (the prior), or DEFAULT_PRIOR when nothing is counted yet. */
export function platformMean(totals: { starsSum: number; count: number }): number {
  return totals.count > 0 ? totals.starsSum / totals.count : DEFAULT_PRIOR;
}

/**
 * Wilson score interval's lower bound (95 %, z = 1.96) for `successes` out of `trials`: how sure we
 * are that the true rate is at least this. 1/1 → 0.21, 48/50 → 0.87, so 48 of 50 ranks above 1 of 1.
 */
export function wilsonLowerBound(successes: number, trials: number, z = 1.96): number {
  if (trials <= 0) return 0;
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p) + z2 / (4 * trials)) / trials);
  return Math.max(0, (centre - margin) / (1 + z2 / trials));
}

/** Whole percentage, rounded down (as the item page always showed it); null without trials. */
export const percent = (part: number, whole: number): number | null => (whole <= 0 ? null : Math.floor((part * 100) / whole));

/** The median of a list of numbers (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** At most one counted review per reviewer → reviewee pair per 7 days (against inflation by repeat deals). */
export const PAIR_CAP_MS = 7 * 24 * 3_600_000;

export interface CountableReview {
  id: string;
  reviewerId: string;
  revieweeId: string;
  /** When it was first submitted (edits do not move it). */
  submittedAt: Date;
}

/**
 * Which reviews count toward ratings: walking each pair's reviews in time order (ties by id), one
 * counts when no counted review of the same pair lies less than 7 days before it. The result does
 * not depend on the order of the input.
 */
export function countedReviewIds(reviews: readonly CountableReview[]): Set<string> {
  const sorted = [...reviews].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lastCounted = new Map<string, number>();
  const counted = new Set<string>();
  for (const review of sorted) {
    if (review.reviewerId === review.revieweeId) continue; // never of yourself (the database refuses it too)
    const pair = `${review.reviewerId}→${review.revieweeId}`;
    const last = lastCounted.get(pair);
    const at = review.submittedAt.getTime();
    if (last !== undefined && at - last < PAIR_CAP_MS) continue;
    lastCounted.set(pair, at);
    counted.add(review.id);
  }
  return counted;
}
