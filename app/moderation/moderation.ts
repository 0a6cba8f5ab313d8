import type { ModerationActionColumn, ReportReasonColumn, ReportStatusColumn } from "../../db/schema/moderation";

export type ReportReason = ReportReasonColumn;
export type ReportStatus = ReportStatusColumn;
export type ModerationAction = ModerationActionColumn;

export const reportReasons = ["spam", "scam", "harassment", "unsafe", "inappropriate", "other"] as const satisfies readonly ReportReason[];
export const moderationActions = ["hide", "unhide", "warn", "suspend", "unsuspend", "dismiss"] as const satisfies readonly ModerationAction[];

/** The kind of a person: reported like content, warned or suspended rather than hidden. */
export const USER_KIND = "user";
export const REPORT_DETAILS_MAX = 2000;
export const MODERATION_REASON_MAX = 1000;

/**
 * A report's lifecycle: open → resolved (a moderator acted on it) | dismissed. Acting again on a
 * decided report (e.g. unsuspending later) is allowed and leaves its status as it is.
 */
export function reportTransition(status: ReportStatus, action: ModerationAction): { ok: true; to: ReportStatus } | { ok: false; error: "IllegalTransition" } {
  switch (action) {
    case "dismiss":
      return status === "open" ? { ok: true, to: "dismissed" } : { ok: false, error: "IllegalTransition" };
    case "hide":
    case "warn":
    case "suspend":
      return { ok: true, to: status === "open" ? "resolved" : status };
    case "unhide":
    case "unsuspend":
      return status === "open" ? { ok: false, error: "IllegalTransition" } : { ok: true, to: status };
    default: {
      const unreachable: never = action;
      throw new Error(`Unknown moderation action ${String(unreachable)}`);
    }
  }
}

export type SubjectError = "NotHideable" | "AlreadyHidden" | "NotHidden" | "AlreadySuspended" | "NotSuspended" | "ModeratorsOnlyByAdmin";

/** Whether an action fits the subject's current state (the content or its author). */
export function checkAction(
  action: ModerationAction,
  subject: {
    hideable: boolean;
    hidden: boolean;
    authorSuspended: boolean;
    authorRole: "member" | "moderator" | "admin";
    actorRole: "member" | "moderator" | "admin";
  },
): SubjectError | null {
  switch (action) {
    case "hide":
      if (!subject.hideable) return "NotHideable";
      return subject.hidden ? "AlreadyHidden" : null;
    case "unhide":
      if (!subject.hideable) return "NotHideable";
      return subject.hidden ? null : "NotHidden";
    case "suspend":
      // A moderator cannot lock out another moderator or an admin; an admin can lock out a moderator.
      if (subject.authorRole === "admin" || (subject.authorRole === "moderator" && subject.actorRole !== "admin")) return "ModeratorsOnlyByAdmin";
      return subject.authorSuspended ? "AlreadySuspended" : null;
    case "unsuspend":
      return subject.authorSuspended ? null : "NotSuspended";
    case "warn":
    case "dismiss":
      return null;
    default: {
      const unreachable: never = action;
      throw new Error(`Unknown moderation action ${String(unreachable)}`);
    }
  }
}
