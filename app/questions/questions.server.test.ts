import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileReport, moderate } from "../moderation/reports.server";
import { changeTeam } from "../projects/team.server";
import { createTestDatabase } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { answerQuestion, askQuestion, editAnswer, sendQuestionReminders, withdrawQuestion } from "./questions.server";
import { getQuestionsSection, listOpenQuestionsForTeam, listProjectQuestions } from "./reads.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const now = new Date("2027-03-01T10:00:00Z");
const DAY = 86_400_000;
const later = (days: number) => new Date(now.getTime() + days * DAY);
const tag = () => Math.random().toString(36).slice(2, 7);

/** A live project of an initiator, and neighbours to ask. */
async function project(neighbours = 2) {
  const db = database.db;
  const t = tag();
  const [moderator] = await createUsers(db, `qm${t}`, 1, "moderator");
  const [initiator, ...others] = await createUsers(db, `qa${t}`, neighbours + 1);
  const p = await createLiveProject(db, { initiatorId: initiator!, moderatorId: moderator!, now: later(-10), title: `Buurtmoestuin ${t}` });
  return {
    projectId: p.id,
    slug: p.slug,
    initiator: initiator!,
    moderator: moderator!,
    neighbours: others as string[],
    team: { id: p.id, initiatorId: initiator! },
  };
}

async function ask(
  projectId: string,
  askerId: string,
  extra: { visibility?: "public" | "private"; kind?: "question" | "suggestion"; body?: string; at?: Date } = {},
) {
  const r = await askQuestion(database.db, {
    projectId,
    askerId,
    kind: extra.kind ?? "question",
    visibility: extra.visibility ?? "public",
    body: extra.body ?? "Wanneer gaan jullie zaaien?",
    now: extra.at ?? now,
  });
  if (!r.ok) throw new Error(r.error);
  return r.questionId;
}

const notices = (kind: string, questionId: string) =>
  database.db
    .selectFrom("notifications")
    .select(["user_id", "data"])
    .where("kind", "=", kind)
    .where(({ eb, ref }) => eb(eb.fn("jsonb_extract_path_text", [ref("data"), eb.val("questionId")]), "=", questionId))
    .execute();
const events = (questionId: string) =>
  database.db.selectFrom("project_question_events").select(["event", "from_status", "to_status"]).where("question_id", "=", questionId).orderBy("id").execute();

