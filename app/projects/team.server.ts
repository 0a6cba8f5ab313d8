import type { ProjectRow } from "../../db/schema";
import { notify } from "../notifications/notify.server";
import type { Db, Trx } from "../utils/db.server";
import {
  mayDo,
  type MemberRole,
  type MemberStatus,
  type ProjectPermission,
  type ProjectStanding,
  standingOf,
  type TeamActor,
  type TeamError,
  type TeamEvent,
  transitionMembership,
} from "./team";
import type { TeamMemberView, TeamPersonView } from "./views";

/**
 * A project's team (issue 15, docs/decisions/071-project-teams.md): reads, the permission check
 * other features call, and THE writer of memberships (`changeTeam`).
 */

/** The membership's status and role, if there is a row. */
async function membershipOf(db: Db, projectId: string, userId: string): Promise<{ status: MemberStatus; role: MemberRole } | null> {
  const row = await db
    .selectFrom("project_members")
    .select(["status", "role"])
    .where("project_id", "=", projectId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row ?? null;
}

/** One's own invitation or membership, as the project page tells them (null: none, or no longer). */
export async function getViewerMembership(db: Db, projectId: string, userId: string): Promise<{ status: "invited" | "active"; role: MemberRole } | null> {
  const m = await membershipOf(db, projectId, userId);
  return m && (m.status === "invited" || m.status === "active") ? { status: m.status, role: m.role } : null;
}

/** How this person stands to the project (initiator, an active member's role, moderator, anyone). */
export async function standingOnProject(
  db: Db,
  project: { id: string; initiatorId: string },
  user: { id: string; role: string } | null,
): Promise<ProjectStanding> {
  if (!user) return "anyone";
  const membership = user.id === project.initiatorId ? null : await membershipOf(db, project.id, user.id);
  return standingOf({
    userId: user.id,
    initiatorId: project.initiatorId,
    activeRole: membership?.status === "active" ? membership.role : null,
    siteRole: user.role,
  });
}

/**
 * May this person do this on the project? THE check for other features (questions: "answer"): the
 * initiator, or an active member whose role allows it (app/projects/team.ts). An invitation not yet
 * accepted, a removed member or one who left may do nothing; a suspended account nothing either.
 */
export async function mayActOnProject(db: Db, projectId: string, userId: string, permission: ProjectPermission): Promise<boolean> {
  const row = await db
    .selectFrom("projects as p")
    .innerJoin("users as u", (j) => j.on("u.id", "=", userId))
    .leftJoin("project_members as m", (j) => j.onRef("m.project_id", "=", "p.id").on("m.user_id", "=", userId).on("m.status", "=", "active"))
    .select(["p.initiator_id", "u.role", "u.suspended_at", "m.role as member_role"])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  if (!row || row.suspended_at) return false;
  return mayDo(standingOf({ userId, initiatorId: row.initiator_id, activeRole: row.member_role, siteRole: row.role }), permission);
}

/**
 * The active team, for the project page and other features: the initiator first, then the
 * co-initiators and the helpers in the order they joined. Suspended accounts are left out.
 */
export async function listProjectTeam(db: Db, projectId: string): Promise<TeamPersonView[]> {
  const initiator = await db
    .selectFrom("projects as p")
    .innerJoin("users as u", "u.id", "p.initiator_id")
    .select(["u.id", "u.handle", "u.display_name"])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  if (!initiator) return [];
  const members = await db
    .selectFrom("project_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.handle", "u.display_name", "m.role", "m.accepted_at"])
    .where("m.project_id", "=", projectId)
    .where("m.status", "=", "active")
    .where("u.suspended_at", "is", null)
    .orderBy("m.accepted_at")
    .orderBy("u.id")
    .execute();
  // Co-initiators before helpers; within a role, who joined first.
  const sorted = [...members.filter((m) => m.role === "co_initiator"), ...members.filter((m) => m.role === "helper")];
  return [
    { userId: initiator.id, handle: initiator.handle, displayName: initiator.display_name, role: "initiator" },
    ...sorted.map((m) => ({ userId: m.id, handle: m.handle, displayName: m.display_name, role: m.role })),
  ];
}

