import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCalendar } from "../notifications/calendar.server";
import { createTestDatabase, usingServer } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { listProjectShifts, listShiftVolunteers, projectNeedsSummary, volunteerRecord } from "./reads.server";
import { sendShiftReminders } from "./reminders.server";
import { addShift, cancelShift, changeOwnSignup, markAttendance } from "./shifts.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 25 });
});
afterAll(async () => database?.close());

const now = new Date("2027-06-01T10:00:00Z");
const HOUR = 3_600_000;

async function liveProject(prefix: string, people: number) {
  const [initiator, moderator, ...volunteers] = await createUsers(database.db, `${prefix}${Math.random().toString(36).slice(2, 6)}`, people + 2);
  const project = await createLiveProject(database.db, { initiatorId: initiator!, moderatorId: moderator!, now, durationDays: 30 });
  return { project, initiator: initiator!, volunteers };
}

const saturday = {
  title: "Plantenbakken bouwen",
  description: "",
  day: "2027-06-12",
  startTime: "10:00",
  endTime: "13:00",
  place: "Javaplein",
  skills: "zagen",
  needed: 2,
};

describe("volunteer shifts", () => {
  it("sign up until full, withdraw frees the place, closed within 24 hours; attendance after the start is the volunteer's record", async () => {
    const { project, initiator, volunteers } = await liveProject("sh", 3);
    const [a, b, c] = volunteers as [string, string, string];
    const added = await addShift(database.db, { projectId: project.id, actorId: initiator, shift: saturday, now });
    if (!added.ok) throw new Error(added.error);
    const needId = added.needId;
    const sign = (userId: string, type: "sign_up" | "cancel", at = now) =>
      changeOwnSignup(database.db, { projectId: project.id, needId, userId, event: { type }, now: at });

    expect(await sign(a, "sign_up")).toEqual({ ok: true });
    expect(await sign(a, "sign_up")).toEqual({ ok: false, error: "IllegalTransition" });
    expect(await sign(b, "sign_up")).toEqual({ ok: true });
    expect(await sign(c, "sign_up")).toEqual({ ok: false, error: "ShiftFull" });
    expect(await projectNeedsSummary(database.db, project.id)).toEqual({ shifts: 1, volunteersNeeded: 2, volunteersSignedUp: 2 });
    expect(await sign(b, "cancel")).toEqual({ ok: true });
    expect(await sign(c, "sign_up")).toEqual({ ok: true });
    // 10:00 Amsterdam on 12 June is 08:00 UTC; sign-up closes at 08:00 UTC on the 11th.
    const late = new Date("2027-06-11T08:30:00Z");
    expect(await sign(c, "cancel", late)).toEqual({ ok: false, error: "SignupClosed" });
    expect(await sign(b, "sign_up", late)).toEqual({ ok: false, error: "SignupClosed" });

    const shifts = await listProjectShifts(database.db, { projectId: project.id, viewerId: a, now });
    expect(shifts).toMatchObject([{ id: needId, filled: 2, needed: 2, open: true, mine: "signed_up", startsAt: new Date("2027-06-12T08:00:00Z") }]);
    const volunteersOf = (await listShiftVolunteers(database.db, project.id)).get(needId)!;
    expect(volunteersOf.map((v) => v.userId).sort()).toEqual([a, c].sort());

    // Marks only once it started; then the record counts attended shifts.
    const signupOf = (userId: string) => volunteersOf.find((v) => v.userId === userId)!.signupId;
    expect(await markAttendance(database.db, { projectId: project.id, signupId: signupOf(a), outcome: "attended", actorId: initiator, now })).toEqual({
      ok: false,
      error: "NotYetStarted",
    });
    const after = new Date("2027-06-12T11:30:00Z");
    expect(await markAttendance(database.db, { projectId: project.id, signupId: signupOf(a), outcome: "attended", actorId: initiator, now: after })).toEqual({
      ok: true,
    });
    expect(await markAttendance(database.db, { projectId: project.id, signupId: signupOf(c), outcome: "no_show", actorId: initiator, now: after })).toEqual({
      ok: true,
    });
    expect(await volunteerRecord(database.db, a)).toEqual({ attended: 1, projects: 1 });
    expect(await volunteerRecord(database.db, c)).toEqual({ attended: 0, projects: 0 });

    // Every change left an event row.
    const events = await database.db.selectFrom("need_events").select(["event", "to_status"]).where("need_id", "=", needId).orderBy("id").execute();
    expect(events.map((e) => e.event)).toEqual(["added", "sign_up", "sign_up", "cancel", "sign_up", "attended", "no_show"]);
  });

  it("a shift of another project is not found; a shift in the past is refused next to its date", async () => {
    const one = await liveProject("sx", 1);
    const two = await liveProject("sy", 1);
    const added = await addShift(database.db, { projectId: one.project.id, actorId: one.initiator, shift: saturday, now });
    if (!added.ok) throw new Error(added.error);
    expect(
      await changeOwnSignup(database.db, { projectId: two.project.id, needId: added.needId, userId: two.volunteers[0]!, event: { type: "sign_up" }, now }),
    ).toEqual({
      ok: false,
      error: "NotFound",
    });
    expect(await addShift(database.db, { projectId: one.project.id, actorId: one.initiator, shift: { ...saturday, day: "2027-05-01" }, now })).toEqual({
      ok: false,
      error: "InPast",
      field: "day",
    });
  });

  it("reminds each volunteer once the day before; a cancelled shift tells them instead; the calendar feed has the shift", async () => {
    const { project, initiator, volunteers } = await liveProject("sr", 2);
    const added = await addShift(database.db, { projectId: project.id, actorId: initiator, shift: { ...saturday, needed: 5 }, now });
    const other = await addShift(database.db, { projectId: project.id, actorId: initiator, shift: { ...saturday, title: "Opruimen", day: "2027-06-13" }, now });
    if (!added.ok || !other.ok) throw new Error("addShift");
    for (const v of volunteers) await changeOwnSignup(database.db, { projectId: project.id, needId: added.needId, userId: v, event: { type: "sign_up" }, now });
    await changeOwnSignup(database.db, { projectId: project.id, needId: other.needId, userId: volunteers[0]!, event: { type: "sign_up" }, now });

    const calendar = await buildCalendar(
      database.db,
      { userId: volunteers[0]!, locale: "nl", now, appUrl: "https://buurt.example" },
      extensions.calendarSources,
    );
    expect(calendar).toContain("Vrijwilligen: Plantenbakken bouwen");
    expect(calendar).toContain("DTSTART:20270612T080000Z");

    const dayBefore = new Date("2027-06-11T09:00:00Z");
    expect(await sendShiftReminders(database.db, new Date("2027-06-10T07:00:00Z"))).toBe(0);
    expect(await sendShiftReminders(database.db, dayBefore)).toBe(2);
    expect(await sendShiftReminders(database.db, new Date(dayBefore.getTime() + HOUR))).toBe(0);
    const reminded = await database.db
      .selectFrom("notifications")
      .select(["user_id", "data"])
      .where("kind", "=", "shift.reminder")
      .where("user_id", "in", volunteers)
      .execute();
    expect(reminded).toHaveLength(2);
    expect(reminded[0]!.data).toMatchObject({ shiftTitle: "Plantenbakken bouwen", day: "2027-06-12", time: "10:00–13:00", place: "Javaplein" });

    expect(await cancelShift(database.db, { projectId: project.id, needId: other.needId, actorId: initiator, now })).toEqual({ ok: true });
    const told = await database.db
      .selectFrom("notifications")
      .select("user_id")
      .where("kind", "=", "shift.cancelled")
      .where("user_id", "in", volunteers)
      .execute();
    expect(told.map((t) => t.user_id)).toEqual([volunteers[0]]);
    expect(await sendShiftReminders(database.db, new Date("2027-06-12T09:00:00Z"))).toBe(0);
    expect(await projectNeedsSummary(database.db, project.id)).toEqual({ shifts: 1, volunteersNeeded: 5, volunteersSignedUp: 2 });
  });
});

describe(`a shift never takes more people than it asks for (${usingServer() ? "Postgres server, parallel" : "PGlite, serialized"})`, () => {
  it("40 neighbours racing for 6 places: exactly 6 are signed up, 34 are told it is full", async () => {
    const { project, initiator, volunteers } = await liveProject("sc", 40);
    const added = await addShift(database.db, { projectId: project.id, actorId: initiator, shift: { ...saturday, needed: 6 }, now });
    if (!added.ok) throw new Error(added.error);
    const results = await Promise.all(
      volunteers.map((v) => changeOwnSignup(database.db, { projectId: project.id, needId: added.needId, userId: v, event: { type: "sign_up" }, now })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(6);
    expect(results.filter((r) => !r.ok && r.error === "ShiftFull")).toHaveLength(34);
    const row = await database.db.selectFrom("project_needs").select(["filled", "needed"]).where("id", "=", added.needId).executeTakeFirstOrThrow();
    const standing = await database.db.selectFrom("need_signups").select("id").where("need_id", "=", added.needId).where("status", "=", "signed_up").execute();
    expect(row).toEqual({ filled: 6, needed: 6 });
    expect(standing).toHaveLength(6);
  });
});