describe("asking and answering", () => {
  it("tells the team of a new question and the asker of the answer, each change an event row", async () => {
    const { projectId, initiator, neighbours } = await project();
    const id = await ask(projectId, neighbours[0]!, { kind: "suggestion", body: "Misschien ook **kruiden**?" });
    const asked = await notices("question.asked", id);
    expect(asked.map((n) => n.user_id)).toEqual([initiator]);
    expect(asked[0]!.data).toMatchObject({ suggestion: true, private: false });
    expect(await notices("question.answered", id)).toEqual([]);

    expect(await answerQuestion(database.db, { questionId: id, projectId, actorId: initiator, answer: "Goed idee, doen we!", now: later(1) })).toEqual({
      ok: true,
    });
    const answered = await notices("question.answered", id);
    expect(answered.map((n) => n.user_id)).toEqual([neighbours[0]]);
    // In the bell and by e-mail: each notice has its pending delivery.
    const mails = await database.db
      .selectFrom("email_deliveries as d")
      .innerJoin("notifications as n", "n.id", "d.notification_id")
      .select(["n.kind", "n.user_id", "n.in_app"])
      .where("n.kind", "in", ["question.asked", "question.answered"])
      .where("n.user_id", "in", [initiator, neighbours[0]!])
      .orderBy("n.kind")
      .execute();
    expect(mails).toEqual([
      { kind: "question.answered", user_id: neighbours[0], in_app: true },
      { kind: "question.asked", user_id: initiator, in_app: true },
    ]);
    // Answered once; the team edits its answer instead, and the asker is not told twice.
    expect(await answerQuestion(database.db, { questionId: id, projectId, actorId: initiator, answer: "Nog eens", now: later(1) })).toEqual({
      ok: false,
      error: "questions.error.alreadyAnswered",
    });
    expect(await editAnswer(database.db, { questionId: id, projectId, actorId: initiator, answer: "Goed idee: basilicum en munt.", now: later(2) })).toEqual({
      ok: true,
    });
    expect(await notices("question.answered", id)).toHaveLength(1);
    expect((await events(id)).map((e) => e.event)).toEqual(["asked", "answered", "answer_edited"]);

    const seen = await listProjectQuestions(database.db, { project: { id: projectId, initiatorId: initiator }, viewerId: null });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: "suggestion", status: "answered", answerSource: null, answer: { edited: true } });
    expect(seen[0]!.bodyHtml).toContain("<strong>kruiden</strong>");
    expect(seen[0]!.answer!.html).toContain("basilicum en munt");
  });

  it("only the team answers: a neighbour, another project's initiator and a moderator get the business error, and nothing changes", async () => {
    const { projectId, initiator, moderator, neighbours } = await project(2);
    const other = await project(0);
    const id = await ask(projectId, neighbours[0]!);
    for (const actorId of [neighbours[0]!, neighbours[1]!, other.initiator, moderator]) {
      expect(await answerQuestion(database.db, { questionId: id, projectId, actorId, answer: "Ik weet het!", now })).toEqual({
        ok: false,
        error: "questions.error.notTeam",
      });
    }
    // Through another project (one's own) a question of this one is not found.
    expect(await answerQuestion(database.db, { questionId: id, projectId: other.projectId, actorId: other.initiator, answer: "Ik weet het!", now })).toEqual({
      ok: false,
      error: "questions.error.notFound",
    });
    const row = await database.db.selectFrom("project_questions").select(["status", "answer"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "asked", answer: null });
    expect(await notices("question.answered", id)).toEqual([]);
    // The initiator does not ask their own team.
    expect(await askQuestion(database.db, { projectId, askerId: initiator, kind: "question", visibility: "public", body: "Eigen vraag", now })).toEqual({
      ok: false,
      error: "questions.error.ownProject",
    });
  });

  it("the asker withdraws their question; it leaves the page and takes no answer", async () => {
    const { projectId, initiator, neighbours } = await project();
    const id = await ask(projectId, neighbours[0]!);
    expect(await withdrawQuestion(database.db, { questionId: id, projectId, actorId: neighbours[1]!, now })).toEqual({
      ok: false,
      error: "questions.error.notAsker",
    });
    expect(await withdrawQuestion(database.db, { questionId: id, projectId, actorId: neighbours[0]!, now })).toEqual({ ok: true });
    expect(await answerQuestion(database.db, { questionId: id, projectId, actorId: initiator, answer: "Te laat", now })).toEqual({
      ok: false,
      error: "questions.error.withdrawn",
    });
    expect(await listProjectQuestions(database.db, { project: { id: projectId, initiatorId: initiator }, viewerId: neighbours[0]! })).toEqual([]);
    // The database refuses an answered question without its answer, and rewriting history.
    await expect(database.db.updateTable("project_questions").set({ status: "answered" }).where("id", "=", id).execute()).rejects.toThrow(/check/i);
    await expect(database.db.deleteFrom("project_question_events").where("question_id", "=", id).execute()).rejects.toThrow(/append-only/);
  });
});

