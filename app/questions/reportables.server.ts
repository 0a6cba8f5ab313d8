import type { Reportable } from "../services.server";
import { isUuid } from "../utils/ids";
import { setQuestionHidden } from "./questions.server";
import { teamOf } from "./team.server";

/**
 * A question to a project's team can be reported, and a moderator hides it (the registry:
 * app/wiring.server.ts; docs/decisions/060). A private question is reportable only by those who
 * can see it (the team); a withdrawn one by nobody. Hiding goes through the question's transition
 * and leaves an event row.
 */
export const questionReportable: Reportable = {
  hideable: true,
  async load(db, id) {
    if (!isUuid(id)) return null;
    const r = await db
      .selectFrom("project_questions as q")
      .innerJoin("projects as p", "p.id", "q.project_id")
      .select([
        "q.asker_id",
        "q.body",
        "q.visibility",
        "q.status",
        "q.hidden_at",
        "q.hidden_reason",
        "p.id as project_id",
        "p.slug",
        "p.title",
        "p.initiator_id",
      ])
      .where("q.id", "=", id)
      .executeTakeFirst();
    if (!r) return null;
    const team = await teamOf(db, { id: r.project_id, initiatorId: r.initiator_id });
    const visibleTo = r.status === "withdrawn" ? [] : r.visibility === "private" ? [r.asker_id, ...team] : null;
    return {
      authorId: r.asker_id,
      title: r.title,
      excerpt: r.body.slice(0, 2000),
      path: `/projects/${r.slug}#question-${id}`,
      visibleTo,
      hidden: r.hidden_at ? { at: r.hidden_at, reason: r.hidden_reason } : null,
    };
  },
  async setHidden(trx, id, hidden, now) {
    if (!isUuid(id)) return false;
    return setQuestionHidden(trx, id, hidden, now);
  },
};

export const questionReportables = { question: questionReportable };
