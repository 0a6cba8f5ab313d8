/**
 * A project's team (issue 15, docs/decisions/071-project-teams.md): who may do what on a project,
 * and how a membership moves. Pure: no database, no clock.
 *
 *   (none) ─invite→ invited ─accept→ active ─leave→ left
 *                     │  └─decline→ declined           │
 *                     └─remove→ removed  ←─remove──────┘
 *   invited | active ─change_role→ (same status, the new role)
 *   declined | removed | left ─invite→ invited   (the same row: one per person per project)
 *
 * The initiator invites, changes roles and removes; only the invitee accepts or declines; only a
 * member leaves. The initiator is never a member (the project names them).
 */

export const memberRoles = ["co_initiator", "helper"] as const;
export type MemberRole = (typeof memberRoles)[number];
export type MemberStatus = "invited" | "active" | "declined" | "removed" | "left";

/** Everything one may do on a project, each checked by `mayDo`. */
export const projectPermissions = [
  "view_dashboard",
  "edit",
  "post_update",
  "answer",
  "see_backers",
  "see_volunteers",
  "manage_team",
  "lifecycle",
  "payouts",
  "export",
] as const;
export type ProjectPermission = (typeof projectPermissions)[number];

/** How a person stands to a project. A moderator who is also on the team stands as the team member. */
export type ProjectStanding = "initiator" | MemberRole | "moderator" | "anyone";

/**
 * THE permission rule. The initiator may do everything. A co-initiator runs the project with them
 * (edits it and its tiers and needs, posts updates, answers questions, sees the backers and the
 * volunteers) but does not manage the team, move the project through its lifecycle (submit, launch,
 * mark delivered, cancel: the initiator's trust level and word), touch the payout (one verified
 * account, the initiator's) or take the whole project away as an archive (its ledger and backers:
 * decision 074). A helper sees the volunteers of the shifts and needs. Moderators act
 * through moderation (review, hide, cancel), not on a project's own pages.
 */
const allowed: Record<ProjectStanding, readonly ProjectPermission[]> = {
  initiator: projectPermissions,
  co_initiator: ["view_dashboard", "edit", "post_update", "answer", "see_backers", "see_volunteers"],
  helper: ["see_volunteers"],
  moderator: [],
  anyone: [],
};

export function mayDo(standing: ProjectStanding, permission: ProjectPermission): boolean {
  return allowed[standing].includes(permission);
}

/** A person's standing from the project's initiator, their active membership (if any) and their site role. */
export function standingOf(input: { userId: string | null; initiatorId: string; activeRole: MemberRole | null; siteRole: string | null }): ProjectStanding {
  if (input.userId === null) return "anyone";
  if (input.userId === input.initiatorId) return "initiator";
  if (input.activeRole) return input.activeRole;
  if (input.siteRole === "moderator" || input.siteRole === "admin") return "moderator";
  return "anyone";
}

export type TeamEvent =
  | { type: "invite"; role: MemberRole }
  | { type: "accept" }
  | { type: "decline" }
  | { type: "change_role"; role: MemberRole }
  | { type: "remove" }
  | { type: "leave" };

/** Who sends the event: the project's initiator, the person the membership is about, or someone else. */
export type TeamActor = "initiator" | "member" | "other";

export type TeamError = "NotAllowed" | "AlreadyInvited" | "AlreadyMember" | "NotInvited" | "NotAMember" | "SameRole";

export type TeamTransition = { ok: true; to: MemberStatus; role: MemberRole } | { ok: false; error: TeamError };

/** The one transition of a membership. `current` is null when the person has no row yet. */
export function transitionMembership(current: { status: MemberStatus; role: MemberRole } | null, event: TeamEvent, actor: TeamActor): TeamTransition {
  const status = current?.status ?? null;
  switch (event.type) {
    case "invite":
      if (actor !== "initiator") return { ok: false, error: "NotAllowed" };
      if (status === "invited") return { ok: false, error: "AlreadyInvited" };
      if (status === "active") return { ok: false, error: "AlreadyMember" };
      return { ok: true, to: "invited", role: event.role };
    case "accept":
    case "decline":
      if (actor !== "member") return { ok: false, error: "NotAllowed" };
      if (status !== "invited" || !current) return { ok: false, error: "NotInvited" };
      return { ok: true, to: event.type === "accept" ? "active" : "declined", role: current.role };
    case "change_role":
      if (actor !== "initiator") return { ok: false, error: "NotAllowed" };
      if ((status !== "invited" && status !== "active") || !current) return { ok: false, error: "NotAMember" };
      if (current.role === event.role) return { ok: false, error: "SameRole" };
      return { ok: true, to: current.status, role: event.role };
    case "remove":
      if (actor !== "initiator") return { ok: false, error: "NotAllowed" };
      if ((status !== "invited" && status !== "active") || !current) return { ok: false, error: "NotAMember" };
      return { ok: true, to: "removed", role: current.role };
    case "leave":
      if (actor !== "member") return { ok: false, error: "NotAllowed" };
      if (status !== "active" || !current) return { ok: false, error: "NotAMember" };
      return { ok: true, to: "left", role: current.role };
    default: {
      const never: never = event;
      throw new Error(`Unknown team event ${JSON.stringify(never)}`);
    }
  }
}
