import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmPledgeIntent, openPledgeIntent } from "../pledges/intents.server";
import { pledgeToProject } from "../pledges/pledges.server";
import { createTestDatabase } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import "../wiring.server"; // registers the needs' part of the pledge form
import { addNeed } from "./offers.server";
import { addShift, changeOwnSignup } from "./shifts.server";

/** Issue 11, "one form": money, shifts and a thing in one step — all of it saved, or none of it. */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const now = new Date("2027-06-01T10:00:00Z");
const shift = (title: string, needed: number) => ({
  title,
  description: "",
  day: "2027-06-12",
  startTime: "10:00",
  endTime: "13:00",
  place: "Javaplein",
  skills: "",
  needed,
});

async function setup() {
  const [initiator, moderator, backer, other] = await createUsers(database.db, `cp${Math.random().toString(36).slice(2, 6)}`, 4);
  const project = await createLiveProject(database.db, { initiatorId: initiator!, moderatorId: moderator!, now, durationDays: 30 });
  const ids = async (r: Promise<{ ok: true; needId: string } | { ok: false; error: string }>) => {
    const x = await r;
    if (!x.ok) throw new Error(x.error);
    return x.needId;
  };
  const build = await ids(addShift(database.db, { projectId: project.id, actorId: initiator!, shift: shift("Bouwen", 3), now }));
  const paint = await ids(addShift(database.db, { projectId: project.id, actorId: initiator!, shift: shift("Verven", 1), now }));
  const trailer = await ids(
    addNeed(database.db, {
      projectId: project.id,
      actorId: initiator!,
      need: { kind: "item", title: "Aanhanger", description: "", neededOn: null, needed: 1 },
      now,
    }),
  );
  return { project, backer: backer!, other: other!, build, paint, trailer };
}

const pledge = (projectId: string, backerId: string, token: string, amountCents = 2_500) => ({
  projectId,
  backerId,
  amountCents,
  tierId: null,
  message: "",
  visibility: "initiator" as const,
  token,
  paymentMethodRef: "pm_saved",
  now,
});

async function given(projectId: string, userId: string) {
  const pledges = await database.db.selectFrom("pledges").select("amount_cents").where("project_id", "=", projectId).where("backer_id", "=", userId).execute();
  const signups = await database.db
    .selectFrom("need_signups as s")
    .innerJoin("project_needs as n", "n.id", "s.need_id")
    .select(["n.title", "s.status", "s.note"])
    .where("n.project_id", "=", projectId)
    .where("s.user_id", "=", userId)
    .orderBy("n.title")
    .execute();
  const filled = await database.db.selectFrom("project_needs").select(["title", "filled"]).where("project_id", "=", projectId).orderBy("title").execute();
  const events = await database.db
    .selectFrom("need_events as e")
    .innerJoin("project_needs as n", "n.id", "e.need_id")
    .select("e.event")
    .where("n.project_id", "=", projectId)
    .where("e.actor_id", "=", userId)
    .execute();
  return { pledges: pledges.length, signups, filled, events: events.length };
}