/** The dashboard's team section: pending invitations and active members (not those who declined, left or were removed). */
export async function listTeamForManager(db: Db, projectId: string): Promise<TeamMemberView[]> {
  const rows = await db
    .selectFrom("project_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.handle", "u.display_name", "m.role", "m.status", "m.invited_at", "m.accepted_at"])
    .where("m.project_id", "=", projectId)
    .where("m.status", "in", ["invited", "active"])
    .orderBy("m.invited_at")
    .orderBy("u.id")
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    handle: r.handle,
    displayName: r.display_name,
    role: r.role,
    status: r.status as "invited" | "active",
    invitedAt: r.invited_at,
    acceptedAt: r.accepted_at,
  }));
}

/**
 * The invitation page (/projects/<slug>/team): one's open invitation or active membership of the
 * project, whatever the project's status (an invitee may not see a draft yet). Null for anyone else.
 */
export async function getTeamInvitation(
  db: Db,
  input: { slug: string; userId: string },
): Promise<{
  project: { id: string; slug: string; title: string; initiatorName: string; mine: boolean };
  membership: { status: "invited" | "active"; role: MemberRole; invitedByName: string } | null;
} | null> {
  if (!/^[a-z0-9-]{1,80}$/.test(input.slug)) return null;
  const project = await db
    .selectFrom("projects as p")
    .innerJoin("users as u", "u.id", "p.initiator_id")
    .select(["p.id", "p.slug", "p.title", "p.initiator_id", "u.display_name"])
    .where("p.slug", "=", input.slug)
    .executeTakeFirst();
  if (!project) return null;
  const view = { id: project.id, slug: project.slug, title: project.title, initiatorName: project.display_name, mine: project.initiator_id === input.userId };
  if (view.mine) return { project: view, membership: null };
  const row = await db
    .selectFrom("project_members as m")
    .innerJoin("users as u", "u.id", "m.invited_by")
    .select(["m.status", "m.role", "u.display_name"])
    .where("m.project_id", "=", project.id)
    .where("m.user_id", "=", input.userId)
    .where("m.status", "in", ["invited", "active"])
    .executeTakeFirst();
  if (!row) return null;
  return { project: view, membership: { status: row.status as "invited" | "active", role: row.role, invitedByName: row.display_name } };
}

/** The projects one is on the team of (active), for "my projects". */
export async function listMyTeamProjects(db: Db, userId: string): Promise<{ slug: string; title: string; role: MemberRole }[]> {
  return db
    .selectFrom("project_members as m")
    .innerJoin("projects as p", "p.id", "m.project_id")
    .select(["p.slug", "p.title", "m.role"])
    .where("m.user_id", "=", userId)
    .where("m.status", "=", "active")
    .orderBy("m.accepted_at", "desc")
    .execute();
}

export type TeamChangeError = TeamError | "NotFound" | "NoSuchPerson" | "IsInitiator";

/** Who the change is about: a person by id (role changes, removal, answering), or as typed in the invite form. */
export type TeamSubject = { userId: string } | { who: string };

const eventName: Record<TeamEvent["type"], string> = {
  invite: "team_invited",
  accept: "team_accepted",
  decline: "team_declined",
  change_role: "team_role_changed",
  remove: "team_removed",
  leave: "team_left",
};

async function findPerson(trx: Trx, subject: TeamSubject): Promise<{ id: string; display_name: string } | null> {
  let q = trx.selectFrom("users").select(["id", "display_name"]).where("suspended_at", "is", null);
  if ("userId" in subject) q = q.where("id", "=", subject.userId);
  else if (subject.who.includes("@")) q = q.where((eb) => eb(eb.fn("lower", ["email"]), "=", subject.who.toLowerCase()));
  else q = q.where("handle", "=", subject.who.toLowerCase());
  return (await q.executeTakeFirst()) ?? null;
}

/**
 * THE writer of a project's team: locks the project row (so two invitations or two answers at once
 * are one after the other, and the primary key keeps one row per person), applies the one
 * transition (app/projects/team.ts), writes the membership and a `team_*` project_events row, and
 * tells the person concerned — all in one transaction.
 */
