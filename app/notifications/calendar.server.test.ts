import ICAL from "ical.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signUp } from "../auth/accounts.server";
import { loader as calendarLoader } from "../routes/calendar[.]ics";
import { action as settingsAction, loader as settingsLoader } from "../routes/settings.notifications";
import { createTestDatabase, truncateAll } from "../test/db";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { buildCalendar, type CalendarSource, calendarFeedToken, createCalendarFeed, resolveCalendarFeed, revokeCalendarFeed } from "./calendar.server";

let database: DatabaseHandle;
const now = new Date("2026-11-28T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await database.db.insertInto("neighbourhoods").values({ id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" }).execute();
});

async function makeUser(key: string, locale: "nl" | "en" = "nl") {
  const r = await signUp(
    database.db,
    { email: `${key}@example.nl`, displayName: key, password: "a-long-password", neighbourhoodId: "lombok", locale, emailVerified: true },
    now,
  );
  if (!r.ok) throw new Error(r.error);
  return r.user;
}

/** A source defined here, standing in for the projects and lending sources still to come. */
const testSource: CalendarSource = async (db, { userId, locale }) => {
  const user = await db.selectFrom("users").select("display_name").where("id", "=", userId).executeTakeFirstOrThrow();
  return [
    {
      uid: `loan-1-pickup@test`,
      start: "2026-12-01",
      summary: locale === "en" ? `Pick up: ladder; for ${user.display_name}` : `Ophalen: ladder, voor ${user.display_name}`,
      path: "/loans/1",
    },
    { uid: `loan-1-period@test`, start: "2026-12-01", end: "2026-12-03", summary: "Ladder (geleend)" },
    {
      uid: `project-tuin-deadline@test`,
      start: new Date("2026-12-15T22:59:00Z"),
      summary: "Deadline: Buurtmoestuin",
      description: "Laatste kans, met\nregels",
      path: "/projects/tuin",
    },
  ];
};

function parse(ics: string) {
  const component = new ICAL.Component(ICAL.parse(ics));
  return {
    name: component.getFirstPropertyValue("name") ?? component.getFirstPropertyValue("x-wr-calname"),
    events: component.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v)),
  };
}

describe("calendar feed", () => {
  it("builds a valid iCal feed from registered sources (parsed back with ical.js)", async () => {
    const anna = await makeUser("anna");
    const errors: unknown[] = [];
    const broken: CalendarSource = async () => {
      throw new Error("lending tables missing");
    };
    const ics = await buildCalendar(
      database.db,
      { userId: anna.id, now, locale: "nl", appUrl: "https://buurt.example", onSourceError: (e) => errors.push(e) },
      [testSource, broken, testSource], // a repeated uid is listed once
    );
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    const { name, events } = parse(ics);
    expect(name).toBe("Buurtkracht");
    expect(errors).toHaveLength(1);
    expect(events.map((e) => e.uid)).toEqual(["loan-1-pickup@test", "loan-1-period@test", "project-tuin-deadline@test"]);
    const [pickup, period, deadline] = events;
    expect(pickup!.summary).toBe("Ophalen: ladder, voor anna");
    expect(pickup!.startDate.isDate).toBe(true);
    expect(pickup!.startDate.toString()).toBe("2026-12-01");
    expect(pickup!.endDate.toString()).toBe("2026-12-02"); // exclusive end of a one-day entry
    expect(period!.endDate.toString()).toBe("2026-12-04"); // last day 3 December, inclusive
    expect(deadline!.startDate.isDate).toBe(false);
    expect(deadline!.startDate.toJSDate().toISOString()).toBe("2026-12-15T22:59:00.000Z");
    expect(deadline!.description).toBe("Laatste kans, met\nregels");
    expect(deadline!.component.getFirstPropertyValue("url")).toBe("https://buurt.example/projects/tuin");
  });

  it("resolves only active, correctly signed tokens; a revoked or replaced feed is gone", async () => {
    const anna = await makeUser("anna", "en");
    const { services } = createTestServices(database, { start: now });
    const feed = await createCalendarFeed(database.db, anna.id, now);
    const token = calendarFeedToken(services.signer, feed.id);
    expect(await resolveCalendarFeed(database.db, services.signer, token)).toEqual({ userId: anna.id, locale: "en" });
    const forged = `${feed.id}.${"A".repeat(43)}`;
    for (const bad of [forged, feed.id, `${token}x`, "", null, `${token}.extra`])
      expect(await resolveCalendarFeed(database.db, services.signer, bad)).toBeNull();

    // A new link replaces the old one.
    const second = await createCalendarFeed(database.db, anna.id, now);
    expect(await resolveCalendarFeed(database.db, services.signer, token)).toBeNull();
    expect(await resolveCalendarFeed(database.db, services.signer, calendarFeedToken(services.signer, second.id))).not.toBeNull();
    expect(await revokeCalendarFeed(database.db, anna.id, now)).toBe(true);
    expect(await resolveCalendarFeed(database.db, services.signer, calendarFeedToken(services.signer, second.id))).toBeNull();
    expect(await revokeCalendarFeed(database.db, anna.id, now)).toBe(false);
  });

  it("serves the feed at /calendar.ics?token=…, and answers 404 once the link is revoked", async () => {
    const anna = await makeUser("anna");
    const { services } = createTestServices(database, { start: now });
    const context = testContext(services);
    const Cookie = await sessionCookieFor(services, anna.id, now);
    const post = (fields: Record<string, string>) =>
      settingsAction({
        request: new Request("http://localhost/settings/notifications", { method: "POST", body: new URLSearchParams(fields), headers: { Cookie } }),
        context,
        params: {},
      });

    await post({ intent: "calendar-create" });
    const page = (await settingsLoader({ request: new Request("http://localhost/settings/notifications", { headers: { Cookie } }), context, params: {} })) as {
      calendarUrl: string | null;
    };
    expect(page.calendarUrl).toMatch(/^http:\/\/localhost:3000\/calendar\.ics\?token=[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    const feedUrl = new URL(page.calendarUrl!);

    const res = (await calendarLoader({ request: new Request(`http://localhost${feedUrl.pathname}${feedUrl.search}`), context, params: {} })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const { events } = parse(await res.text());
    expect(events).toEqual([]); // no sources registered yet on this branch
    expect((await post({ intent: "calendar-revoke" })) as unknown).toMatchObject({ ok: true });
    const gone = await calendarLoader({ request: new Request(`http://localhost${feedUrl.pathname}${feedUrl.search}`), context, params: {} }).catch(
      (e: unknown) => e,
    );
    expect(gone).toBeInstanceOf(Response);
    expect((gone as Response).status).toBe(404);
  });
});
