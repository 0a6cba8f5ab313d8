import { notBlockedBy } from "../moderation/blocks.server";
import { publicStatuses } from "../projects/project";
import type { Db } from "../utils/db.server";
import { renderMarkdown } from "../utils/markdown.server";
import type { QuestionStatus } from "./question";
import { mayAnswer, type QuestionProject } from "./team.server";
import type { QuestionsSection, QuestionView } from "./views";

/**
 * What of a project's questions a viewer sees (issue 15): public ones (answered with the answer,
 * or "not yet answered"), their own, and — for the team — private ones too. Never a withdrawn one,
 * a hidden one (except to its asker, with the reason), one by a suspended member, or one by
 * someone the viewer blocked. Texts are Markdown, rendered and sanitized like comments and posts.
 */
function baseQuery(db: Db, projectId: string) {
  return db
    .selectFrom("project_questions as q")
    .innerJoin("users as u", "u.id", "q.asker_id")
    .leftJoin("users as a", "a.id", "q.answered_by")
    .select([
      "q.id",
      "q.kind",
      "q.visibility",
      "q.status",
      "q.body",
      "q.answer",
      "q.answered_at",
      "q.answer_edited_at",
      "q.hidden_at",
      "q.hidden_reason",
      "q.created_at",
      "q.asker_id",
      "u.display_name",
      "u.handle",
      "a.display_name as answerer_name",
    ])
    .where("q.project_id", "=", projectId)
    .where("q.status", "<>", "withdrawn")
    .where("u.suspended_at", "is", null);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number];

function toView(r: Row, viewerId: string | null, team: boolean): QuestionView {
  const hidden = r.hidden_at !== null;
  return {
    id: r.id,
    kind: r.kind,
    private: r.visibility === "private",
    status: r.status as Exclude<QuestionStatus, "withdrawn">,
    bodyHtml: renderMarkdown(r.body),
    answerSource: team && r.answer !== null ? r.answer : null,
    answer:
      r.answer !== null && r.answered_at !== null
        ? { html: renderMarkdown(r.answer), at: r.answered_at, edited: r.answer_edited_at !== null, byName: r.answerer_name ?? "" }
        : null,
    asker: { displayName: r.display_name, handle: r.handle },
    askedAt: r.created_at,
    mine: r.asker_id === viewerId,
    hiddenReason: hidden ? (r.hidden_reason ?? "") : null,
  };
}

/** Every question the viewer may see on the project, newest first. */
export async function listProjectQuestions(db: Db, input: { project: QuestionProject; viewerId: string | null }): Promise<QuestionView[]> {
  const { project, viewerId } = input;
  const team = await mayAnswer(db, project, viewerId);
  let q = baseQuery(db, project.id).where(notBlockedBy(viewerId, "q.asker_id"));
  if (!team)
    q = viewerId ? q.where((eb) => eb.or([eb("q.visibility", "=", "public"), eb("q.asker_id", "=", viewerId)])) : q.where("q.visibility", "=", "public");
  q = viewerId ? q.where((eb) => eb.or([eb("q.hidden_at", "is", null), eb("q.asker_id", "=", viewerId)])) : q.where("q.hidden_at", "is", null);
  const rows = await q.orderBy("q.created_at", "desc").orderBy("q.id").limit(200).execute();
  return rows.map((r) => toView(r, viewerId, team));
}

/** The project page's (and the questions page's) section: the questions, and what the viewer may do. */
export async function getQuestionsSection(
  db: Db,
  input: { project: QuestionProject & { status: string }; viewerId: string | null },
): Promise<QuestionsSection> {
  const [questions, team] = await Promise.all([listProjectQuestions(db, input), mayAnswer(db, input.project, input.viewerId)]);
  const open = (publicStatuses as readonly string[]).includes(input.project.status);
  return { questions, team, mayAsk: input.viewerId !== null && !team && open };
}

/** The dashboard's list: questions waiting for the team's answer, oldest first (nothing waits unseen). */
export async function listOpenQuestionsForTeam(db: Db, project: QuestionProject, viewerId: string): Promise<QuestionView[]> {
  if (!(await mayAnswer(db, project, viewerId))) return [];
  const rows = await baseQuery(db, project.id)
    .where("q.status", "=", "asked")
    .where("q.hidden_at", "is", null)
    .where(notBlockedBy(viewerId, "q.asker_id"))
    .orderBy("q.created_at")
    .orderBy("q.id")
    .limit(100)
    .execute();
  return rows.map((r) => toView(r, viewerId, true));
}