export async function changeTeam(
  db: Db,
  input: { projectId: string; actorId: string; subject: TeamSubject; event: TeamEvent; now: Date },
): Promise<{ ok: true; memberId: string } | { ok: false; error: TeamChangeError }> {
  return db.transaction().execute(async (trx) => {
    // The project row's lock (as every project writer takes it: lockProject) orders concurrent changes.
    const project = await trx.selectFrom("projects").selectAll().where("id", "=", input.projectId).forUpdate().executeTakeFirst();
    if (!project) return { ok: false as const, error: "NotFound" as const };
    const person = await findPerson(trx, input.subject);
    if (!person) return { ok: false as const, error: "NoSuchPerson" as const };
    if (person.id === project.initiator_id) return { ok: false as const, error: "IsInitiator" as const };
    const current = await trx
      .selectFrom("project_members")
      .select(["status", "role"])
      .where("project_id", "=", project.id)
      .where("user_id", "=", person.id)
      .forUpdate()
      .executeTakeFirst();
    const actor: TeamActor = input.actorId === project.initiator_id ? "initiator" : input.actorId === person.id ? "member" : "other";
    const result = transitionMembership(current ?? null, input.event, actor);
    if (!result.ok) return result;
    if (current) {
      await trx
        .updateTable("project_members")
        .set({
          status: result.to,
          role: result.role,
          updated_at: input.now,
          ...(input.event.type === "invite" ? { invited_by: input.actorId, invited_at: input.now, accepted_at: null } : {}),
          ...(input.event.type === "accept" ? { accepted_at: input.now } : {}),
        })
        .where("project_id", "=", project.id)
        .where("user_id", "=", person.id)
        .execute();
    } else {
      await trx
        .insertInto("project_members")
        .values({
          project_id: project.id,
          user_id: person.id,
          role: result.role,
          status: result.to,
          invited_by: input.actorId,
          invited_at: input.now,
          created_at: input.now,
          updated_at: input.now,
        })
        .execute();
    }
    const event = await trx
      .insertInto("project_events")
      .values({
        project_id: project.id,
        actor_id: input.actorId,
        event: eventName[input.event.type],
        from_status: project.status,
        to_status: project.status,
        member_id: person.id,
        member_role: result.role,
        created_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await notifyTeamChange(trx, {
      project,
      event: input.event,
      role: result.role,
      memberId: person.id,
      memberName: person.display_name,
      actorId: input.actorId,
      eventId: event.id,
    });
    return { ok: true as const, memberId: person.id };
  });
}

/** Who hears of a team change: the invitee, the initiator of an answer, the member of a removal or a new role. */
async function notifyTeamChange(
  trx: Trx,
  c: { project: ProjectRow; event: TeamEvent; role: MemberRole; memberId: string; memberName: string; actorId: string; eventId: number },
): Promise<void> {
  const project = { projectSlug: c.project.slug, projectTitle: c.project.title };
  const dedupeKey = `team:${c.eventId}`;
  switch (c.event.type) {
    case "invite": {
      const inviter = await trx.selectFrom("users").select("display_name").where("id", "=", c.actorId).executeTakeFirstOrThrow();
      await notify(trx, {
        userId: c.memberId,
        kind: "team.invited",
        data: { ...project, role: c.role, inviterName: inviter.display_name.slice(0, 100) },
        dedupeKey,
      });
      return;
    }
    case "accept":
    case "decline":
      await notify(trx, {
        userId: c.project.initiator_id,
        kind: c.event.type === "accept" ? "team.accepted" : "team.declined",
        data: { ...project, role: c.role, memberName: c.memberName.slice(0, 100) },
        dedupeKey,
      });
      return;
    case "remove":
      await notify(trx, { userId: c.memberId, kind: "team.removed", data: { ...project, role: c.role }, dedupeKey });
      return;
    case "change_role":
      await notify(trx, { userId: c.memberId, kind: "team.role_changed", data: { ...project, role: c.role }, dedupeKey });
      return;
    case "leave":
      // The initiator sees it in the team section and the history; leaving needs no mail.
      return;
    default: {
      const never: never = c.event;
      throw new Error(`Unknown team event ${JSON.stringify(never)}`);
    }
  }
}
