import { markAllRead } from "../notifications/notifications.server";
import type { QuestionKind, QuestionVisibility } from "../questions/question";
import { answerQuestion, askQuestion } from "../questions/questions.server";
import { teamOf } from "../questions/team.server";
import type { SeedContext } from "./context.server";

const DAY = 86_400_000;

interface DemoQuestion {
  project: string;
  asker: string;
  kind: QuestionKind;
  visibility: QuestionVisibility;
  body: string;
  /** Days before now it was asked (never before the project's launch). */
  at: number;
  /** The team's answer, a day after it was asked. */
  answer?: string;
  /** Who answers (a demo handle in the team): the initiator unless named. */
  answeredBy?: string;
}

/**
 * Questions to the initiators (issue 15): answered ones and open ones on the Moestuin op het
 * Javaplein and the Buurtbibliotheek — one a suggestion answered by the Moestuin's co-initiator, one
 * asked privately — built through the
 * questions' own writer. Idempotent: a question is known by its project, asker and text. The bell
 * starts quiet: the notices they caused are marked read.
 */
const demoQuestions: DemoQuestion[] = [
  {
    project: "moestuin-op-het-javaplein",
    asker: "eva",
    kind: "question",
    visibility: "public",
    body: "Wie mag er straks oogsten? Alleen wie een bak heeft, of iedereen uit de buurt?",
    at: -6,
    answer: "Iedereen! Elke bak heeft een vaste verzorger, maar wat rijp is mag de buurt plukken. We hangen een bordje op met wat er klaar is.",
  },
  {
    project: "moestuin-op-het-javaplein",
    asker: "mohammed",
    kind: "suggestion",
    visibility: "public",
    body: "Misschien een **regenton** bij de schuur? Dan hoeft het watertappunt minder vaak open.",
    at: -2,
    answer: "Goed idee, Mohammed. We zetten er twee neer, één bij elke rij bakken.",
    // Daan is the Moestuin's co-initiator (app/demo/team.server.ts): the team answers, not only Anna.
    answeredBy: "daan",
  },
  {
    project: "moestuin-op-het-javaplein",
    asker: "kees",
    kind: "question",
    visibility: "public",
    body: "Kunnen de kinderen van de basisschool op het plein ook een bak krijgen?",
    at: -1,
  },
  {
    project: "moestuin-op-het-javaplein",
    asker: "sanne",
    kind: "question",
    visibility: "private",
    body: "Ik wil graag iets extra's geven, maar liever zonder dat mijn naam ergens staat. Kan dat?",
    at: -1,
  },
  {
    project: "buurtbibliotheek-kanaalstraat",
    asker: "anna",
    kind: "question",
    visibility: "public",
    body: "Komen er ook kinderboeken in de kast?",
    at: -3,
    answer: "Ja, de onderste plank is voor kinderboeken. De bibliotheek Lombok schenkt er een eerste doos.",
  },
];

export async function seedQuestions(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const told = new Set<string>();
  for (const q of demoQuestions) {
    const project = await db.selectFrom("projects").select(["id", "initiator_id", "launched_at", "status"]).where("slug", "=", q.project).executeTakeFirst();
    if (!project?.launched_at) continue;
    const askerId = await ctx.userId(q.asker);
    const existing = await db
      .selectFrom("project_questions")
      .select("id")
      .where("project_id", "=", project.id)
      .where("asker_id", "=", askerId)
      .where("body", "=", q.body)
      .executeTakeFirst();
    if (existing) continue;
    const askedAt = new Date(Math.max(project.launched_at.getTime() + 3_600_000, now.getTime() + q.at * DAY));
    const asked = await askQuestion(db, { projectId: project.id, askerId, kind: q.kind, visibility: q.visibility, body: q.body, now: askedAt });
    if (!asked.ok) throw new Error(`seed question ${q.project}: ${asked.error}`);
    for (const member of await teamOf(db, { id: project.id, initiatorId: project.initiator_id })) told.add(member);
    if (q.answer) {
      const answeredAt = new Date(Math.min(askedAt.getTime() + DAY, now.getTime()));
      const answered = await answerQuestion(db, {
        questionId: asked.questionId,
        projectId: project.id,
        actorId: q.answeredBy ? await ctx.userId(q.answeredBy) : project.initiator_id,
        answer: q.answer,
        now: answeredAt,
      });
      if (!answered.ok) throw new Error(`seed answer ${q.project}: ${answered.error}`);
      told.add(askerId);
    }
  }
  for (const userId of told) await markAllRead(db, userId, now);
}
