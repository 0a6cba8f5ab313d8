import type { MessageKey } from "../i18n/i18n";
import type { ProjectTransitionError } from "./project";

/** Why a project action was refused, as the message shown on the form (dashboard and review alike). */
const projectActionErrorKeys: Record<ProjectTransitionError | "NotFound" | "NotAllowed", MessageKey> = {
  IllegalTransition: "projects.error.IllegalTransition",
  BudgetMismatch: "projects.error.BudgetMismatch",
  AlreadyCharged: "projects.error.AlreadyCharged",
  NotAllowed: "projects.error.NotAllowed",
  NotFound: "projects.error.NotAllowed",
  MessageRequired: "projects.review.messageRequired",
  ReasonRequired: "projects.cancel.reasonRequired",
  DeadlineNotReached: "projects.error.IllegalTransition",
  PaymentsOutstanding: "projects.error.PaymentsOutstanding",
  PayoutStarted: "projects.error.PayoutStarted",
};

export function projectActionErrorKey(error: ProjectTransitionError | "NotFound" | "NotAllowed"): MessageKey {
  return projectActionErrorKeys[error];
}
