import type { MessageKey } from "../i18n/i18n";
import type { ProjectTransitionError } from "./project";

/** The trust gates' refusals (services.server.ts `TrustRefusal`, spelled out: this file is client-safe). */
type TrustRefusal = "TrustBelowItemMinimum" | "TrustTooLowForValue" | "TrustTooLowForDeposit" | "TrustTooLowToLaunch";

/** Why a project action was refused, as the message shown on the form (dashboard and review alike). */
const projectActionErrorKeys: Record<ProjectTransitionError | TrustRefusal | "NotFound" | "NotAllowed", MessageKey> = {
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
  AlreadyDelivered: "projects.error.AlreadyDelivered",
  TrustTooLowToLaunch: "projects.error.TrustTooLowToLaunch",
  // Borrowing refusals never come from a project action; listed so the table is total.
  TrustBelowItemMinimum: "projects.error.NotAllowed",
  TrustTooLowForValue: "projects.error.NotAllowed",
  TrustTooLowForDeposit: "projects.error.NotAllowed",
};

export function projectActionErrorKey(error: ProjectTransitionError | TrustRefusal | "NotFound" | "NotAllowed"): MessageKey {
  return projectActionErrorKeys[error];
}

/** Why a change of the team was refused (app/projects/team.server.ts `TeamChangeError`, spelled out: this file is client-safe). */
type TeamChangeError =
  "NotAllowed" | "AlreadyInvited" | "AlreadyMember" | "NotInvited" | "NotAMember" | "SameRole" | "NotFound" | "NoSuchPerson" | "IsInitiator";
const teamErrorKeys: Record<TeamChangeError, MessageKey> = {
  NotAllowed: "team.error.NotAllowed",
  AlreadyInvited: "team.error.AlreadyInvited",
  AlreadyMember: "team.error.AlreadyMember",
  NotInvited: "team.error.NotInvited",
  NotAMember: "team.error.NotAMember",
  SameRole: "team.error.SameRole",
  NotFound: "team.error.NotAllowed",
  NoSuchPerson: "team.error.NoSuchPerson",
  IsInitiator: "team.error.IsInitiator",
};

export function teamErrorKey(error: TeamChangeError): MessageKey {
  return teamErrorKeys[error];
}
