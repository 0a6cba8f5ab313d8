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

describe("the pledge form with time and a thing (one form)", () => {
  it("lists the shifts and wants; every bad part is named next to its field, and nothing is saved while any part fails", async () => {
    const { action: pledgeAction, loader: pledgeLoader } = await import("../routes/projects.$slug.pledge");
    const { addShift } = await import("./shifts.server");
    const { addNeed } = await import("./offers.server");
    const { services } = createTestServices(database, { start });
    const [initiator, moderator, neighbour, other] = await createUsers(services.db, `pf${Math.random().toString(36).slice(2, 6)}`, 4);
    const project = await createLiveProject(services.db, { initiatorId: initiator!, moderatorId: moderator!, now: start });
    const ctx = testContext(services);
    const cookie = await sessionCookieFor(services, neighbour!);
    const params = { slug: project.slug };
    const shift = (title: string, needed: number) => ({
      title,
      description: "",
      day: "2027-06-12",
      startTime: "10:00",
      endTime: "13:00",
      place: "",
      skills: "",
      needed,
    });
    const one = await addShift(services.db, { projectId: project.id, actorId: initiator!, shift: shift("Verven", 1), now: start });
    const chairs = await addNeed(services.db, {
      projectId: project.id,
      actorId: initiator!,
      need: { kind: "item", title: "Tuinstoelen", description: "", neededOn: null, needed: 20 },
      now: start,
    });
    if (!one.ok || !chairs.ok) throw new Error("setup");
    const page = (
      await call(() =>
        pledgeLoader({ request: new Request(`http://localhost/projects/${project.slug}/pledge`, { headers: { Cookie: cookie } }), context: ctx, params }),
      )
    ).body as { along: { shifts: { id: string }[]; offers: { id: string }[] } };
    expect(page.along.shifts.map((s) => s.id)).toEqual([one.needId]);
    expect(page.along.offers.map((o) => o.id)).toEqual([chairs.needId]);

    const post = (fields: [string, string][]) =>
      call(() =>
        pledgeAction({
          request: new Request(`http://localhost/projects/${project.slug}/pledge`, {
            method: "POST",
            body: new URLSearchParams(fields),
            headers: { Cookie: cookie },
          }),
          context: ctx,
          params,
        }),
      );
    const base: [string, string][] = [
      ["intent", "pledge"],
      ["token", "route-pledge-form-1"],
      ["visibility", "initiator"],
      ["paymentMethod", "new"],
    ];
    // A bad amount and a note without a choice: both named at once.
    const bad = await post([...base, ["amount", "nul"], ["shiftIds", one.needId], ["offerNote", "Ik heb er 6"]]);
    expect(bad).toMatchObject({
      status: 400,
      body: { errors: { amount: expect.any(String), offerNeedId: "needs.error.chooseOffer" }, along: { shiftIds: [one.needId] } },
    });

    // The last place goes to someone else: the form says so next to that shift, and keeps nothing.
    const { changeOwnSignup } = await import("./shifts.server");
    expect(await changeOwnSignup(services.db, { projectId: project.id, needId: one.needId, userId: other!, event: { type: "sign_up" }, now: start })).toEqual({
      ok: true,
    });
    const full = await post([...base, ["amount", "25"], ["shiftIds", one.needId], ["offerNeedId", chairs.needId], ["offerNote", "Ik heb er 6"]]);
    expect(full).toMatchObject({ status: 400, body: { errors: { [`shift:${one.needId}`]: "needs.error.ShiftFull" } } });
    expect(await services.db.selectFrom("pledge_intents").select("id").where("backer_id", "=", neighbour!).execute()).toEqual([]);
    expect(await services.db.selectFrom("need_signups").select("id").where("user_id", "=", neighbour!).execute()).toEqual([]);
  });
});