describe("the pledge form: money, time and a thing in one step", () => {
  it("a pledge with two shifts and a thing offered saves all of it, with its events; the same form sent twice gives nothing twice", async () => {
    const { project, backer, build, paint, trailer } = await setup();
    const t1 = randomUUID();
    const companions = { needs: { shiftIds: [build, paint], offer: { needId: trailer, note: "Staat in mijn schuur" } } };
    const made = await pledgeToProject(database.db, { ...pledge(project.id, backer, t1), companions });
    expect(made).toMatchObject({ ok: true, duplicate: false });
    const after = await given(project.id, backer);
    expect(after).toMatchObject({
      pledges: 1,
      signups: [
        { title: "Aanhanger", status: "offered", note: "Staat in mijn schuur" },
        { title: "Bouwen", status: "signed_up" },
        { title: "Verven", status: "signed_up" },
      ],
      filled: [
        { title: "Aanhanger", filled: 0 },
        { title: "Bouwen", filled: 1 },
        { title: "Verven", filled: 1 },
      ],
      events: 3,
    });
    expect(await pledgeToProject(database.db, { ...pledge(project.id, backer, t1), companions })).toMatchObject({ ok: true, duplicate: true });
    expect(await given(project.id, backer)).toEqual(after);
  });

  it("a full shift saves nothing: no pledge, no other sign-up, no offer; the error names that shift", async () => {
    const { project, backer, other, build, paint, trailer } = await setup();
    expect(await changeOwnSignup(database.db, { projectId: project.id, needId: paint, userId: other, event: { type: "sign_up" }, now })).toEqual({ ok: true });
    const made = await pledgeToProject(database.db, {
      ...pledge(project.id, backer, randomUUID()),
      companions: { needs: { shiftIds: [build, paint], offer: { needId: trailer, note: "" } } },
    });
    expect(made).toEqual({ ok: false, error: "CompanionFailed", errors: { [`shift:${paint}`]: "needs.error.ShiftFull" } });
    expect(await given(project.id, backer)).toMatchObject({ pledges: 0, signups: [], events: 0 });
    expect((await given(project.id, backer)).filled).toEqual([
      { title: "Aanhanger", filled: 0 },
      { title: "Bouwen", filled: 0 },
      { title: "Verven", filled: 1 },
    ]);
  });

  it("a pledge that breaks its own rule saves no sign-up either; a shift of another project is refused", async () => {
    const { project, backer, build } = await setup();
    const elsewhere = await setup();
    expect(
      await pledgeToProject(database.db, { ...pledge(project.id, backer, randomUUID(), 10), companions: { needs: { shiftIds: [build], offer: null } } }),
    ).toMatchObject({ ok: false, error: "BelowMinimum" });
    expect(
      await pledgeToProject(database.db, { ...pledge(project.id, backer, randomUUID()), companions: { needs: { shiftIds: [elsewhere.build], offer: null } } }),
    ).toEqual({ ok: false, error: "CompanionFailed", errors: { [`shift:${elsewhere.build}`]: "needs.error.NotFound" } });
    expect(await given(project.id, backer)).toMatchObject({ pledges: 0, signups: [], events: 0 });
  });

  it("with a new card: checked before the backer leaves, given only when the pledge is made — and not at all if a shift filled meanwhile", async () => {
    const { project, backer, other, build, paint } = await setup();
    const intent = (token: string, shiftIds: string[]) =>
      openPledgeIntent(database.db, {
        projectId: project.id,
        backerId: backer,
        amountCents: 2_500,
        tierId: null,
        message: "",
        visibility: "initiator",
        token,
        platformFeeBps: 0,
        companions: { needs: { shiftIds, offer: null } },
        now,
      });
    // Asked: nothing is taken yet, so the places stay free for others meanwhile.
    const opened = await intent(randomUUID(), [build, paint]);
    if (!opened.ok) throw new Error(opened.error);
    expect(await given(project.id, backer)).toMatchObject({ pledges: 0, signups: [] });
    // Someone else takes the last place of "Verven" before the card is saved: nothing is given.
    expect(await changeOwnSignup(database.db, { projectId: project.id, needId: paint, userId: other, event: { type: "sign_up" }, now })).toEqual({ ok: true });
    // Asking again now is refused next to the shift, before leaving.
    expect(await intent(randomUUID(), [build, paint])).toEqual({
      ok: false,
      error: "CompanionFailed",
      errors: { [`shift:${paint}`]: "needs.error.ShiftFull" },
    });
    const confirmed = await confirmPledgeIntent(database.db, { intentId: opened.intent.id, paymentMethodId: "pm_new", now });
    expect(confirmed).toMatchObject({ status: "failed", error: "CompanionFailed", pledgeId: null });
    expect(await given(project.id, backer)).toMatchObject({ pledges: 0, signups: [] });

    // A fresh try with a place free: the pledge and the sign-up come together when the card is saved.
    const again = await intent(randomUUID(), [build]);
    if (!again.ok) throw new Error(again.error);
    expect(await confirmPledgeIntent(database.db, { intentId: again.intent.id, paymentMethodId: "pm_new", now })).toMatchObject({ status: "confirmed" });
    expect(await given(project.id, backer)).toMatchObject({ pledges: 1, signups: [{ title: "Bouwen", status: "signed_up" }] });
  });
});
