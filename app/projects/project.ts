/**
 * Projects: types and pure rules. No database, no env. The lifecycle changes only through
 * `transitionProject` (docs/projects-lifecycle.md, docs/decisions/030-project-lifecycle.md).
 */
import type { Cents } from "../utils/money";

export const projectStatuses = ["draft", "submitted", "changes_requested", "approved", "live", "succeeded", "failed", "cancelled", "paid_out"] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

export const projectCategories = ["green", "social", "culture", "sport", "playground", "safety", "other"] as const;
export type ProjectCategory = (typeof projectCategories)[number];

export const fundingModels = ["all_or_nothing", "keep_what_you_raise", "community_loan", "ongoing"] as const;
export type FundingModel = (typeof fundingModels)[number];

/**
 * An `ongoing` project (issue 16, decision 077) runs continuously on monthly gifts (app/recurring):
 * no deadline, it keeps what it raises, and its goal is a monthly target. It takes no one-off pledges.
 */
export function isOngoing(model: FundingModel): boolean {
  return model === "ongoing";
}

export const MIN_DURATION_DAYS = 1;
export const MAX_DURATION_DAYS = 60;
export const MIN_GOAL_CENTS = 10_00;
export const MAX_GOAL_CENTS = 1_000_000_00;
export const MAX_BUDGET_LINES = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the transition function needs to know about a project. */
export interface ProjectSnapshot {
  status: ProjectStatus;
  fundingModel: FundingModel;
  goalCents: Cents;
  pledgedCents: Cents;
  /** What matching pools committed (app/matching, docs/decisions/056): counts toward the goal. */
  matchedCents: Cents;
  durationDays: number;
  endsAt: Date | null;
  /** Sum of the funding plan's lines. */
  budgetTotalCents: Cents;
  /** Has any money moved (a charge attempted or made)? The initiator may cancel only before. */
  anyChargeStarted: boolean;
  /** Pledges whose money is still on its way (saved, processing, or failed within the fix window). */
  openPledges: number;
  /** A payout to the initiator is under way or done (docs/decisions/053-payouts.md): the money has left. */
  payoutStarted: boolean;
  /** When the initiator marked it delivered (null: not yet). */
  deliveredAt?: Date | null;
}

export type ProjectEvent =
  | { type: "submit" }
  | { type: "request_changes"; message: string }
  | { type: "approve" }
  | { type: "launch"; now: Date }
  | { type: "deadline_passed"; now: Date }
  | { type: "cancel"; by: "initiator" | "moderator"; reason?: string }
  /** The payout to the initiator reached their bank (sent by app/payouts only, decision 053). */
  | { type: "payout_paid" }
  /** The initiator says a succeeded project happened as promised (its backers may review it; docs/reputation.md). */
  | { type: "mark_delivered" };
export type ProjectEventType = ProjectEvent["type"];

export type ProjectTransitionError =
  | "IllegalTransition"
  | "BudgetMismatch"
  | "MessageRequired"
  | "ReasonRequired"
  | "DeadlineNotReached"
  | "AlreadyCharged"
  | "PaymentsOutstanding"
  | "PayoutStarted"
  | "AlreadyDelivered";

export type ProjectTransition =
  | { ok: true; to: ProjectStatus; launchedAt?: Date; endsAt?: Date; settled?: boolean; delivered?: boolean; note?: string }
  | { ok: false; error: ProjectTransitionError };

const illegal = { ok: false, error: "IllegalTransition" } as const;

/** The deadline is fixed at launch: exactly `durationDays` days later. */
export function deadlineFor(launchedAt: Date, durationDays: number): Date {
  return new Date(launchedAt.getTime() + durationDays * DAY_MS);
}

/**
 * The project lifecycle, pure:
 * draft → submitted → (changes_requested → submitted)* → approved → live → succeeded | failed;
 * succeeded → paid_out (when the payout reached the initiator's bank); cancelled by the initiator
 * before any money moved, or by a moderator (with a reason) any time before a payout started.
 */
