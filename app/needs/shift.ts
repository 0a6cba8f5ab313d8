/**
 * Volunteer shifts: pure rules (issue 11, docs/decisions/057-project-needs.md). No database.
 * A sign-up's status changes only through `transitionSignup`; the one writer is ./shifts.server.ts.
 *
 *   (none) | cancelled ─sign_up→ signed_up        until 24 h before the start, while places are left
 *   signed_up ─cancel→ cancelled                   until 24 h before the start
 *   signed_up | attended | no_show ─attended→ attended, ─no_show→ no_show   from the start on (the initiator)
 */
import type { NeedStatus, SignupStatus } from "../../db/schema";

export type { SignupStatus };

/** Neighbours sign up and cancel until this long before a shift starts. */
export const SIGNUP_CLOSES_BEFORE_MS = 24 * 60 * 60 * 1000;
export const MAX_SHIFT_PEOPLE = 500;
/** A shift lasts at most a day. */
export const MAX_SHIFT_MS = 24 * 60 * 60 * 1000;

export type SignupEvent = { type: "sign_up" } | { type: "cancel" } | { type: "attended" } | { type: "no_show" };

export type ShiftRuleError = "ShiftCancelled" | "ProjectNotOpen" | "SignupClosed" | "ShiftFull" | "NotYetStarted" | "IllegalTransition";

export interface ShiftView {
  status: NeedStatus;
  startsAt: Date;
  needed: number;
  filled: number;
  /** Neighbours may sign up while the project is live or has succeeded (the work happens after). */
  projectStatus: string;
}

/** Statuses that take one of the shift's places. */
export function holdsPlace(status: SignupStatus | null): boolean {
  return status === "signed_up" || status === "attended" || status === "no_show";
}

export function signupOpen(shift: Pick<ShiftView, "startsAt">, now: Date): boolean {
  return now.getTime() < shift.startsAt.getTime() - SIGNUP_CLOSES_BEFORE_MS;
}

export function transitionSignup(
  current: SignupStatus | null,
  event: SignupEvent,
  shift: ShiftView,
  now: Date,
): { ok: true; to: SignupStatus } | { ok: false; error: ShiftRuleError } {
  switch (event.type) {
    case "sign_up":
      if (current !== null && current !== "cancelled") return { ok: false, error: "IllegalTransition" };
      if (shift.status === "cancelled") return { ok: false, error: "ShiftCancelled" };
      if (shift.projectStatus !== "live" && shift.projectStatus !== "succeeded") return { ok: false, error: "ProjectNotOpen" };
      if (!signupOpen(shift, now)) return { ok: false, error: "SignupClosed" };
      if (shift.filled >= shift.needed) return { ok: false, error: "ShiftFull" };
      return { ok: true, to: "signed_up" };
    case "cancel":
      if (current !== "signed_up") return { ok: false, error: "IllegalTransition" };
      if (!signupOpen(shift, now)) return { ok: false, error: "SignupClosed" };
      return { ok: true, to: "cancelled" };
    case "attended":
    case "no_show":
      if (!holdsPlace(current)) return { ok: false, error: "IllegalTransition" };
      if (now.getTime() < shift.startsAt.getTime()) return { ok: false, error: "NotYetStarted" };
      return { ok: true, to: event.type };
    default: {
      const never: never = event;
      throw new Error(`Unknown sign-up event ${JSON.stringify(never)}`);
    }
  }
}

/** How a sign-up moving from one status to another changes the shift's filled places. */
export function filledDelta(before: SignupStatus | null, after: SignupStatus): number {
  return (holdsPlace(after) ? 1 : 0) - (holdsPlace(before) ? 1 : 0);
}

export interface NeedsSummary {
  shifts: number;
  volunteersNeeded: number;
  volunteersSignedUp: number;
}

/** "8 van 12 vrijwilligers": open, upcoming-or-past shifts of a project, cancelled ones left out. */
export function summarizeShifts(shifts: readonly { status: NeedStatus; needed: number; filled: number }[]): NeedsSummary {
  const open = shifts.filter((s) => s.status === "open");
  return {
    shifts: open.length,
    volunteersNeeded: open.reduce((a, s) => a + s.needed, 0),
    volunteersSignedUp: open.reduce((a, s) => a + s.filled, 0),
  };
}
