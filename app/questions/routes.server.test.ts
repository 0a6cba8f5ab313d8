import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/seed.server";
import { loader as apiProjectLoader } from "../routes/api.projects.$slug";
import { loader as projectLoader } from "../routes/projects.$slug._index/route";
import { loader as dashboardLoader } from "../routes/projects.$slug.dashboard/route";
import { action as questionsAction, loader as questionsLoader } from "../routes/projects.$slug.questions";
import { loader as reportLoader } from "../routes/report";
import { createTestDatabase } from "../test/db";
import { cookieFor } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";

let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  await seedDemo(database.db, { now: services.clock.now() });
  for (const key of ["anna", "eva", "mohammed", "kees", "sanne", "admin"]) {
    ids[key] = (await database.db.selectFrom("users").select("id").where("email", "=", `${key}@demo.buurtkracht.nl`).executeTakeFirstOrThrow()).id;
  }
});
afterAll(async () => database?.close());

const MOESTUIN = "moestuin-op-het-javaplein";
const PRIVATE = "liever zonder dat mijn naam ergens staat";
const request = async (path: string, as?: string, init: RequestInit = {}) =>
  new Request(`http://localhost${path}`, { ...init, headers: { ...(as ? { Cookie: await cookieFor(services, ids[as]!) } : {}), ...(init.headers ?? {}) } });
const post = async (path: string, as: string, fields: Record<string, string>) =>
  request(path, as, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
const status = async (run: () => Promise<unknown>): Promise<number> => {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    if (result && typeof result === "object" && "init" in result) return (result as { init: { status?: number } | null }).init?.status ?? 200;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
};
const params = { slug: MOESTUIN };
const openQuestion = async () =>
  (
    await database.db
      .selectFrom("project_questions")
      .select("id")
      .where("body", "=", "Kunnen de kinderen van de basisschool op het plein ook een bak krijgen?")
      .executeTakeFirstOrThrow()
  ).id;

describe("the demo's questions", () => {
  it("has answered and open ones, a suggestion and a private one, and leaves the bell quiet", async () => {
    const rows = await database.db.selectFrom("project_questions").select(["status", "kind", "visibility"]).execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["asked", "answered"]));
    expect(rows.some((r) => r.kind === "suggestion")).toBe(true);
    expect(rows.some((r) => r.visibility === "private")).toBe(true);
    const unread = await database.db.selectFrom("notifications").select("kind").where("kind", "like", "question.%").where("read_at", "is", null).execute();
    expect(unread).toEqual([]);
  });
});

describe("a private question", () => {
  it("is on the project page, the questions page and the dashboard for the asker and the team, and in no read or API for anyone else", async () => {
    const projectPage = async (as?: string) =>
      JSON.stringify(await projectLoader({ request: await request(`/projects/${MOESTUIN}`, as), context: testContext(services), params }));
    const questionsPage = async (as?: string) =>
      JSON.stringify(await questionsLoader({ request: await request(`/projects/${MOESTUIN}/questions`, as), context: testContext(services), params }));
    for (const as of ["sanne", "anna"]) {
      expect(await projectPage(as)).toContain(PRIVATE);
      expect(await questionsPage(as)).toContain(PRIVATE);
    }
    expect(
      JSON.stringify(await dashboardLoader({ request: await request(`/projects/${MOESTUIN}/dashboard`, "anna"), context: testContext(services), params })),
    ).toContain(PRIVATE);
    for (const as of [undefined, "eva", "kees", "admin"]) {
      expect(await projectPage(as)).not.toContain(PRIVATE);
      expect(await questionsPage(as)).not.toContain(PRIVATE);
    }
    // Nor can anyone else open its report form (its existence is not revealed); the team can.
    const privateId = (await database.db.selectFrom("project_questions").select("id").where("visibility", "=", "private").executeTakeFirstOrThrow()).id;
    const report = async (as: string) =>
      status(async () => reportLoader({ request: await request(`/report?kind=question&id=${privateId}`, as), context: testContext(services), params: {} }));
    expect([await report("eva"), await report("kees"), await report("anna")]).toEqual([404, 404, 200]);
    const api = await apiProjectLoader({ request: await request(`/api/projects/${MOESTUIN}`), context: testContext(services), params });
    expect(await api.text()).not.toContain(PRIVATE);
    // Public questions: the answered one with its answer, the open one marked as such.
    const page = (await questionsLoader({ request: await request(`/projects/${MOESTUIN}/questions`), context: testContext(services), params })) as Awaited<
      ReturnType<typeof questionsLoader>
    >;
    expect(page.section.questions.map((q) => q.status).sort()).toEqual(["answered", "answered", "asked"]);
    expect(page.section).toMatchObject({ team: false, mayAsk: false });
  });
});

