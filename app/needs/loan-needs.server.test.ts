import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptLoanRequest, cancelLoan, declineLoanRequest } from "../lending/loans.server";
import { action as lendAction, loader as lendLoader } from "../routes/items.$itemId.lend-to-project";
import { loader as projectLoader } from "../routes/projects.$slug._index/route";
import { createTestDatabase } from "../test/db";
import { makeItem } from "../test/lending-fixtures";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import "../wiring.server"; // registers the loan effect that the need's offer follows
import { answerOffer, addNeed } from "./offers.server";

/** Issue 11: a material need filled by lending an item from the lending library. */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const start = new Date("2027-06-01T10:00:00Z");

async function call<T>(fn: () => Promise<T>): Promise<{ status: number; body: any; location: string | null }> {
  try {
    const r = await fn();
    if (r instanceof Response) return { status: r.status, body: null, location: r.headers.get("location") };
    const d = r as unknown as { data?: unknown; init?: { status?: number } };
    return { status: d.init?.status ?? 200, body: d.data, location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null, location: thrown.headers.get("location") };
    throw thrown;
  }
}

async function setup() {
  const { services } = createTestServices(database, { start });
  const [initiator, moderator, owner, other] = await createUsers(services.db, `ln${Math.random().toString(36).slice(2, 6)}`, 4);
  const project = await createLiveProject(services.db, { initiatorId: initiator!, moderatorId: moderator!, now: start });
  const otherProject = await createLiveProject(services.db, { initiatorId: other!, moderatorId: moderator!, now: start });
  const need = async (projectId: string, actorId: string, title: string) => {
    const r = await addNeed(services.db, { projectId, actorId, need: { kind: "item", title, description: "", neededOn: "2027-06-14", needed: 1 }, now: start });
    if (!r.ok) throw new Error(r.error);
    return r.needId;
  };
  const trailerNeed = await need(project.id, initiator!, "Een aanhanger");
  const elsewhere = await need(otherProject.id, other!, "Tuinstoelen");
  const trailer = await makeItem(services.db, owner!, { title: "Bagagewagen" }, start);
  const cookie = await sessionCookieFor(services, owner!);
  const lend = (fields: Record<string, string>) =>
    call(() =>
      lendAction({
        request: new Request(`http://localhost/items/${trailer}/lend-to-project`, {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: { Cookie: cookie },
        }),
        context: testContext(services),
        params: { itemId: trailer },
      }),
    );
  const needRow = (id: string) => services.db.selectFrom("project_needs").select(["filled", "needed"]).where("id", "=", id).executeTakeFirstOrThrow();
  const offers = (id: string) => services.db.selectFrom("need_signups").select(["status", "loan_id", "note"]).where("need_id", "=", id).execute();
  const loanCount = async () =>
    Number(
      (
        await services.db
          .selectFrom("loans")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("item_id", "=", trailer)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const days = { startsOn: "2027-06-13", endsOn: "2027-06-15", message: "Voor de verhuizing van de bakken" };
  return {
    services,
    initiator: initiator!,
    owner: owner!,
    project,
    otherProject,
    trailerNeed,
    elsewhere,
    trailer,
    lend,
    needRow,
    offers,
    loanCount,
    days,
    cookie,
  };
}

describe("things from the lending library", () => {
  it("lending an item for a need makes an offer that follows the loan: found when accepted; the offer is answered only on the loan", async () => {
    const s = await setup();
    // The form offers the project's open need (and the owner may come from the need's own link).
    const form = await lendLoader({
      request: new Request(`http://localhost/items/${s.trailer}/lend-to-project?project=${s.project.slug}&need=${s.trailerNeed}`, {
        headers: { Cookie: s.cookie },
      }),
      context: testContext(s.services),
      params: { itemId: s.trailer },
    });
    expect(form.needs.map((n) => n.title)).toContain("Een aanhanger");
    expect(form.preselectedNeed).toBe(s.trailerNeed);

    const lent = await s.lend({ projectId: s.project.id, needId: s.trailerNeed, ...s.days });
    expect(lent.status).toBe(302);
    const loanId = lent.location!.replace("/loans/", "");
    expect(await s.offers(s.trailerNeed)).toEqual([{ status: "offered", loan_id: loanId, note: "Bagagewagen" }]);
    expect(await s.needRow(s.trailerNeed)).toEqual({ filled: 0, needed: 1 });

    // The initiator cannot answer the offer beside the loan: the two would disagree.
    const offerId = (await s.services.db.selectFrom("need_signups").select("id").where("loan_id", "=", loanId).executeTakeFirstOrThrow()).id;
    expect(await answerOffer(s.services.db, { projectId: s.project.id, offerId, answer: "decline", actorId: s.initiator, now: start })).toEqual({
      ok: false,
      error: "LinkedToLoan",
    });

    expect((await acceptLoanRequest(s.services.db, loanId, { userId: s.initiator }, start)).ok).toBe(true);
    expect(await s.offers(s.trailerNeed)).toEqual([{ status: "accepted", loan_id: loanId, note: "Bagagewagen" }]);
    expect(await s.needRow(s.trailerNeed)).toEqual({ filled: 1, needed: 1 });
    const page = await projectLoader({
      request: new Request(`http://localhost/projects/${s.project.slug}`),
      context: testContext(s.services),
      params: { slug: s.project.slug },
    });
    expect(page.needs).toBeDefined();
    expect(page.wanted.find((w) => w.id === s.trailerNeed)).toMatchObject({ filled: 1, needed: 1 });
    const events = await s.services.db.selectFrom("need_events").select("event").where("need_id", "=", s.trailerNeed).orderBy("id").execute();
    expect(events.map((e) => e.event)).toEqual(["added", "offer", "accept"]);

    // Cancelled before pickup: the need is open again.
    expect((await cancelLoan(s.services.db, loanId, { userId: s.owner }, "Toch nodig", start)).ok).toBe(true);
    expect(await s.offers(s.trailerNeed)).toEqual([{ status: "cancelled", loan_id: loanId, note: "Bagagewagen" }]);
    expect(await s.needRow(s.trailerNeed)).toEqual({ filled: 0, needed: 1 });
  });

  it("a declined loan withdraws its offer; a need of another project is refused next to the field and nothing is kept", async () => {
    const s = await setup();
    const wrong = await s.lend({ projectId: s.project.id, needId: s.elsewhere, ...s.days });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual({ needId: "needs.error.NotFound" });
    expect(wrong.body.values).toMatchObject({ needId: s.elsewhere, message: s.days.message });
    const junk = await s.lend({ projectId: s.project.id, needId: "not-a-need", ...s.days });
    expect(junk.body.errors).toEqual({ needId: "needs.error.NotFound" });
    expect(await s.loanCount()).toBe(0);
    expect(await s.offers(s.elsewhere)).toEqual([]);

    const lent = await s.lend({ projectId: s.project.id, needId: s.trailerNeed, ...s.days });
    const loanId = lent.location!.replace("/loans/", "");
    expect((await declineLoanRequest(s.services.db, loanId, { userId: s.initiator }, start)).ok).toBe(true);
    expect(await s.offers(s.trailerNeed)).toEqual([{ status: "cancelled", loan_id: loanId, note: "Bagagewagen" }]);
    expect(await s.needRow(s.trailerNeed)).toEqual({ filled: 0, needed: 1 });

    // Lending without a need still works as before: no offer at all.
    const plain = await s.lend({ projectId: s.project.id, ...s.days });
    expect(plain.status).toBe(302);
    expect((await s.offers(s.trailerNeed)).length).toBe(1);
  });
});