export function transitionProject(p: ProjectSnapshot, event: ProjectEvent): ProjectTransition {
  switch (event.type) {
    case "submit":
      if (p.status !== "draft" && p.status !== "changes_requested") return illegal;
      if (p.budgetTotalCents !== p.goalCents) return { ok: false, error: "BudgetMismatch" };
      return { ok: true, to: "submitted" };
    case "request_changes": {
      if (p.status !== "submitted") return illegal;
      const message = event.message.trim();
      if (!message) return { ok: false, error: "MessageRequired" };
      return { ok: true, to: "changes_requested", note: message };
    }
    case "approve":
      if (p.status !== "submitted") return illegal;
      // The database checks this too; a plan edited behind the moderator's back cannot be approved.
      if (p.budgetTotalCents !== p.goalCents) return { ok: false, error: "BudgetMismatch" };
      return { ok: true, to: "approved" };
    case "launch":
      if (p.status !== "approved") return illegal;
      // An ongoing project has no deadline: it runs until it is cancelled (decision 077).
      if (isOngoing(p.fundingModel)) return { ok: true, to: "live", launchedAt: event.now };
      return { ok: true, to: "live", launchedAt: event.now, endsAt: deadlineFor(event.now, p.durationDays) };
    case "deadline_passed": {
      if (p.status !== "live" || isOngoing(p.fundingModel)) return illegal;
      if (!p.endsAt || event.now.getTime() < p.endsAt.getTime()) return { ok: false, error: "DeadlineNotReached" };
      // Matching counts toward the goal (docs/decisions/056-matching-pools.md): the crowd plus what
      // the pools committed. A pool never gives more than the crowd, so the crowd brings at least half.
      const funded = p.fundingModel === "keep_what_you_raise" || p.pledgedCents + p.matchedCents >= p.goalCents;
      return { ok: true, to: funded ? "succeeded" : "failed", settled: true };
    }
    case "cancel": {
      const reason = event.reason?.trim() ?? "";
      if (event.by === "initiator") {
        if (!["draft", "submitted", "changes_requested", "approved", "live"].includes(p.status)) return illegal;
        if (p.anyChargeStarted) return { ok: false, error: "AlreadyCharged" };
        return { ok: true, to: "cancelled", note: reason || undefined };
      }
      if (!["submitted", "changes_requested", "approved", "live", "succeeded"].includes(p.status)) return illegal;
      if (!reason) return { ok: false, error: "ReasonRequired" };
      // The money is on its way to the initiator: refunding backers now would pay it out twice.
      if (p.payoutStarted) return { ok: false, error: "PayoutStarted" };
      return { ok: true, to: "cancelled", note: reason };
    }
    case "payout_paid":
      if (p.status !== "succeeded") return illegal;
      // Pay out only what is settled: no charge still running or waiting for a fix.
      if (p.openPledges > 0) return { ok: false, error: "PaymentsOutstanding" };
      return { ok: true, to: "paid_out" };
    case "mark_delivered":
      // Not a status change: the status stays; delivered_at and the event row record it, once.
      if (p.status !== "succeeded" && p.status !== "paid_out") return illegal;
      if (p.deliveredAt) return { ok: false, error: "AlreadyDelivered" };
      return { ok: true, to: p.status, delivered: true };
    default: {
      const never: never = event;
      throw new Error(`Unknown project event ${JSON.stringify(never)}`);
    }
  }
}

/** Statuses in which the initiator may still edit the project's fields and funding plan. */
export function isEditable(status: ProjectStatus): boolean {
  return status === "draft" || status === "changes_requested";
}

/** Reward tiers can be shaped until launch; once backers can choose them, they stay as they are. */
export function tiersEditable(status: ProjectStatus): boolean {
  return status === "draft" || status === "changes_requested" || status === "submitted" || status === "approved";
}

/** Publicly visible projects (the list, the API, the embed). Drafts and reviews are private. */
export const publicStatuses: readonly ProjectStatus[] = ["live", "succeeded", "failed", "paid_out"];
export function isPublic(status: ProjectStatus): boolean {
  return publicStatuses.includes(status);
}

export interface BudgetLine {
  description: string;
  amountCents: Cents;
}

export function budgetTotal(lines: readonly BudgetLine[]): Cents {
  return lines.reduce((sum, l) => sum + l.amountCents, 0);
}

/** "Speeltuin Javaplein!" → "speeltuin-javaplein"; a number is added when the slug is taken. */
export function slugBase(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return base || "project";
}

/**
 * What a neighbour expects to read (issue 13 §6): never fewer days than are left.
 *   ended                       "Afgelopen"
 *   ends today (Amsterdam)      "eindigt vandaag om 19:27"
 *   ends tomorrow               "eindigt morgen om 19:27"
 *   later                       "nog N dagen", N = the whole days left, rounded UP (47.8 hours → 2;
 *                               right after a 21-day launch → 21)
 */
export type TimeLeft = { kind: "ended" } | { kind: "today"; at: string } | { kind: "tomorrow"; at: string } | { kind: "days"; days: number };

const amsterdamDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" });
const amsterdamTime = new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** Calendar days between two instants, as seen on a clock in Amsterdam. */
function calendarDaysBetween(from: Date, to: Date): number {
  const a = Date.parse(`${amsterdamDay.format(from)}T00:00:00Z`);
  const b = Date.parse(`${amsterdamDay.format(to)}T00:00:00Z`);
  return Math.round((b - a) / DAY_MS);
}

/** The words for a TimeLeft, in the translator's language. */
export function timeLeftKey(left: TimeLeft): {
  key: "projects.time.ended" | "time.endsToday" | "time.endsTomorrow" | "time.daysLeft";
  params: { time?: string; count?: number };
} {
  switch (left.kind) {
    case "ended":
      return { key: "projects.time.ended", params: {} };
    case "today":
      return { key: "time.endsToday", params: { time: left.at } };
    case "tomorrow":
      return { key: "time.endsTomorrow", params: { time: left.at } };
    case "days":
      return { key: "time.daysLeft", params: { count: left.days } };
  }
}

export function timeLeft(endsAt: Date | null, now: Date): TimeLeft | null {
  if (!endsAt) return null;
  const ms = endsAt.getTime() - now.getTime();
  if (ms <= 0) return { kind: "ended" };
  const calendarDays = calendarDaysBetween(now, endsAt);
  const at = amsterdamTime.format(endsAt);
  if (calendarDays === 0) return { kind: "today", at };
  if (calendarDays === 1) return { kind: "tomorrow", at };
  return { kind: "days", days: Math.ceil(ms / DAY_MS) };
}

export const listSorts = ["ending_soon", "newest", "most_funded", "nearly_there"] as const;
export type ListSort = (typeof listSorts)[number];