describe("answering through the route", () => {
  it("only the team answers: others get 403 with the message, nothing written; the initiator's answer reaches the asker", async () => {
    const questionId = await openQuestion();
    for (const as of ["eva", "kees", "admin"]) {
      expect(
        await status(async () =>
          questionsAction({
            request: await post(`/projects/${MOESTUIN}/questions`, as, { intent: "answer", questionId, answer: "Ja hoor" }),
            context: testContext(services),
            params,
          }),
        ),
      ).toBe(403);
    }
    const row = async () => database.db.selectFrom("project_questions").select(["status", "answer"]).where("id", "=", questionId).executeTakeFirstOrThrow();
    expect(await row()).toEqual({ status: "asked", answer: null });
    const done = await questionsAction({
      request: await post(`/projects/${MOESTUIN}/questions`, "anna", {
        intent: "answer",
        questionId,
        answer: "Ja, de school krijgt twee bakken.",
        from: "dashboard",
      }),
      context: testContext(services),
      params,
    });
    expect(done).toBeInstanceOf(Response);
    expect((done as Response).headers.get("Location")).toBe(`/projects/${MOESTUIN}/dashboard#questions`);
    expect(await row()).toEqual({ status: "answered", answer: "Ja, de school krijgt twee bakken." });
    const notice = await database.db
      .selectFrom("notifications")
      .select(["user_id", "read_at"])
      .where("kind", "=", "question.answered")
      .where("user_id", "=", ids.kees!)
      .execute();
    expect(notice).toEqual([{ user_id: ids.kees, read_at: null }]);
  });

  it("asking: signed in only, refused next to the field when too short, and the team hears of it", async () => {
    const ask = (as: string, body: string) =>
      post(`/projects/${MOESTUIN}/questions`, as, { intent: "ask", kind: "suggestion", body, from: "project" }).then((r) =>
        questionsAction({ request: r, context: testContext(services), params }),
      );
    const anonymous = new Request(`http://localhost/projects/${MOESTUIN}/questions`, { method: "POST", body: new URLSearchParams({ body: "Hallo daar" }) });
    expect(await status(() => questionsAction({ request: anonymous, context: testContext(services), params }))).toBe(302);
    const short = (await ask("eva", "Hi")) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(short.init.status).toBe(400);
    expect(short.data.errors).toEqual({ body: "questions.error.bodyShort" });
    // The initiator does not ask their own team.
    const own = (await ask("anna", "Een eigen vraag")) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    expect([own.init.status, own.data.errors]).toEqual([403, { _form: "questions.error.ownProject" }]);
    const sent = (await ask("eva", "Een bankje bij de bakken?")) as Response;
    expect(sent.headers.get("Location")).toMatch(new RegExp(`^/projects/${MOESTUIN}#question-[0-9a-f-]{36}$`));
    const toTeam = await database.db
      .selectFrom("notifications")
      .select("data")
      .where("kind", "=", "question.asked")
      .where("user_id", "=", ids.anna!)
      .where("read_at", "is", null)
      .execute();
    expect(toTeam.map((n) => (n.data as { suggestion: boolean }).suggestion)).toEqual([true]);
  });

  it("asking is rate-limited: ten a day, then 429 with the message and the text kept", async () => {
    const ask = async (i: number) =>
      questionsAction({
        request: await post(`/projects/${MOESTUIN}/questions`, "mohammed", { intent: "ask", body: `Vraag nummer ${i}` }),
        context: testContext(services),
        params,
      });
    for (let i = 0; i < 10; i++) expect(await status(() => ask(i))).toBe(302);
    const limited = (await ask(10)) as unknown as { data: { errors: Record<string, string>; values: Record<string, string> }; init: { status: number } };
    expect([limited.init.status, limited.data.errors._form, limited.data.values.body]).toEqual([429, "form.tooMany", "Vraag nummer 10"]);
    const stored = await database.db
      .selectFrom("project_questions")
      .select("id")
      .where("asker_id", "=", ids.mohammed!)
      .where("body", "like", "Vraag nummer %")
      .execute();
    expect(stored).toHaveLength(10);
  });
});
