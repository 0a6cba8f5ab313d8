import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as projectLoader } from "../routes/projects.$slug._index/route";
import { action as manageAction, loader as manageLoader } from "../routes/projects.$slug.needs";
import { action as shiftsAction } from "../routes/projects.$slug.shifts";
import { createTestDatabase } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const start = new Date("2027-06-01T10:00:00Z");

async function call<T>(fn: () => Promise<T>): Promise<{ status: number; body: unknown; location: string | null }> {
  try {
    const r = await fn();
    if (r instanceof Response) return { status: r.status, body: null, location: r.headers.get("location") };
    const d = r as unknown as { data?: unknown; init?: { status?: number } };
    return d && typeof d === "object" && "init" in d
      ? { status: d.init?.status ?? 200, body: d.data, location: null }
      : { status: 200, body: r, location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null, location: thrown.headers.get("location") };
    throw thrown;
  }
}

describe("shift pages", () => {
  it("the initiator adds a shift (bad input next to its field); a neighbour signs up on the project page, which shows '1 van 6 vrijwilligers'", async () => {
    const { services } = createTestServices(database, { start });
    const [initiator, moderator, neighbour] = await createUsers(services.db, `rt${Math.random().toString(36).slice(2, 6)}`, 3);
    const project = await createLiveProject(services.db, { initiatorId: initiator!, moderatorId: moderator!, now: start });
    const ctx = testContext(services);
    const cookie = { initiator: await sessionCookieFor(services, initiator!), neighbour: await sessionCookieFor(services, neighbour!) };
    const post = (path: string, who: string, fields: Record<string, string>) =>
      new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: who } });
    const manage = `/projects/${project.slug}/needs`;
    const params = { slug: project.slug };

    // Only the initiator manages shifts.
    expect(
      (await call(() => manageLoader({ request: new Request(`http://localhost${manage}`, { headers: { Cookie: cookie.neighbour } }), context: ctx, params })))
        .status,
    ).toBe(403);
    expect((await call(() => manageAction({ request: post(manage, cookie.neighbour, { intent: "add-shift" }), context: ctx, params }))).status).toBe(403);

    const shift = {
      intent: "add-shift",
      title: "Plantenbakken bouwen",
      day: "2027-06-12",
      startTime: "10:00",
      endTime: "13:00",
      place: "Javaplein",
      needed: "6",
    };
    const bad = await call(() => manageAction({ request: post(manage, cookie.initiator, { ...shift, endTime: "09:00", needed: "0" }), context: ctx, params }));
    expect(bad).toMatchObject({ status: 400, body: { errors: { endTime: "needs.error.endBeforeStart", needed: "needs.error.needed" } } });
    const past = await call(() => manageAction({ request: post(manage, cookie.initiator, { ...shift, day: "2027-05-30" }), context: ctx, params }));
    expect(past).toMatchObject({ status: 400, body: { errors: { day: "needs.error.InPast" }, values: { title: "Plantenbakken bouwen" } } });
    expect(await services.db.selectFrom("project_needs").select("id").where("project_id", "=", project.id).execute()).toEqual([]);
    expect((await call(() => manageAction({ request: post(manage, cookie.initiator, shift), context: ctx, params }))).status).toBe(302);
    const needId = (await services.db.selectFrom("project_needs").select("id").where("project_id", "=", project.id).executeTakeFirstOrThrow()).id;

    const signed = await call(() =>
      shiftsAction({
        request: post(`/projects/${project.slug}/shifts`, cookie.neighbour, { intent: "sign-up", needId, note: "Ik neem een zaag mee" }),
        context: ctx,
        params,
      }),
    );
    expect(signed).toMatchObject({ status: 302, location: `/projects/${project.slug}#shifts` });
    const page = (
      await call(() =>
        projectLoader({ request: new Request(`http://localhost/projects/${project.slug}`, { headers: { Cookie: cookie.neighbour } }), context: ctx, params }),
      )
    ).body as {
      shifts: { id: string; mine: string | null; filled: number }[];
      needs: { volunteersNeeded: number; volunteersSignedUp: number };
    };
    expect(page.shifts).toMatchObject([{ id: needId, mine: "signed_up", filled: 1 }]);
    expect(page.needs).toMatchObject({ volunteersNeeded: 6, volunteersSignedUp: 1 });
    const list = (
      await call(() => manageLoader({ request: new Request(`http://localhost${manage}`, { headers: { Cookie: cookie.initiator } }), context: ctx, params }))
    ).body as {
      shifts: { volunteers: { note: string }[] }[];
    };
    expect(list.shifts[0]!.volunteers).toMatchObject([{ note: "Ik neem een zaag mee" }]);
  });
});
