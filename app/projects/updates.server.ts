import type { Db } from "../utils/db.server";
import type { ProjectStatus } from "./project";
import { notifyCommentPosted, notifyUpdatePosted } from "./notifications.server";
import { lockProject } from "./projects.server";
import { mayActOnProject } from "./team.server";
import { isUuid } from "../utils/ids";
import { isBlocked, notBlockedBy } from "../moderation/blocks.server";
import type { ProjectUpdate, ProjectComment } from "./views";
export type { ProjectUpdate, ProjectComment } from "./views";

import { type UpdateRefusal, updatableStatuses, updateTransition } from "./update";
/** A cancelled project is closed for comments (issue 13 §15); its initiator can still post an update to explain. */
export const commentableStatuses: ProjectStatus[] = ["live", "succeeded", "failed", "paid_out"];

export async function postUpdate(
  db: Db,
  input: { projectId: string; actorId: string; title: string; body: string; now: Date },
): Promise<{ ok: true; updateId: string } | { ok: false; error: "projects.update.notAllowed" }> {
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    if (!project || !updatableStatuses.includes(project.status) || !(await mayActOnProject(trx, project.id, input.actorId, "post_update"))) {
      return { ok: false as const, error: "projects.update.notAllowed" as const };
    }
    const row = await trx
      .insertInto("project_updates")
      .values({ project_id: project.id, author_id: input.actorId, title: input.title, body: input.body, created_at: input.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await notifyUpdatePosted(trx, { projectId: project.id, updateId: row.id, updateTitle: input.title });
    return { ok: true as const, updateId: row.id };
  });
}

export type UpdateRevision = { kind: "edit"; title: string; body: string } | { kind: "delete" };

/**
 * Corrects or withdraws an update (issue 13 §15), through the one transition (app/projects/update.ts).
 * What it said before is appended to project_update_revisions in the same transaction; an edit that
 * changes nothing writes nothing. Backers are not notified again: they were told once, and the page
 * says "bewerkt".
 */
export async function reviseUpdate(
  db: Db,
  input: { projectId: string; updateId: string; actorId: string; revision: UpdateRevision; now: Date },
): Promise<{ ok: true } | { ok: false; error: UpdateRefusal | "projects.update.notFound" }> {
  if (!isUuid(input.updateId)) return { ok: false, error: "projects.update.notFound" };
  return db.transaction().execute(async (trx) => {
    const project = await lockProject(trx, input.projectId);
    const update = project
      ? await trx
          .selectFrom("project_updates")
          .select(["id", "title", "body", "deleted_at"])
          .where("id", "=", input.updateId)
          .where("project_id", "=", project.id)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (!project || !update) return { ok: false as const, error: "projects.update.notFound" as const };
    const { revision } = input;
    const result = updateTransition(
      {
        state: update.deleted_at ? "deleted" : "published",
        actorMayPost: await mayActOnProject(trx, project.id, input.actorId, "post_update"),
        projectStatus: project.status,
      },
      revision.kind,
    );
    if (!result.ok) return result;
    if (revision.kind === "edit" && revision.title === update.title && revision.body === update.body) return { ok: true as const };
    await trx
      .insertInto("project_update_revisions")
      .values({
        update_id: update.id,
        kind: revision.kind === "edit" ? "edited" : "deleted",
        actor_id: input.actorId,
        previous_title: update.title,
        previous_body: update.body,
        occurred_at: input.now,
      })
      .execute();
    await trx
      .updateTable("project_updates")
      .set(revision.kind === "edit" ? { title: revision.title, body: revision.body, edited_at: input.now } : { deleted_at: input.now })
      .where("id", "=", update.id)
      .execute();
    return { ok: true as const };
  });
}

/** One update as its initiator edits it (not deleted; hidden ones too: the initiator may correct what a moderator hid). */
export async function getEditableUpdate(db: Db, projectId: string, updateId: string): Promise<{ id: string; title: string; body: string } | null> {
  if (!isUuid(updateId)) return null;
  const row = await db
    .selectFrom("project_updates")
    .select(["id", "title", "body"])
    .where("id", "=", updateId)
    .where("project_id", "=", projectId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return row ?? null;
}

/** What an update said before, newest first (for moderators). */
export async function listUpdateRevisions(db: Db, updateId: string) {
  return db
    .selectFrom("project_update_revisions")
    .select(["kind", "previous_title", "previous_body", "occurred_at"])
    .where("update_id", "=", updateId)
    .orderBy("id", "desc")
    .execute();
}

export async function listUpdates(db: Db, projectId: string): Promise<ProjectUpdate[]> {
  const rows = await db
    .selectFrom("project_updates as up")
    .innerJoin("users as u", "u.id", "up.author_id")
    .select(["up.id", "up.title", "up.body", "up.created_at", "up.edited_at", "u.handle", "u.display_name"])
    .where("up.project_id", "=", projectId)
    .where("up.hidden_at", "is", null)
    .where("up.deleted_at", "is", null)
    .orderBy("up.created_at", "desc")
    .orderBy("up.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    body: r.body,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    author: { handle: r.handle, displayName: r.display_name },
  }));
}

