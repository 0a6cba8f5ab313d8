import type { ProjectRow } from "../../db/schema";
import { notify, notifyModerators } from "../notifications/notify.server";
import type { Db, Trx } from "../utils/db.server";
import type { ProjectStatus } from "./project";

/**
 * Who hears what about projects (docs/decisions/010-notifications-outbox.md for the
 * outbox; the kinds and their texts live in app/notifications). Always inside the transaction of
 * the change: a rollback sends nothing. Dedupe keys carry the event row's id, so a retried
 * transaction never notifies twice.
 */
const projectData = (p: Pick<ProjectRow, "slug" | "title">) => ({ projectSlug: p.slug, projectTitle: p.title });

export async function notifyProjectTransition(
  trx: Trx,
  change: { project: ProjectRow; to: ProjectStatus; note: string | null; eventId: number },
): Promise<void> {
  const { project, to, eventId } = change;
  const dedupeKey = `project:${project.id}:${eventId}`;
  const data = projectData(project);
  switch (to) {
    case "submitted":
      await notifyModerators(trx, { neighbourhoodId: project.neighbourhood_id, kind: "project.submitted", data, dedupeKey });
      return;
    case "changes_requested":
      await notify(trx, {
        userId: project.initiator_id,
        kind: "project.changes_requested",
        data: { ...data, ...(change.note ? { message: change.note } : {}) },
        dedupeKey,
      });
      return;
    case "approved":
      await notify(trx, { userId: project.initiator_id, kind: "project.approved", data, dedupeKey });
      return;
    case "live":
      await notify(trx, { userId: project.initiator_id, kind: "project.launched", data, dedupeKey });
      return;
    case "succeeded":
      await notify(trx, { userId: project.initiator_id, kind: "project.succeeded", data, dedupeKey });
      return;
    case "failed":
      // Backers hear through pledge.released.
      await notify(trx, { userId: project.initiator_id, kind: "project.failed", data, dedupeKey });
      return;
    case "draft":
    case "cancelled":
    case "paid_out":
      // Cancelled: backers hear through pledge.released / pledge.refunded; no other kind exists for it.
      return;
    default: {
      const never: never = to;
      throw new Error(`Unknown status ${String(never)}`);
    }
  }
}

/** Backers (standing or settled pledges) hear about an update. */
export async function notifyUpdatePosted(trx: Db, input: { projectId: string; updateId: string; updateTitle: string }): Promise<number> {
  const project = await trx.selectFrom("projects").select(["slug", "title"]).where("id", "=", input.projectId).executeTakeFirstOrThrow();
  const backers = await trx
    .selectFrom("pledges")
    .select("backer_id")
    .distinct()
    .where("project_id", "=", input.projectId)
    .where("status", "not in", ["cancelled", "dropped"])
    .execute();
  for (const b of backers) {
    await notify(trx, {
      userId: b.backer_id,
      kind: "project.update_posted",
      data: { ...projectData(project), updateTitle: input.updateTitle.slice(0, 200) },
      dedupeKey: `update:${input.updateId}`,
    });
  }
  return backers.length;
}

/** The initiator hears about a comment (not about their own). */
export async function notifyCommentPosted(trx: Db, input: { projectId: string; commentId: string; authorId: string }): Promise<void> {
  const project = await trx.selectFrom("projects").select(["slug", "title", "initiator_id"]).where("id", "=", input.projectId).executeTakeFirstOrThrow();
  if (project.initiator_id === input.authorId) return;
  const author = await trx.selectFrom("users").select("display_name").where("id", "=", input.authorId).executeTakeFirstOrThrow();
  await notify(trx, {
    userId: project.initiator_id,
    kind: "project.comment_posted",
    data: { ...projectData(project), authorName: author.display_name.slice(0, 100) },
    dedupeKey: `comment:${input.commentId}`,
  });
}