describe("private questions", () => {
  it("are seen by the asker and the team only", async () => {
    const { projectId, initiator, neighbours, moderator, team } = await project(2);
    const id = await ask(projectId, neighbours[0]!, { visibility: "private", body: "Mag ik anoniem doneren?" });
    const visible = async (viewerId: string | null) => (await listProjectQuestions(database.db, { project: team, viewerId })).map((q) => q.id);
    expect(await visible(neighbours[0]!)).toEqual([id]);
    expect(await visible(initiator)).toEqual([id]);
    expect(await visible(neighbours[1]!)).toEqual([]);
    expect(await visible(moderator)).toEqual([]);
    expect(await visible(null)).toEqual([]);
    expect((await notices("question.asked", id))[0]!.data).toMatchObject({ private: true });
    // Only those who see it may report it.
    const report = await fileReport(database.db, extensions.reportables, {
      reporterId: neighbours[1]!,
      kind: "question",
      id,
      reason: "spam",
      details: "",
      now,
    });
    expect(report).toEqual({ ok: false, error: "SubjectUnknown" });
  });
});

describe("the dashboard's list", () => {
  it("shows the team the questions waiting for an answer, oldest first, and nobody else", async () => {
    const { projectId, initiator, neighbours, team } = await project(2);
    const first = await ask(projectId, neighbours[0]!, { at: later(-2) });
    const second = await ask(projectId, neighbours[1]!, { visibility: "private", at: later(-1) });
    const third = await ask(projectId, neighbours[1]!);
    await answerQuestion(database.db, { questionId: third, projectId, actorId: initiator, answer: "Ja.", now });
    expect((await listOpenQuestionsForTeam(database.db, team, initiator)).map((q) => q.id)).toEqual([first, second]);
    expect(await listOpenQuestionsForTeam(database.db, team, neighbours[0]!)).toEqual([]);
    const section = await getQuestionsSection(database.db, { project: { ...team, status: "live" }, viewerId: initiator });
    expect(section).toMatchObject({ team: true, mayAsk: false });
    expect((await getQuestionsSection(database.db, { project: { ...team, status: "live" }, viewerId: neighbours[0]! })).mayAsk).toBe(true);
  });
});

describe("the 3-day reminder", () => {
  it("reminds the team once of a question unanswered for 3 days, never of an answered one", async () => {
    const { projectId, initiator, neighbours } = await project(2);
    const open = await ask(projectId, neighbours[0]!, { at: now });
    const answered = await ask(projectId, neighbours[1]!, { at: now });
    await answerQuestion(database.db, { questionId: answered, projectId, actorId: initiator, answer: "Zaterdag.", now: later(1) });
    // Before three days: nothing.
    await sendQuestionReminders(database.db, new Date(now.getTime() + 3 * DAY - 60_000));
    expect(await notices("question.reminder", open)).toEqual([]);
    await sendQuestionReminders(database.db, later(3));
    const reminders = await notices("question.reminder", open);
    expect(reminders.map((r) => r.user_id)).toEqual([initiator]);
    expect(reminders[0]!.data).toMatchObject({ askedOn: "2027-03-01" });
    // The next day's run, and a rerun: still one.
    await sendQuestionReminders(database.db, later(4));
    await sendQuestionReminders(database.db, later(4));
    expect(await notices("question.reminder", open)).toHaveLength(1);
    expect(await notices("question.reminder", answered)).toEqual([]);
    expect((await events(open)).map((e) => e.event)).toEqual(["asked", "team_reminded"]);
    const row = await database.db.selectFrom("project_questions").select("team_reminded_at").where("id", "=", open).executeTakeFirstOrThrow();
    expect(row.team_reminded_at).toEqual(later(3));
  });
});

