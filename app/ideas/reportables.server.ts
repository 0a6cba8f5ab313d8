import type { Reportable } from "../services.server";
import { isUuid } from "../utils/ids";

/**
 * What of the neighbourhood board can be reported, and how a moderator hides it (the registry:
 * app/wiring.server.ts; docs/decisions/060). Hidden content stays stored; its author sees why.
 */
const hiddenOf = (r: { hidden_at: Date | null; hidden_reason: string | null }) => (r.hidden_at ? { at: r.hidden_at, reason: r.hidden_reason } : null);

export const ideaReportable: Reportable = {
  hideable: true,
  async load(db, id) {
    if (!isUuid(id)) return null;
    const r = await db.selectFrom("ideas").select(["author_id", "title", "body", "hidden_at", "hidden_reason"]).where("id", "=", id).executeTakeFirst();
    if (!r) return null;
    return { authorId: r.author_id, title: r.title, excerpt: r.body.slice(0, 2000), path: `/ideas/${id}`, visibleTo: null, hidden: hiddenOf(r) };
  },
  async setHidden(trx, id, hidden) {
    if (!isUuid(id)) return false;
    const res = await trx
      .updateTable("ideas")
      .set(hidden ? { hidden_at: hidden.at, hidden_reason: hidden.reason } : { hidden_at: null, hidden_reason: null })
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};

export const ideaCommentReportable: Reportable = {
  hideable: true,
  async load(db, id) {
    if (!isUuid(id)) return null;
    const r = await db
      .selectFrom("idea_comments as c")
      .innerJoin("ideas as i", "i.id", "c.idea_id")
      .select(["c.author_id", "c.body", "c.hidden_at", "c.hidden_reason", "i.title", "i.id as idea_id"])
      .where("c.id", "=", id)
      .executeTakeFirst();
    if (!r) return null;
    return { authorId: r.author_id, title: r.title, excerpt: r.body, path: `/ideas/${r.idea_id}#comment-${id}`, visibleTo: null, hidden: hiddenOf(r) };
  },
  async setHidden(trx, id, hidden) {
    if (!isUuid(id)) return false;
    const res = await trx
      .updateTable("idea_comments")
      .set(hidden ? { hidden_at: hidden.at, hidden_reason: hidden.reason } : { hidden_at: null, hidden_reason: null })
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};

export const ideaReportables = { idea: ideaReportable, idea_comment: ideaCommentReportable };
