/**
 * A community loan's life (buurtlening, issue 16, docs/decisions/078-community-loans.md): pure rules,
 * no database. The loan and its installments change only through `transitionCommunityLoan`; the
 * writer (community-loans.server.ts) applies its answer with an event row and the journal it names.
 *
 *   loan:         running ──(last installment paid)──▶ repaid
 *   installment:  due ──(past due + GRACE_DAYS)──▶ late ──paid──▶ paid
 *                   └────────────────paid───────────────────────┘
 *
 * Reminders are events too (reminded_before, reminded_late) but change no status.
 */
import { type RepaymentKind, repaymentSchedule, splitProRata } from "./schedule";

export const loanMethods = ["annuity", "linear"] as const satisfies readonly RepaymentKind[];
export type LoanMethod = (typeof loanMethods)[number];
export type LoanStatus = "running" | "repaid";
export type InstallmentStatus = "due" | "late" | "paid";

/** The feature's limits (legal text from the lead, docs/community-loans.md): tighter than the maths' 120 months / 20%. */
export const MIN_LOAN_MONTHS = 3;
export const MAX_LOAN_MONTHS = 120;
export const MAX_LOAN_RATE_BPS = 800;
/** An installment is late once this many days have passed after its due date without payment. */
export const GRACE_DAYS = 5;
/** The initiator is reminded this many days before an installment is due. */
export const REMIND_BEFORE_DAYS = 3;
/** While late, the initiator (and the lenders) are told again every this many days. */
export const LATE_REMINDER_EVERY_DAYS = 7;
/**
 * The reflection period (bedenktijd, ECSP art. 22): a lender may withdraw within 4 days. Buurtkracht
 * refuses new loan pledges in the last 4 days before the deadline, so every pledge can still be
 * withdrawn for 4 days before it is charged (and the last-24-hours rule never cuts that short).
 */
export const REFLECTION_DAYS = 4;
const DAY_MS = 86_400_000;

export type CommunityLoanEvent =
  | { type: "late"; installment: InstallmentStatus }
  | { type: "pay"; installment: InstallmentStatus; /** Installments other than this one not yet paid. */ otherOpen: number }
  | { type: "remind_before"; installment: InstallmentStatus }
  | { type: "remind_late"; installment: InstallmentStatus };

export type CommunityLoanEventName = "late" | "paid" | "repaid" | "reminded_before" | "reminded_late";

export type CommunityLoanTransition =
  | { ok: true; installmentTo: InstallmentStatus; loanTo: LoanStatus; events: CommunityLoanEventName[] }
  | { ok: false; error: "LoanRepaid" | "AlreadyPaid" | "NotDue" | "NotLate" };

/** The one transition of a loan and its installments. */
export function transitionCommunityLoan(loan: LoanStatus, event: CommunityLoanEvent): CommunityLoanTransition {
  if (loan === "repaid") return { ok: false, error: "LoanRepaid" };
  switch (event.type) {
    case "late":
      if (event.installment !== "due") return { ok: false, error: "NotDue" };
      return { ok: true, installmentTo: "late", loanTo: "running", events: ["late"] };
    case "pay":
      if (event.installment === "paid") return { ok: false, error: "AlreadyPaid" };
      return event.otherOpen === 0
        ? { ok: true, installmentTo: "paid", loanTo: "repaid", events: ["paid", "repaid"] }
        : { ok: true, installmentTo: "paid", loanTo: "running", events: ["paid"] };
    case "remind_before":
      if (event.installment !== "due") return { ok: false, error: "NotDue" };
      return { ok: true, installmentTo: "due", loanTo: "running", events: ["reminded_before"] };
    case "remind_late":
      if (event.installment !== "late") return { ok: false, error: "NotLate" };
      return { ok: true, installmentTo: "late", loanTo: "running", events: ["reminded_late"] };
    default: {
      const never: never = event;
      throw new Error(`unknown community loan event ${JSON.stringify(never)}`);
    }
  }
}

// ---- days ("YYYY-MM-DD", Europe/Amsterdam) ----

const amsterdam = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" });

/** The calendar day in the Netherlands at `instant`. */
export function amsterdamDay(instant: Date): string {
  return amsterdam.format(instant);
}

/** `day` plus `months` calendar months, clamped to the month's last day (31 January + 1 → 28/29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Past due and past the grace: `today` is later than the due day + GRACE_DAYS. */
export function isLate(dueOn: string, today: string): boolean {
  return today > addDays(dueOn, GRACE_DAYS);
}

/** The "coming up" reminder is due from REMIND_BEFORE_DAYS before the due day until the due day itself. */
export function wantsReminderBefore(dueOn: string, today: string): boolean {
  return today >= addDays(dueOn, -REMIND_BEFORE_DAYS) && today <= dueOn;
}

/** A late installment's initiator is told again every LATE_REMINDER_EVERY_DAYS. */
export function wantsLateReminder(lastRemindedAt: Date | null, now: Date): boolean {
  return lastRemindedAt === null || now.getTime() - lastRemindedAt.getTime() >= LATE_REMINDER_EVERY_DAYS * DAY_MS;
}

// ---- the schedule with each lender's share ----

export interface LoanLender {
  userId: string;
  principalCents: number;
}

