import { isBlocked } from "../moderation/blocks.server";
import { notify } from "../notifications/notify.server";
import { publicStatuses } from "../projects/project";
import type { Db, Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import {
  type QuestionCommand,
  type QuestionKind,
  type QuestionRefusal,
  type QuestionStatus,
  type QuestionVisibility,
  questionTransition,
  REMINDER_AFTER_MS,
  reminderDue,
} from "./question";
import { mayAnswer, type QuestionProject, teamOf } from "./team.server";

/**
 * The one writer of questions to a project's team (issue 15, docs/decisions/072-questions.md).
 * Every change locks the question, applies `questionTransition` (question.ts), writes the new state
 * and a `project_question_events` row, and tells whom it concerns — in one transaction, so nothing
 * is half-written and nobody hears of a rolled-back change. Who may answer: `mayAnswer` only.
 */

export type AskError = "questions.error.closed" | "questions.error.ownProject" | "questions.error.blocked";

/** Someone signed in asks the team a question or sends a suggestion, in public or privately. */
export async function askQuestion(
  db: Db,
  input: { projectId: string; askerId: string; kind: QuestionKind; visibility: QuestionVisibility; body: string; now: Date },
): Promise<{ ok: true; questionId: string } | { ok: false; error: AskError }> {
  return db.transaction().execute(async (trx) => {
    const project = await trx
      .selectFrom("projects")
      .select(["id", "slug", "title", "status", "initiator_id", "hidden_at"])
      .where("id", "=", input.projectId)
      .executeTakeFirst();
    if (!project || project.hidden_at || !publicStatuses.includes(project.status)) return { ok: false as const, error: "questions.error.closed" as const };
    const team = { id: project.id, initiatorId: project.initiator_id };
    if (await mayAnswer(trx, team, input.askerId)) return { ok: false as const, error: "questions.error.ownProject" as const };
    // Someone the initiator blocked does not write to them (docs/decisions/060).
    if (await isBlocked(trx, project.initiator_id, input.askerId)) return { ok: false as const, error: "questions.error.blocked" as const };
    const row = await trx
      .insertInto("project_questions")
      .values({
        project_id: project.id,
        asker_id: input.askerId,
        kind: input.kind,
        visibility: input.visibility,
        body: input.body,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("project_question_events")
      .values({ question_id: row.id, actor_id: input.askerId, event: "asked", from_status: null, to_status: "asked", text: input.body, created_at: input.now })
      .execute();
    const asker = await trx.selectFrom("users").select("display_name").where("id", "=", input.askerId).executeTakeFirstOrThrow();
    for (const userId of await teamOf(trx, team)) {
      if (userId === input.askerId) continue;
      await notify(trx, {
        userId,
        kind: "question.asked",
        data: {
          projectSlug: project.slug,
          projectTitle: project.title,
          questionId: row.id,
          askerName: asker.display_name,
          suggestion: input.kind === "suggestion",
          private: input.visibility === "private",
        },
        dedupeKey: `question:${row.id}:asked`,
      });
    }
    return { ok: true as const, questionId: row.id };
  });
}

interface Locked {
  id: string;
  project_id: string;
  asker_id: string;
  kind: QuestionKind;
  status: QuestionStatus;
  hidden_at: Date | null;
  answered_at: Date | null;
  slug: string;
  title: string;
  initiator_id: string;
}

async function lockQuestion(trx: Trx, questionId: string): Promise<Locked | null> {
  if (!isUuid(questionId)) return null;
  const row = await trx
    .selectFrom("project_questions as q")
    .innerJoin("projects as p", "p.id", "q.project_id")
    .select(["q.id", "q.project_id", "q.asker_id", "q.kind", "q.status", "q.hidden_at", "q.answered_at", "p.slug", "p.title", "p.initiator_id"])
    .where("q.id", "=", questionId)
    .forUpdate("q")
    .executeTakeFirst();
  return row ?? null;
}

const projectOf = (q: Locked): QuestionProject => ({ id: q.project_id, initiatorId: q.initiator_id });

export type ChangeError = QuestionRefusal | "questions.error.notFound";

/**
 * Applies one command to a question of `projectId` (a question of another project is not found:
 * the route names the project it acts on). Returns the locked row and the transition.
 */
async function change(trx: Trx, input: { questionId: string; projectId: string }, command: (q: Locked) => Promise<QuestionCommand>) {
  const q = await lockQuestion(trx, input.questionId);
  if (!q || q.project_id !== input.projectId) return { ok: false as const, error: "questions.error.notFound" as const };
  const result = questionTransition({ status: q.status, hidden: q.hidden_at !== null }, await command(q));
  if (!result.ok) return result;
  return { ok: true as const, q, result };
}

/** The team answers a question; the asker is told (bell and e-mail). */
export async function answerQuestion(
  db: Db,
  input: { questionId: string; projectId: string; actorId: string; answer: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: ChangeError }> {
  return db.transaction().execute(async (trx) => {
    const changed = await change(trx, input, async (q) => ({ type: "answer", actorMayAnswer: await mayAnswer(trx, projectOf(q), input.actorId) }));
    if (!changed.ok) return changed;
    const { q } = changed;
    await trx
      .updateTable("project_questions")
      .set({ status: "answered", answer: input.answer, answered_by: input.actorId, answered_at: input.now, updated_at: input.now })
      .where("id", "=", q.id)
      .execute();
    await trx
      .insertInto("project_question_events")
      .values({
        question_id: q.id,
        actor_id: input.actorId,
        event: "answered",
        from_status: q.status,
        to_status: "answered",
        text: input.answer,
        created_at: input.now,
      })
      .execute();
    await notify(trx, {
      userId: q.asker_id,
      kind: "question.answered",
      data: { projectSlug: q.slug, projectTitle: q.title, questionId: q.id, suggestion: q.kind === "suggestion" },
      dedupeKey: `question:${q.id}:answered`,
    });
    return { ok: true as const };
  });
}

/** The team corrects its answer (the asker is not told again; the page says it was edited). */
export async function editAnswer(
  db: Db,
  input: { questionId: string; projectId: string; actorId: string; answer: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: ChangeError }> {
  return db.transaction().execute(async (trx) => {
    const changed = await change(trx, input, async (q) => ({ type: "edit_answer", actorMayAnswer: await mayAnswer(trx, projectOf(q), input.actorId) }));
    if (!changed.ok) return changed;
    const { q } = changed;
    await trx
      .updateTable("project_questions")
      .set({ answer: input.answer, answered_by: input.actorId, answer_edited_at: input.now, updated_at: input.now })
      .where("id", "=", q.id)
      .execute();
    await trx
      .insertInto("project_question_events")
      .values({
        question_id: q.id,
        actor_id: input.actorId,
        event: "answer_edited",
        from_status: q.status,
        to_status: q.status,
        text: input.answer,
        created_at: input.now,
      })
      .execute();
    return { ok: true as const };
  });
}

/** The asker takes their question back: it leaves the page (the events keep that it was asked). */
export async function withdrawQuestion(
  db: Db,
  input: { questionId: string; projectId: string; actorId: string; now: Date },
): Promise<{ ok: true } | { ok: false; error: ChangeError }> {
  return db.transaction().execute(async (trx) => {
    const changed = await change(trx, input, async (q) => ({ type: "withdraw", actorIsAsker: q.asker_id === input.actorId }));
    if (!changed.ok) return changed;
    const { q } = changed;
    await trx.updateTable("project_questions").set({ status: "withdrawn", updated_at: input.now }).where("id", "=", q.id).execute();
    await trx
      .insertInto("project_question_events")
      .values({ question_id: q.id, actor_id: input.actorId, event: "withdrawn", from_status: q.status, to_status: "withdrawn", created_at: input.now })
      .execute();
    return { ok: true as const };
  });
}

/**
 * A moderator hides a question (with the reason) or shows it again — called by the moderation
 * writer in its transaction through the `question` reportable (./reportables.server.ts).
 */
export async function setQuestionHidden(trx: Trx, questionId: string, hidden: { at: Date; reason: string; by: string } | null, now: Date): Promise<boolean> {
  const q = await lockQuestion(trx, questionId);
  if (!q) return false;
  const result = questionTransition({ status: q.status, hidden: q.hidden_at !== null }, { type: hidden ? "hide" : "show" });
  if (!result.ok) return false;
  await trx
    .updateTable("project_questions")
    .set(hidden ? { hidden_at: hidden.at, hidden_reason: hidden.reason, updated_at: now } : { hidden_at: null, hidden_reason: null, updated_at: now })
    .where("id", "=", q.id)
    .execute();
  await trx
    .insertInto("project_question_events")
    .values({
      question_id: q.id,
      actor_id: hidden?.by ?? null,
      event: result.event,
      from_status: q.status,
      to_status: q.status,
      text: hidden?.reason.slice(0, 4000) ?? "",
      created_at: now,
    })
    .execute();
  return true;
}

/**
 * The daily reminder: the team of every question still open 3 days after it was asked is reminded
 * once — `team_reminded_at` (and the notice's dedupe key) make a rerun a no-op; an event row says so.
 */
export async function sendQuestionReminders(db: Db, now: Date, batch = 200): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("project_questions as q")
      .innerJoin("projects as p", "p.id", "q.project_id")
      .innerJoin("users as u", "u.id", "q.asker_id")
      .select([
        "q.id",
        "q.project_id",
        "q.status",
        "q.hidden_at",
        "q.created_at",
        "q.team_reminded_at",
        "p.slug",
        "p.title",
        "p.initiator_id",
        "u.display_name",
      ])
      .where("q.status", "=", "asked")
      .where("q.hidden_at", "is", null)
      .where("q.team_reminded_at", "is", null)
      .where("q.created_at", "<=", new Date(now.getTime() - REMINDER_AFTER_MS))
      .orderBy("q.created_at")
      .limit(batch)
      .forUpdate("q")
      .skipLocked()
      .execute();
    let reminded = 0;
    for (const q of due) {
      if (!reminderDue({ status: q.status, hidden: q.hidden_at !== null, askedAt: q.created_at, remindedAt: q.team_reminded_at }, now)) continue;
      for (const userId of await teamOf(trx, { id: q.project_id, initiatorId: q.initiator_id })) {
        await notify(trx, {
          userId,
          kind: "question.reminder",
          data: { projectSlug: q.slug, projectTitle: q.title, questionId: q.id, askerName: q.display_name, askedOn: q.created_at.toISOString().slice(0, 10) },
          dedupeKey: `question:${q.id}:reminder`,
        });
      }
      await trx.updateTable("project_questions").set({ team_reminded_at: now }).where("id", "=", q.id).execute();
      await trx
        .insertInto("project_question_events")
        .values({ question_id: q.id, actor_id: null, event: "team_reminded", from_status: q.status, to_status: q.status, created_at: now })
        .execute();
      reminded++;
    }
    return reminded;
  });
}
