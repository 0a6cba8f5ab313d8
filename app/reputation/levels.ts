import { bayesianAverage } from "./formulas";
import type { RecordCounts } from "./record";

/**
 * THE trust levels and what they unlock, in one place (issue 12; docs/reputation.md). Change a
 * threshold here and the levels, the gates, the badge's explanation and the docs' table follow.
 */
export const trustLevels = [0, 1, 2, 3] as const;
export type TrustLevel = (typeof trustLevels)[number];

export const LEVELS = {
  /** 1 neighbour: a verified e-mail and one completed loan (either side) or one honoured pledge. */
  neighbour: { completed: 1 },
  /** 2 trusted: ≥ 5 completed loans, on time ≥ 90 % (as borrower, when they borrowed), no upheld claim in 12 months. */
  trusted: { completed: 5, onTimePercent: 90, claimFreeMonths: 12 },
  /** 3 pillar: ≥ 20 completed loans and a rating ≥ 4.5. */
  pillar: { completed: 20, rating: 4.5 },
} as const;

export const GATES = {
  /** Level 0 may not borrow items worth more than this (replacement value)… */
  newMaxItemValueCents: 100_00,
  /** …or with a deposit above this… */
  newMaxDepositCents: 50_00,
  /** …nor launch a project (submit it for review). */
  launchMinLevel: 1 as TrustLevel,
  /** From this level an owner may waive deposits up to `waiveMaxDepositCents` ("geen borg voor vertrouwde buren"). */
  waiveMinLevel: 2 as TrustLevel,
  waiveMaxDepositCents: 50_00,
} as const;

const MONTH_MS = 30.44 * 24 * 3_600_000;

export interface LevelInput {
  counts: RecordCounts;
  emailVerified: boolean;
  /** The platform's prior for the Bayesian rating (formulas.platformMean). */
  prior: number;
  now: Date;
}

export const completedLoans = (c: RecordCounts) => c.loansLent + c.loansBorrowed;

/** Which requirements of a level are met — the badge explains the missing ones. */
export function requirementsFor(level: 1 | 2 | 3, input: LevelInput): { key: string; met: boolean; params?: Record<string, number> }[] {
  const c = input.counts;
  const done = completedLoans(c);
  switch (level) {
    case 1:
      return [
        { key: "emailVerified", met: input.emailVerified },
        { key: "firstDeal", met: done >= LEVELS.neighbour.completed || c.pledgesCharged >= 1 },
      ];
    case 2: {
      const claimFree = c.lastClaimUpheldAt === null || input.now.getTime() - c.lastClaimUpheldAt.getTime() >= LEVELS.trusted.claimFreeMonths * MONTH_MS;
      const onTimeOk = c.loansBorrowed === 0 || c.returnsOnTime * 100 >= LEVELS.trusted.onTimePercent * c.loansBorrowed;
      return [
        { key: "completed", met: done >= LEVELS.trusted.completed, params: { count: LEVELS.trusted.completed, done } },
        { key: "onTime", met: onTimeOk, params: { percent: LEVELS.trusted.onTimePercent } },
        { key: "claimFree", met: claimFree, params: { months: LEVELS.trusted.claimFreeMonths } },
      ];
    }
    case 3: {
      const rating = bayesianAverage({ starsSum: c.starsCounted, count: c.reviewsCounted, prior: input.prior });
      return [
        { key: "completed", met: done >= LEVELS.pillar.completed, params: { count: LEVELS.pillar.completed, done } },
        { key: "rating", met: rating !== null && rating >= LEVELS.pillar.rating, params: { rating: LEVELS.pillar.rating } },
      ];
    }
  }
}

/** The member's level: each level needs the one below it. A function of counts only, so never of the events' order. */
export function trustLevel(input: LevelInput): TrustLevel {
  let level: TrustLevel = 0;
  for (const next of [1, 2, 3] as const) {
    if (!requirementsFor(next, input).every((r) => r.met)) break;
    level = next;
  }
  return level;
}

export type BorrowRefusal = "TrustBelowItemMinimum" | "TrustTooLowForValue" | "TrustTooLowForDeposit";

/** May a member of this level ask for this item? Null when they may. */
export function borrowGate(
  level: TrustLevel,
  item: { replacementValueCents: number | null; depositCents: number; minTrustLevel: number },
): BorrowRefusal | null {
  if (level < item.minTrustLevel) return "TrustBelowItemMinimum";
  if (level === 0 && (item.replacementValueCents ?? 0) > GATES.newMaxItemValueCents) return "TrustTooLowForValue";
  if (level === 0 && item.depositCents > GATES.newMaxDepositCents) return "TrustTooLowForDeposit";
  return null;
}

/** Whether the owner's "no deposit for trusted neighbours" applies to an item at all. */
export const waiverApplies = (item: { depositCents: number; waiveDepositTrusted: boolean }): boolean =>
  item.waiveDepositTrusted && item.depositCents > 0 && item.depositCents <= GATES.waiveMaxDepositCents;

/** The deposit a borrower of this level pays: none when the owner waives it for trusted neighbours. */
export function depositFor(level: TrustLevel, item: { depositCents: number; waiveDepositTrusted: boolean }): number {
  return waiverApplies(item) && level >= GATES.waiveMinLevel ? 0 : item.depositCents;
}

/** The owner's options on the item form: a waiver only for a deposit up to the cap. */
export const itemOptionsError = (item: { depositCents: number; waiveDepositTrusted: boolean }): "TrustWaiverTooHigh" | null =>
  item.waiveDepositTrusted && item.depositCents > GATES.waiveMaxDepositCents ? "TrustWaiverTooHigh" : null;

export const mayLaunchProject = (level: TrustLevel): boolean => level >= GATES.launchMinLevel;

export function isTrustLevel(value: unknown): value is TrustLevel {
  return typeof value === "number" && (trustLevels as readonly number[]).includes(value);
}
