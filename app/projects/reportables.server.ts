import type { Reportable } from "../services.server";
import { isUuid } from "../utils/ids";

/**
 * What of projects can be reported, and how a moderator hides it (the registry:
 * app/wiring.server.ts; docs/decisions/060). Hidden content stays stored; its author sees why.
 */
const hiddenOf = (r: { hidden_at: Date | null; hidden_reason: string | null }) => (r.hidden_at ? { at: r.hidden_at, reason: r.hidden_reason } : null);

export const projectReportable: Reportable = {
  hideable: true,
  async load(db, id) {
    if (!isUuid(id)) return null;
    const r = await db
      .selectFrom("projects")
      .select(["initiator_id", "title", "summary", "slug", "status", "hidden_at", "hidden_reason"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!r || r.status === "draft") return null;
    return { authorId: r.initiator_id, title: r.title, excerpt: r.summary, path: `/projects/${r.slug}`, visibleTo: null, hidden: hiddenOf(r) };
  },
  async setHidden(trx, id, hidden) {
    if (!isUuid(id)) return false;
    const res = await trx
      .updateTable("projects")
      .set(hidden ? { hidden_at: hidden.at, hidden_reason: hidden.reason } : { hidden_at: null, hidden_reason: null })
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};

export const commentReportable: Reportable = {
  hideable: true,
  async load(db, id) {
    if (!isUuid(id)) return null;
    const r = await db
      .selectFrom("project_comments as c")
      .innerJoin("projects as p", "p.id", "c.project_id")
      .select(["c.author_id", "c.body", "c.hidden_at", "c.hidden_reason", "p.title", "p.slug"])
      .where("c.id", "=", id)
      .executeTakeFirst();
    if (!r) return null;
    return { authorId: r.author_id, title: r.title, excerpt: r.body, path: `/projects/${r.slug}#comment-${id}`, visibleTo: null, hidden: hiddenOf(r) };
  },
  async setHidden(trx, id, hidden) {
    if (!isUuid(id)) return false;
    const res = await trx
      .updateTable("project_comments")
      .set(hidden ? { hidden_at: hidden.at, hidden_by: hidden.by, hidden_reason: hidden.reason } : { hidden_at: null, hidden_by: null, hidden_reason: null })
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};

export const updateReportable: Reportable = {
  hideable: true,
  async load(db, id) {
    if (!isUuid(id)) return null;
    const r = await db
      .selectFrom("project_updates as u")
      .innerJoin("projects as p", "p.id", "u.project_id")
      .select(["u.author_id", "u.title", "u.body", "u.hidden_at", "u.hidden_reason", "p.slug"])
      .where("u.id", "=", id)
      .executeTakeFirst();
    if (!r) return null;
    return { authorId: r.author_id, title: r.title, excerpt: r.body, path: `/projects/${r.slug}#update-${id}`, visibleTo: null, hidden: hiddenOf(r) };
  },
  async setHidden(trx, id, hidden) {
    if (!isUuid(id)) return false;
    const res = await trx
      .updateTable("project_updates")
      .set(hidden ? { hidden_at: hidden.at, hidden_reason: hidden.reason } : { hidden_at: null, hidden_reason: null })
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};

export const projectReportables = { project: projectReportable, comment: commentReportable, update: updateReportable };
