import { ERASED_REASON, ERASED_TEXT, type PersonalDataContribution } from "../services.server";

/**
 * The questions' share of a member's data (docs/decisions/074): the questions and suggestions they
 * asked (with the team's answers), and the answers they gave as a team member. On erasure the words
 * they asked go (the question is hidden, so the page shows nothing of it); answers they gave stay,
 * like a project's updates: they are the team's word to the neighbourhood, shown under "voormalig lid".
 */
export const questionsPersonalData: PersonalDataContribution = {
  key: "questions",
  async exportRows(db, { userId }) {
    const [asked, answered] = await Promise.all([
      db
        .selectFrom("project_questions as q")
        .innerJoin("projects as p", "p.id", "q.project_id")
        .select(["p.title as project", "q.kind", "q.visibility", "q.body", "q.status", "q.answer", "q.answered_at", "q.created_at"])
        .where("q.asker_id", "=", userId)
        .orderBy("q.created_at")
        .execute(),
      db
        .selectFrom("project_questions as q")
        .innerJoin("projects as p", "p.id", "q.project_id")
        .select(["p.title as project", "q.answer", "q.answered_at", "q.answer_edited_at"])
        .where("q.answered_by", "=", userId)
        .orderBy("q.answered_at")
        .execute(),
    ]);
    return { questions_asked: asked, questions_answered: answered };
  },
  blockers: async () => [],
  async erase(trx, { userId, now }) {
    await trx
      .updateTable("project_questions")
      .set({ body: ERASED_TEXT, hidden_at: now, hidden_reason: ERASED_REASON, updated_at: now })
      .where("asker_id", "=", userId)
      .execute();
    // The event log keeps what happened; the words the member wrote there go (migration 0040).
    await trx.updateTable("project_question_events").set({ text: ERASED_TEXT }).where("actor_id", "=", userId).where("text", "<>", "").execute();
    return { fileKeys: [] };
  },
};