describe("reports and moderation", () => {
  it("a neighbour reports a question, a moderator hides it: it disappears for everyone but its asker, who sees why, and takes no answer", async () => {
    const { projectId, initiator, moderator, neighbours, team } = await project(2);
    const id = await ask(projectId, neighbours[0]!, { body: "Koop mijn zonnebrillen op example.com" });
    const filed = await fileReport(database.db, extensions.reportables, {
      reporterId: neighbours[1]!,
      kind: "question",
      id,
      reason: "spam",
      details: "Reclame",
      now,
    });
    if (!filed.ok) throw new Error(filed.error);
    const hidden = await moderate(database.db, extensions, {
      reportId: filed.reportId,
      actor: { id: moderator, role: "moderator" },
      action: "hide",
      reason: "Reclame.",
      now,
    });
    expect(hidden.ok).toBe(true);
    const visible = async (viewerId: string | null) => (await listProjectQuestions(database.db, { project: team, viewerId })).map((q) => q.id);
    expect(await visible(null)).toEqual([]);
    expect(await visible(neighbours[1]!)).toEqual([]);
    expect(await visible(initiator)).toEqual([]);
    expect(await listOpenQuestionsForTeam(database.db, team, initiator)).toEqual([]);
    const own = await listProjectQuestions(database.db, { project: team, viewerId: neighbours[0]! });
    expect(own.map((q) => [q.id, q.hiddenReason])).toEqual([[id, "Reclame."]]);
    expect(await answerQuestion(database.db, { questionId: id, projectId, actorId: initiator, answer: "Nee.", now })).toEqual({
      ok: false,
      error: "questions.error.hidden",
    });
    expect((await events(id)).map((e) => e.event)).toEqual(["asked", "hidden"]);
    // A hidden question is not reminded of either.
    await sendQuestionReminders(database.db, later(5));
    expect(await notices("question.reminder", id)).toEqual([]);
  });
});

describe("the project's team answers (decision 071)", () => {
  async function join(projectId: string, initiator: string, userId: string, role: "co_initiator" | "helper") {
    const invited = await changeTeam(database.db, { projectId, actorId: initiator, subject: { userId }, event: { type: "invite", role }, now: later(-1) });
    expect(invited).toMatchObject({ ok: true });
    const accepted = await changeTeam(database.db, { projectId, actorId: userId, subject: { userId }, event: { type: "accept" }, now: later(-1) });
    expect(accepted).toMatchObject({ ok: true });
  }

  it("a co-initiator is told of a question and answers it; a helper is neither told nor allowed", async () => {
    const { projectId, initiator, neighbours } = await project(3);
    const [asker, co, helper] = neighbours as [string, string, string];
    await join(projectId, initiator, co, "co_initiator");
    await join(projectId, initiator, helper, "helper");
    const id = await ask(projectId, asker);
    expect((await notices("question.asked", id)).map((n) => n.user_id).sort()).toEqual([initiator, co].sort());

    expect(await answerQuestion(database.db, { questionId: id, projectId, actorId: helper, answer: "Ik weet het niet.", now: later(1) })).toMatchObject({
      ok: false,
    });
    expect(await answerQuestion(database.db, { questionId: id, projectId, actorId: co, answer: "Zaterdag om tien uur.", now: later(1) })).toEqual({ ok: true });
    expect((await notices("question.answered", id)).map((n) => n.user_id)).toEqual([asker]);
    // The co-initiator sees the open questions on the dashboard; after the answer there are none.
    expect(await listOpenQuestionsForTeam(database.db, { id: projectId, initiatorId: initiator }, co)).toEqual([]);
  });

  it("a removed co-initiator may answer no longer", async () => {
    const { projectId, initiator, neighbours } = await project(2);
    const [asker, co] = neighbours as [string, string];
    await join(projectId, initiator, co, "co_initiator");
    const id = await ask(projectId, asker);
    expect((await listOpenQuestionsForTeam(database.db, { id: projectId, initiatorId: initiator }, co)).map((q) => q.id)).toEqual([id]);
    expect(await changeTeam(database.db, { projectId, actorId: initiator, subject: { userId: co }, event: { type: "remove" }, now: later(0) })).toMatchObject({
      ok: true,
    });
    expect(await answerQuestion(database.db, { questionId: id, projectId, actorId: co, answer: "Toch nog even.", now: later(1) })).toMatchObject({ ok: false });
  });
});