/** Backers (and the initiator) comment on a project that is out in the world. */
export async function postComment(
  db: Db,
  input: { projectId: string; authorId: string; body: string; now: Date },
): Promise<{ ok: true; commentId: string } | { ok: false; error: "projects.comment.notAllowed" | "projects.comment.blocked" }> {
  return db.transaction().execute(async (trx) => {
    const project = await trx.selectFrom("projects").select(["id", "initiator_id", "status"]).where("id", "=", input.projectId).executeTakeFirst();
    if (!project || !commentableStatuses.includes(project.status)) return { ok: false as const, error: "projects.comment.notAllowed" as const };
    if (project.initiator_id !== input.authorId) {
      const backer = await trx
        .selectFrom("pledges")
        .select("id")
        .where("project_id", "=", project.id)
        .where("backer_id", "=", input.authorId)
        .where("status", "<>", "cancelled")
        .limit(1)
        .executeTakeFirst();
      if (!backer) return { ok: false as const, error: "projects.comment.notAllowed" as const };
      // Someone the initiator blocked does not comment on their projects (docs/decisions/060).
      if (await isBlocked(trx, project.initiator_id, input.authorId)) return { ok: false as const, error: "projects.comment.blocked" as const };
    }
    const row = await trx
      .insertInto("project_comments")
      .values({ project_id: project.id, author_id: input.authorId, body: input.body, created_at: input.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await notifyCommentPosted(trx, { projectId: project.id, commentId: row.id, authorId: input.authorId });
    return { ok: true as const, commentId: row.id };
  });
}

/** The initiator (or a moderator) hides a comment, or shows it again. Hidden comments stay stored. */
export async function setCommentHidden(
  db: Db,
  input: { projectId: string; commentId: string; actor: { id: string; role: string }; hidden: boolean; now: Date },
): Promise<{ ok: true } | { ok: false; error: "projects.comment.notFound" }> {
  if (!isUuid(input.commentId)) return { ok: false, error: "projects.comment.notFound" };
  const project = await db.selectFrom("projects").select(["id", "initiator_id"]).where("id", "=", input.projectId).executeTakeFirst();
  const staff = input.actor.role === "moderator" || input.actor.role === "admin";
  const allowed = project && (project.initiator_id === input.actor.id || staff);
  if (!allowed) return { ok: false, error: "projects.comment.notFound" };
  let update = db
    .updateTable("project_comments")
    .set(input.hidden ? { hidden_at: input.now, hidden_by: input.actor.id } : { hidden_at: null, hidden_by: null, hidden_reason: null })
    .where("id", "=", input.commentId)
    .where("project_id", "=", input.projectId);
  // What a moderator hid (with a reason) only a moderator shows again: through the report (decision 060).
  if (!staff) update = update.where("hidden_reason", "is", null);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, error: "projects.comment.notFound" };
}

/**
 * Comments, oldest first. Hidden ones only for those who may unhide them and for their author, who
 * sees why a moderator hid it (their text stays out otherwise). A viewer does not see the comments
 * of someone they blocked.
 */
export async function listComments(db: Db, projectId: string, options: { includeHidden: boolean; viewerId?: string | null }): Promise<ProjectComment[]> {
  let q = db
    .selectFrom("project_comments as c")
    .innerJoin("users as u", "u.id", "c.author_id")
    .innerJoin("projects as p", "p.id", "c.project_id")
    .select(["c.id", "c.body", "c.hidden_at", "c.hidden_reason", "c.created_at", "u.handle", "u.display_name", "u.id as author_id", "p.initiator_id"])
    .where("c.project_id", "=", projectId)
    .where(notBlockedBy(options.viewerId, "c.author_id"));
  if (!options.includeHidden) {
    const viewerId = options.viewerId;
    q = viewerId ? q.where((eb) => eb.or([eb("c.hidden_at", "is", null), eb("c.author_id", "=", viewerId)])) : q.where("c.hidden_at", "is", null);
  }
  const rows = await q.orderBy("c.created_at").orderBy("c.id").execute();
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    hidden: r.hidden_at !== null,
    hiddenReason: r.hidden_at !== null ? r.hidden_reason : null,
    mine: r.author_id === options.viewerId,
    createdAt: r.created_at,
    author: { handle: r.handle, displayName: r.display_name, isInitiator: r.author_id === r.initiator_id },
  }));
}
