/**
 * Pledges: types and pure rules. No database, no env. A pledge's status changes only through
 * `transitionPledge` (docs/projects-lifecycle.md, docs/decisions/031-pledge-lifecycle.md).
 */
import type { FundingModel, ProjectStatus } from "../projects/project";
import type { Cents } from "../utils/money";

export const pledgeStatuses = [
  "active",
  "processing",
  "charged",
  "payment_failed",
  "cancelled",
  "dropped",
  "released",
  "refunded",
  "disputed",
  "charged_back",
] as const;
export type PledgeStatus = (typeof pledgeStatuses)[number];

export const pledgeVisibilities = ["initiator", "public", "anonymous"] as const;
export type PledgeVisibility = (typeof pledgeVisibilities)[number];

export const MIN_PLEDGE_CENTS = 1_00;
export const MAX_PLEDGE_CENTS = 10_000_00;
/** How long a backer has to fix a failed payment before the pledge is dropped. */
export const FIX_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Kickstarter's rule: in the last 24 hours a funded project cannot be pulled back under its goal. */
export const LAST_DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Statuses whose amount counts in the project's pledged total and backer count: the pledge stands
 * (or stood, when the project failed or was cancelled). A pledge the backer withdrew (cancelled) or
 * never paid (dropped) does not count. `collected` counts only `charged`.
 */
export function countsAsPledged(status: PledgeStatus): boolean {
  return status !== "cancelled" && status !== "dropped";
}

export function countsAsCollected(status: PledgeStatus): boolean {
  return status === "charged";
}

/** Statuses that hold a place in a limited reward tier. */
export const holdsTierPlace = countsAsPledged;

export type PledgeEvent =
  | { type: "change" }
  | { type: "cancel" }
  | { type: "charge_processing" }
  | { type: "charge_succeeded" }
  | { type: "charge_failed"; now: Date }
  | { type: "drop"; now: Date }
  | { type: "release" }
  | { type: "refund" }
  /** The backer's bank disputed the charge: the money is withdrawn until the dispute closes. */
  | { type: "dispute_open" }
  | { type: "dispute_won" }
  | { type: "dispute_lost" };
export type PledgeEventType = PledgeEvent["type"];

export type PledgeTransition = { ok: true; to: PledgeStatus; fixUntil?: Date | null } | { ok: false; error: "IllegalTransition" | "FixWindowOpen" };

export interface PledgeSnapshot {
  status: PledgeStatus;
  fixUntil: Date | null;
}

const illegal = { ok: false, error: "IllegalTransition" } as const;

/**
 * active ─change→ active, ─cancel→ cancelled, ─release→ released;
 * active|payment_failed ─charge_processing→ processing (SEPA takes days);
 * active|processing|payment_failed ─charge_succeeded→ charged;
 * active|processing ─charge_failed→ payment_failed (7 days to fix; a failed fix keeps the window);
 * payment_failed ─drop→ dropped (after the window), ─release→ released; charged ─refund→ refunded;
 * charged ─dispute_open→ disputed ─dispute_won→ charged | ─dispute_lost→ charged_back
 * (a dispute that closed before we heard it opened: charged ─dispute_lost→ charged_back).
 */
export function transitionPledge(p: PledgeSnapshot, event: PledgeEvent): PledgeTransition {
  switch (event.type) {
    case "change":
      return p.status === "active" ? { ok: true, to: "active" } : illegal;
    case "cancel":
      return p.status === "active" ? { ok: true, to: "cancelled" } : illegal;
    case "charge_processing":
      return p.status === "active" || p.status === "payment_failed" ? { ok: true, to: "processing" } : illegal;
    case "charge_succeeded":
      return p.status === "active" || p.status === "processing" || p.status === "payment_failed" ? { ok: true, to: "charged", fixUntil: null } : illegal;
    case "charge_failed":
      if (p.status === "active") return { ok: true, to: "payment_failed", fixUntil: new Date(event.now.getTime() + FIX_WINDOW_MS) };
      if (p.status === "processing" || p.status === "payment_failed") {
        return { ok: true, to: "payment_failed", fixUntil: p.fixUntil ?? new Date(event.now.getTime() + FIX_WINDOW_MS) };
      }
      return illegal;
    case "drop":
      if (p.status !== "payment_failed") return illegal;
      if (p.fixUntil && event.now.getTime() < p.fixUntil.getTime()) return { ok: false, error: "FixWindowOpen" };
      return { ok: true, to: "dropped" };
    case "release":
      return p.status === "active" || p.status === "payment_failed" ? { ok: true, to: "released", fixUntil: null } : illegal;
    case "refund":
      return p.status === "charged" ? { ok: true, to: "refunded" } : illegal;
    case "dispute_open":
      return p.status === "charged" ? { ok: true, to: "disputed" } : illegal;
    case "dispute_won":
      return p.status === "disputed" ? { ok: true, to: "charged" } : illegal;
    case "dispute_lost":
      return p.status === "disputed" || p.status === "charged" ? { ok: true, to: "charged_back" } : illegal;
    default: {
      const never: never = event;
      throw new Error(`Unknown pledge event ${JSON.stringify(never)}`);
    }
  }
}

/** How a pledge moving from one status (and amount) to another changes the project's totals. */
export function totalsDelta(
  before: { status: PledgeStatus; amountCents: Cents } | null,
  after: { status: PledgeStatus; amountCents: Cents },
): { pledgedCents: Cents; collectedCents: Cents; backers: number } {
  const pledged = (s: { status: PledgeStatus; amountCents: Cents } | null) => (s && countsAsPledged(s.status) ? s.amountCents : 0);
  const collected = (s: { status: PledgeStatus; amountCents: Cents } | null) => (s && countsAsCollected(s.status) ? s.amountCents : 0);
  const backer = (s: { status: PledgeStatus } | null) => (s && countsAsPledged(s.status) ? 1 : 0);
  return {
    pledgedCents: pledged(after) - pledged(before),
    collectedCents: collected(after) - collected(before),
    backers: backer(after) - backer(before),
  };
}

