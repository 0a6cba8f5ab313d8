/**
 * Matching pools: the public rules, pure (docs/matching.md, docs/decisions/056-matching-pools.md).
 * No database, no env, no clock: `now` is passed in. The same function decides the committed cents
 * in the pledge's transaction and explains, on the pool's public page, why a project is or is not
 * matched — so the words can never disagree with the money.
 */
import type { ProjectCategory, ProjectStatus } from "../projects/project";
import type { Cents } from "../utils/money";

export const BPS = 10_000;
/** At most €1 per €1: together with rule 5 below, the neighbourhood always carries at least half. */
export const MAX_RATIO_BPS = 10_000;

export interface MatchProject {
  status: ProjectStatus;
  neighbourhoodId: string;
  category: ProjectCategory;
  goalCents: Cents;
}

/** What the crowd pledged: the project's standing pledges (app/pledges countsAsPledged). */
export interface Crowd {
  pledgedCents: Cents;
  /** Distinct backers (one standing pledge per backer per project, decision 031). */
  backers: number;
}

export interface MatchPool {
  id: string;
  createdAt: Date;
  budgetCents: Cents;
  /** What the pool has committed to OTHER projects (this project's current match excluded). */
  committedElsewhereCents: Cents;
  /** This project's current match (kept as it is outside the pool's period). */
  currentCents: Cents;
  /** Matching per euro of the crowd: 10 000 = €1 per €1, 5 000 = €0,50 per €1. */
  ratioBps: number;
  capPerProjectCents: Cents;
  /** Empty: every neighbourhood. */
  neighbourhoodIds: readonly string[];
  /** Empty: every category. */
  categories: readonly string[];
  minBackers: number;
  /** The crowd must first reach this share of the goal (basis points); null: no threshold. */
  thresholdBps: number | null;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Why a pool gives what it gives to a project — each one has words on the public page
 * ("matching.reason.<reason>").
 */
export type MatchReason =
  | "matched" // the ratio, in full
  | "capped" // limited by the pool's cap per project
  | "budget_exhausted" // limited (or zeroed) by what is left of the budget
  | "crowd_limit" // limited because all pools together never give more than the crowd itself
  | "not_started" // the pool's period has not begun
  | "period_over" // the period has ended: the match stays as it was
  | "neighbourhood" // the project is not in one of the pool's neighbourhoods
  | "category" // the project's category is not one of the pool's
  | "too_few_backers"
  | "below_threshold"
  | "not_live"; // only live projects are matched; after the deadline the match is settled, not recomputed

export interface PoolMatch {
  poolId: string;
  cents: Cents;
  reason: MatchReason;
  /** For the explanation: the crowd needed for the threshold, backers still needed. */
  thresholdCents?: Cents;
  backersNeeded?: number;
}

export interface MatchResult {
  /** One line per pool, in the order they were applied (oldest first). */
  pools: PoolMatch[];
  totalCents: Cents;
}

/**
 * Overlapping pools are applied in a fixed order: oldest first (created_at, then id), so two pools
 * on one project always split the same way, whichever pledge came last.
 */
export function poolOrder(a: Pick<MatchPool, "createdAt" | "id">, b: Pick<MatchPool, "createdAt" | "id">): number {
  const t = a.createdAt.getTime() - b.createdAt.getTime();
  if (t !== 0) return t;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The share of the goal the crowd must reach first, in cents (rounded up: 50% of €9,99 is €5,00). */
export function thresholdCents(goalCents: Cents, thresholdBps: number | null): Cents {
  if (thresholdBps === null) return 0;
  return Math.ceil((goalCents * thresholdBps) / BPS);
}

/** The ratio applied to the crowd, rounded down to the cent (a pool never gives a fraction more). */
export function ratioCents(crowdCents: Cents, ratioBps: number): Cents {
  return Math.floor((crowdCents * ratioBps) / BPS);
}

/** Does the pool's scope (neighbourhoods, categories) include the project? Static: no amounts. */
export function poolCoversProject(pool: Pick<MatchPool, "neighbourhoodIds" | "categories">, project: Pick<MatchProject, "neighbourhoodId" | "category">) {
  if (pool.neighbourhoodIds.length > 0 && !pool.neighbourhoodIds.includes(project.neighbourhoodId)) return "neighbourhood" as const;
  if (pool.categories.length > 0 && !pool.categories.includes(project.category)) return "category" as const;
  return null;
}

/**
 * THE matching rules. For each pool, oldest first:
 * 1. not live → keep the current match ("not_live"); outside the period: 0 before it starts, the
 *    current match after it ends;
 * 2. the project must be in the pool's neighbourhoods and categories;
 * 3. the crowd needs at least `minBackers` distinct backers and, with a threshold, at least that
 *    share of the goal — else 0;
 * 4. the pool gives ratio × crowd, at most its cap per project, at most what is left of its budget;
 * 5. all pools together never give more than the crowd itself pledged (the neighbourhood always
 *    carries at least half): a later pool gets what the earlier ones left of that room.
 */
export function matchFor(project: MatchProject, crowd: Crowd, pools: readonly MatchPool[], now: Date): MatchResult {
  const ordered = [...pools].sort(poolOrder);
  const lines: PoolMatch[] = [];
  let room = crowd.pledgedCents;
  for (const pool of ordered) {
    const line = matchOne(project, crowd, pool, now, room);
    room = Math.max(0, room - line.cents);
    lines.push(line);
  }
  return { pools: lines, totalCents: lines.reduce((s, l) => s + l.cents, 0) };
}

function matchOne(project: MatchProject, crowd: Crowd, pool: MatchPool, now: Date, room: Cents): PoolMatch {
  const id = pool.id;
  if (project.status !== "live") return { poolId: id, cents: pool.currentCents, reason: "not_live" };
  if (now.getTime() < pool.startsAt.getTime()) return { poolId: id, cents: 0, reason: "not_started" };
  if (now.getTime() >= pool.endsAt.getTime()) return { poolId: id, cents: pool.currentCents, reason: "period_over" };
  const outside = poolCoversProject(pool, project);
  if (outside) return { poolId: id, cents: 0, reason: outside };
  if (crowd.backers < pool.minBackers) return { poolId: id, cents: 0, reason: "too_few_backers", backersNeeded: pool.minBackers - crowd.backers };
  const threshold = thresholdCents(project.goalCents, pool.thresholdBps);
  if (crowd.pledgedCents < threshold) return { poolId: id, cents: 0, reason: "below_threshold", thresholdCents: threshold };
  const byRatio = ratioCents(crowd.pledgedCents, pool.ratioBps);
  const budgetLeft = Math.max(0, pool.budgetCents - pool.committedElsewhereCents);
  // The tightest limit names the reason; ties go to the earlier one in this list.
  const limits: [Cents, MatchReason][] = [
    [byRatio, "matched"],
    [pool.capPerProjectCents, "capped"],
    [budgetLeft, "budget_exhausted"],
    [room, "crowd_limit"],
  ];
  let [cents, reason] = limits[0]!;
  for (const [limit, why] of limits.slice(1)) {
    if (limit < cents) [cents, reason] = [limit, why];
  }
  return { poolId: id, cents, reason };
}