export interface PlannedInstallment {
  n: number;
  dueOn: string;
  principalCents: number;
  interestCents: number;
  amountCents: number;
  shares: { userId: string; principalCents: number; interestCents: number }[];
}

/**
 * The installments of a loan started on `startDay` (the first is due a month later) and every
 * lender's part of each: the principal part and the interest part are each split pro rata to what
 * the lender lent, largest remainder (app/community-loans/schedule.ts), so both add up exactly.
 */
export function planInstallments(input: {
  principalCents: number;
  annualRateBps: number;
  months: number;
  method: LoanMethod;
  startDay: string;
  lenders: readonly LoanLender[];
}): PlannedInstallment[] {
  const weights = input.lenders.map((l) => ({ key: l.userId, weightCents: l.principalCents }));
  const plan = repaymentSchedule({ principalCents: input.principalCents, annualRateBps: input.annualRateBps, months: input.months, kind: input.method }).map(
    (line) => {
      const principal = splitProRata(line.principalCents, weights);
      const interest = splitProRata(line.interestCents, weights);
      return {
        n: line.month,
        dueOn: addMonths(input.startDay, line.month),
        principalCents: line.principalCents,
        interestCents: line.interestCents,
        amountCents: line.paymentCents,
        shares: principal.map((p, i) => ({ userId: p.key, principalCents: p.cents, interestCents: interest[i]!.cents })),
      };
    },
  );
  evenOutPrincipal(plan, input.lenders);
  return plan;
}

/**
 * Month by month the rounding of the principal parts can leave a lender a few cents above or below
 * what they lent. From the last installment back, cents move between lenders within one installment
 * (so every installment still adds up, and no part goes below 0) until each lender's principal parts
 * add up to exactly what they lent. Usually only the last installment changes, by a cent or a few.
 */
function evenOutPrincipal(plan: PlannedInstallment[], lenders: readonly LoanLender[]): void {
  const drift = lenders.map((l, i) => l.principalCents - plan.reduce((sum, line) => sum + line.shares[i]!.principalCents, 0));
  for (let k = plan.length - 1; k >= 0 && drift.some((d) => d !== 0); k--) {
    const shares = plan[k]!.shares;
    for (let i = 0; i < lenders.length; i++) {
      for (let j = 0; j < lenders.length && drift[i]! < 0; j++) {
        if (drift[j]! <= 0) continue;
        const m = Math.min(-drift[i]!, drift[j]!, shares[i]!.principalCents);
        if (m <= 0) break;
        shares[i]!.principalCents -= m;
        shares[j]!.principalCents += m;
        drift[i]! += m;
        drift[j]! -= m;
      }
    }
  }
}

// ---- the terms form and the caps ----

export type TermsField = "loanMonths" | "loanRate" | "loanMethod" | "goal";
export type TermsErrorKey = "communityLoans.error.months" | "communityLoans.error.rate" | "communityLoans.error.method" | "communityLoans.error.projectCap";

export interface TermsInput {
  goalCents: number;
  months: number | null;
  annualRateBps: number | null;
  method: string | null;
}

/** Errors of the loan terms by form field: term 3–120 months, 0–8%, annuity or linear, the goal within the per-project cap. */
export function termsFieldErrors(input: TermsInput, caps: { maxPerProjectCents: number }): Partial<Record<TermsField, TermsErrorKey>> {
  const errors: Partial<Record<TermsField, TermsErrorKey>> = {};
  if (input.months === null || !Number.isInteger(input.months) || input.months < MIN_LOAN_MONTHS || input.months > MAX_LOAN_MONTHS)
    errors.loanMonths = "communityLoans.error.months";
  if (input.annualRateBps === null || !Number.isInteger(input.annualRateBps) || input.annualRateBps < 0 || input.annualRateBps > MAX_LOAN_RATE_BPS)
    errors.loanRate = "communityLoans.error.rate";
  if (!loanMethods.includes(input.method as LoanMethod)) errors.loanMethod = "communityLoans.error.method";
  if (input.goalCents > caps.maxPerProjectCents) errors.goal = "communityLoans.error.projectCap";
  return errors;
}

/** "2,5" or "2.5" (percent a year) → 250 basis points; null when it is not a number with at most two decimals. */
export function parseRatePercent(raw: string): number | null {
  const s = raw.trim().replace(",", ".");
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ""] = s.split(".") as [string, string?];
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

export type LoanPledgeError = "communityLoans.error.lenderCap" | "communityLoans.error.reflection" | "communityLoans.error.riskNotRead";

/**
 * Whether a lender may pledge `amountCents` to a loan project: at most the per-lender cap in total,
 * not in the last REFLECTION_DAYS before the deadline, and only after ticking the risk warning.
 */
export function loanPledgeError(input: {
  amountCents: number;
  maxPerLenderCents: number;
  endsAt: Date | null;
  now: Date;
  riskRead: boolean;
  isNew: boolean;
}): LoanPledgeError | null {
  if (input.amountCents > input.maxPerLenderCents) return "communityLoans.error.lenderCap";
  if (input.isNew && input.endsAt && input.endsAt.getTime() - input.now.getTime() < REFLECTION_DAYS * DAY_MS) return "communityLoans.error.reflection";
  if (!input.riskRead) return "communityLoans.error.riskNotRead";
  return null;
}