export type PledgeRuleError =
  | "ProjectNotLive"
  | "DeadlinePassed"
  | "MonthlyOnly"
  | "OwnProject"
  | "BelowMinimum"
  | "AboveMaximum"
  | "BelowTierMinimum"
  | "TierNotFound"
  | "SoldOut"
  | "WouldDropBelowGoal"
  | "AlreadyPledged"
  | "PledgeNotActive"
  | "PaymentInProgress"
  | "NoPaymentMethod";

export interface PledgeProjectView {
  status: ProjectStatus;
  fundingModel: FundingModel;
  goalCents: Cents;
  pledgedCents: Cents;
  endsAt: Date | null;
  initiatorId: string;
}

/** Pledges (new or changed) are accepted only while the project is live and before its deadline. */
export function checkPledgeWindow(project: PledgeProjectView, now: Date): PledgeRuleError | null {
  if (project.status !== "live") return "ProjectNotLive";
  // An ongoing project takes monthly gifts only (app/recurring, decision 077).
  if (project.fundingModel === "ongoing") return "MonthlyOnly";
  if (!project.endsAt || now.getTime() >= project.endsAt.getTime()) return "DeadlinePassed";
  return null;
}

export function checkAmount(amountCents: Cents, tier: { minCents: Cents } | null): PledgeRuleError | null {
  if (amountCents < MIN_PLEDGE_CENTS) return "BelowMinimum";
  if (amountCents > MAX_PLEDGE_CENTS) return "AboveMaximum";
  if (tier && amountCents < tier.minCents) return "BelowTierMinimum";
  return null;
}

/**
 * In the last 24 hours, an all-or-nothing project at or above its goal may not be brought back
 * under it by a lower pledge, a cancellation or a tier change (Kickstarter's rule).
 */
export function checkLastDayRule(project: PledgeProjectView, pledgedDeltaCents: Cents, now: Date): PledgeRuleError | null {
  if (project.fundingModel === "keep_what_you_raise" || !project.endsAt || pledgedDeltaCents >= 0) return null;
  if (project.endsAt.getTime() - now.getTime() > LAST_DAY_MS) return null;
  const before = project.pledgedCents;
  const after = before + pledgedDeltaCents;
  return before >= project.goalCents && after < project.goalCents ? "WouldDropBelowGoal" : null;
}

export interface TierAvailability {
  quantity: number | null;
  claimed: number;
}

export function remainingPlaces(tier: TierAvailability): number | null {
  return tier.quantity === null ? null : Math.max(0, tier.quantity - tier.claimed);
}

export function isSoldOut(tier: TierAvailability): boolean {
  return tier.quantity !== null && tier.claimed >= tier.quantity;
}

/** What the public sees of a backer: their name only when they chose so. */
export function publicBackerName(visibility: PledgeVisibility, displayName: string): string | null {
  return visibility === "public" ? displayName : null;
}

/** What the initiator sees: the name unless the backer chose to stay anonymous even to them. */
export function initiatorBackerName(visibility: PledgeVisibility, displayName: string): string | null {
  return visibility === "anonymous" ? null : displayName;
}

/** Can the backer still change or cancel this pledge themselves? */
export function isChangeable(pledge: { status: PledgeStatus }, project: PledgeProjectView, now: Date): boolean {
  if (pledge.status !== "active") return false;
  if (project.fundingModel === "keep_what_you_raise") return false;
  return checkPledgeWindow(project, now) === null;
}

/** A failed payment can be fixed while its window is open and the project still wants the money. */
export function isFixable(pledge: { status: PledgeStatus; fixUntil: Date | null }, projectStatus: ProjectStatus, now: Date): boolean {
  if (pledge.status !== "payment_failed" || !pledge.fixUntil) return false;
  if (projectStatus !== "succeeded" && projectStatus !== "live") return false;
  return now.getTime() < pledge.fixUntil.getTime();
}

// ——— Payment attempts (one call to the gateway each) ———

export type AttemptStatus = "pending" | "processing" | "succeeded" | "failed" | "requires_action";

/** What the gateway said about an attempt: its synchronous answer or an event. */
export type AttemptOutcome =
  | { status: "succeeded"; paymentId: string; charge?: { feeCents: number | null; method: "card" | "sepa_debit" | "ideal" | null } }
  | { status: "processing"; paymentId: string }
  | { status: "requires_action"; paymentId: string; nextActionUrl: string | null; failureCode: string }
  | { status: "failed"; paymentId: string | null; failureCode: string };

/**
 * An attempt's status may only move forward: pending → anything; processing → succeeded | failed;
 * requires_action (waiting for 3-D Secure) → processing | succeeded | failed. Succeeded and failed
 * are final. Returns the new status, or null when the outcome changes nothing (a repeat, or late).
 */
export function attemptTransition(current: AttemptStatus, outcome: Exclude<AttemptStatus, "pending">): AttemptStatus | null {
  if (current === outcome) return null;
  switch (current) {
    case "pending":
      return outcome;
    case "processing":
      return outcome === "succeeded" || outcome === "failed" ? outcome : null;
    case "requires_action":
      return outcome === "requires_action" ? null : outcome;
    case "succeeded":
    case "failed":
      return null;
    default: {
      const never: never = current;
      throw new Error(`Unknown attempt status ${String(never)}`);
    }
  }
}
