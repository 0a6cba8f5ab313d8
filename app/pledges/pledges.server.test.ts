import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, truncateAll } from "../test/db";
import { createLiveProject, createUsers, recomputedTotals } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import {
  cancelPledge,
  changePledge,
  fundingSeries,
  listBackersForInitiator,
  listPledgesOfBacker,
  listPublicBackers,
  pledgeToProject,
  type PledgeRequest,
  tierTotals,
} from "./pledges.server";

let database: DatabaseHandle;
let anna: string;
let kees: string;
let backers: string[];
const now = new Date("2026-12-01T10:00:00Z");
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  [anna] = (await createUsers(database.db, "initiator", 1)) as [string];
  [kees] = (await createUsers(database.db, "moderator", 1, "moderator")) as [string];
  backers = await createUsers(database.db, "backer", 5);
});

let tokenN = 0;
const pledge = (projectId: string, backerId: string, patch: Partial<PledgeRequest> = {}) =>
  pledgeToProject(database.db, {
    projectId,
    backerId,
    amountCents: 2_500,
    tierId: null,
    message: "",
    visibility: "initiator",
    token: `token-${++tokenN}-abcdef`,
    paymentMethodRef: "pm_saved",
    now,
    ...patch,
  });

describe("pledging", () => {
  it("saves a pledge, moves the totals in the same transaction, and writes an event", async () => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now });
    const result = await pledge(p.id, backers[0]!, { amountCents: 1_250 });
    expect(result).toMatchObject({ ok: true, duplicate: false, chargeAttemptId: null });
    expect(await recomputedTotals(database.db, p.id)).toEqual({
      maintained: { pledged: 1_250, collected: 0, backers: 1 },
      recomputed: { pledged: 1_250, collected: 0, backers: 1 },
    });
    const events = await database.db.selectFrom("pledge_events").select(["event", "from_status", "to_status", "pledged_delta_cents"]).execute();
    expect(events).toEqual([{ event: "saved", from_status: null, to_status: "active", pledged_delta_cents: 1_250 }]);
  });

  it("a double submit with the same form token creates one pledge", async () => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now });
    const first = await pledge(p.id, backers[0]!, { token: "same-token-123" });
    const again = await pledge(p.id, backers[0]!, { token: "same-token-123", amountCents: 9_999 });
    const both = await Promise.all([pledge(p.id, backers[1]!, { token: "race-token-123" }), pledge(p.id, backers[1]!, { token: "race-token-123" })]);
    expect(first.ok && again.ok && again.pledgeId === first.pledgeId && again.duplicate).toBe(true);
    expect(both.filter((r) => r.ok).length).toBe(2);
    expect(new Set(both.map((r) => (r.ok ? r.pledgeId : null))).size).toBe(1);
    expect((await recomputedTotals(database.db, p.id)).maintained).toEqual({ pledged: 5_000, collected: 0, backers: 2 });
  });

  it.each([
    ["below €1", { amountCents: 99 }, "BelowMinimum"],
    ["above €10,000", { amountCents: 1_000_001 }, "AboveMaximum"],
    ["without a saved payment method", { paymentMethodRef: null }, "NoPaymentMethod"],
    ["on a tier of another project", { tierId: "00000000-0000-4000-8000-000000000000" }, "TierNotFound"],
    ["after the deadline", { now: hours(30 * 24) }, "DeadlinePassed"],
  ] as const)("refuses a pledge %s and writes nothing", async (_name, patch, error) => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now });
    expect(await pledge(p.id, backers[0]!, patch)).toEqual({ ok: false, error });
    expect(await database.db.selectFrom("pledges").select("id").execute()).toEqual([]);
    expect((await recomputedTotals(database.db, p.id)).maintained).toEqual({ pledged: 0, collected: 0, backers: 0 });
  });

  it("refuses below the tier minimum, the initiator's own pledge, a project not yet live, and a second pledge", async () => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now, tiers: [{ title: "Tegel", minCents: 5_000, quantity: null }] });
    expect(await pledge(p.id, backers[0]!, { tierId: p.tierIds[0]!, amountCents: 4_999 })).toEqual({ ok: false, error: "BelowTierMinimum" });
    expect(await pledge(p.id, anna)).toEqual({ ok: false, error: "OwnProject" });
    const approved = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now, launch: false });
    expect(await pledge(approved.id, backers[0]!)).toEqual({ ok: false, error: "ProjectNotLive" });
    const first = await pledge(p.id, backers[0]!);
    expect(await pledge(p.id, backers[0]!)).toEqual({ ok: false, error: "AlreadyPledged", pledgeId: first.ok ? first.pledgeId : "" });
  });
});

describe("changing and cancelling", () => {
  it("raise, lower, change tier, cancel — totals and places follow", async () => {
    const p = await createLiveProject(database.db, {
      initiatorId: anna,
      moderatorId: kees,
      now,
      tiers: [
        { title: "Klein", minCents: 1_000, quantity: 1 },
        { title: "Groot", minCents: 5_000, quantity: 2 },
      ],
    });
    const [small, big] = p.tierIds as [string, string];
    const made = await pledge(p.id, backers[0]!, { tierId: small, amountCents: 1_000 });
    if (!made.ok) throw new Error(made.error);
    const id = made.pledgeId;
    const change = (patch: Partial<Parameters<typeof changePledge>[1]>) =>
      changePledge(database.db, {
        pledgeId: id,
        backerId: backers[0]!,
        amountCents: 1_000,
        tierId: small,
        message: "",
        visibility: "initiator",
        now,
        ...patch,
      });
    const places = async () =>
      (await database.db.selectFrom("reward_tiers").select(["title", "claimed"]).orderBy("min_cents").execute()).map((t) => `${t.title}:${t.claimed}`);

    expect(await places()).toEqual(["Klein:1", "Groot:0"]);
    expect(await pledge(p.id, backers[1]!, { tierId: small, amountCents: 1_000 })).toEqual({ ok: false, error: "SoldOut" });
    expect(await change({ amountCents: 3_000 })).toEqual({ ok: true });
    expect(await change({ tierId: big, amountCents: 4_000 })).toEqual({ ok: false, error: "BelowTierMinimum" });
    expect(await change({ tierId: big, amountCents: 6_000 })).toEqual({ ok: true });
    expect(await places()).toEqual(["Klein:0", "Groot:1"]);
    expect(await pledge(p.id, backers[1]!, { tierId: small, amountCents: 1_000 })).toMatchObject({ ok: true });
    expect(await change({ tierId: small, amountCents: 6_000 })).toEqual({ ok: false, error: "SoldOut" });
    expect(await places()).toEqual(["Klein:1", "Groot:1"]);
    expect(await change({ tierId: null, amountCents: 500 })).toEqual({ ok: true });
    expect(await places()).toEqual(["Klein:1", "Groot:0"]);
    expect(
      await changePledge(database.db, { pledgeId: id, backerId: backers[2]!, amountCents: 100, tierId: null, message: "", visibility: "public", now }),
    ).toEqual({
      ok: false,
      error: "NotFound",
    });
    expect(await cancelPledge(database.db, { pledgeId: id, backerId: backers[0]!, now })).toEqual({ ok: true });
    expect(await cancelPledge(database.db, { pledgeId: id, backerId: backers[0]!, now })).toEqual({ ok: false, error: "PledgeNotActive" });
    // After a cancel the backer may pledge again.
    expect(await pledge(p.id, backers[0]!, { amountCents: 700 })).toMatchObject({ ok: true });
    expect(await recomputedTotals(database.db, p.id)).toEqual({
      maintained: { pledged: 1_700, collected: 0, backers: 2 },
      recomputed: { pledged: 1_700, collected: 0, backers: 2 },
    });
    const series = await fundingSeries(database.db, p.id);
    expect(series.map((s) => s.pledgedCents)).toEqual([1_000, 3_000, 6_000, 7_000, 1_500, 1_000, 1_700]);
    const history = await database.db.selectFrom("pledge_events").select(["event", "to_status"]).where("pledge_id", "=", id).orderBy("id").execute();
    expect(history.map((h) => h.event)).toEqual(["saved", "change", "change", "change", "cancel"]);
  });

  it("in the last 24 hours, refuses a change that would pull a funded all-or-nothing project under its goal", async () => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now, durationDays: 2, goalCents: 10_000 });
    const a = await pledge(p.id, backers[0]!, { amountCents: 6_000 });
    const b = await pledge(p.id, backers[1]!, { amountCents: 4_000 });
    if (!a.ok || !b.ok) throw new Error("setup");
    const lastDay = hours(25);
    const lower = (amountCents: number, at: Date) =>
      changePledge(database.db, { pledgeId: a.pledgeId, backerId: backers[0]!, amountCents, tierId: null, message: "", visibility: "initiator", now: at });
    expect(await lower(5_000, hours(23))).toEqual({ ok: true });
    expect(await lower(6_000, hours(23))).toEqual({ ok: true });
    expect(await lower(5_999, lastDay)).toEqual({ ok: false, error: "WouldDropBelowGoal" });
    expect(await cancelPledge(database.db, { pledgeId: b.pledgeId, backerId: backers[1]!, now: lastDay })).toEqual({ ok: false, error: "WouldDropBelowGoal" });
    // Another backer raising first makes room.
    expect(await pledge(p.id, backers[2]!, { amountCents: 1_000, now: lastDay })).toMatchObject({ ok: true });
    expect(await lower(5_000, lastDay)).toEqual({ ok: true });
    expect(await lower(9_000, lastDay)).toEqual({ ok: true });
    expect(await lower(1_000, hours(48))).toEqual({ ok: false, error: "DeadlinePassed" });
  });

  it("keep-what-you-raise pledges are charged at pledge time and cannot be changed afterwards", async () => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now, fundingModel: "keep_what_you_raise" });
    const made = await pledge(p.id, backers[0]!);
    expect(made).toMatchObject({ ok: true, chargeAttemptId: expect.any(String) });
    const attempts = await database.db.selectFrom("pledge_payment_attempts").select(["kind", "reason", "status", "idempotency_key", "amount_cents"]).execute();
    expect(attempts).toEqual([
      { kind: "charge", reason: "pledge", status: "pending", idempotency_key: `pledge:${made.ok ? made.pledgeId : ""}:charge:1`, amount_cents: 2_500 },
    ]);
    expect(await cancelPledge(database.db, { pledgeId: made.ok ? made.pledgeId : "", backerId: backers[0]!, now })).toEqual({
      ok: false,
      error: "PledgeNotActive",
    });
  });
});

describe("privacy", () => {
  it("the public sees names only of backers who chose so and never amounts; the initiator sees names unless anonymous", async () => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now });
    await pledge(p.id, backers[0]!, { visibility: "public", message: "Succes!" });
    await pledge(p.id, backers[1]!, { visibility: "initiator" });
    await pledge(p.id, backers[2]!, { visibility: "anonymous", amountCents: 9_900 });
    const publicList = await listPublicBackers(database.db, p.id);
    expect(publicList.map((b) => b.name).sort()).toEqual(["backer 0", null, null]);
    expect(JSON.stringify(publicList)).not.toMatch(/2500|9900|amount/);
    const initiatorList = await listBackersForInitiator(database.db, p.id);
    expect(initiatorList.map((b) => [b.name, b.amountCents]).sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      ["backer 0", 2_500],
      ["backer 1", 2_500],
      [null, 9_900],
    ]);
    expect(await tierTotals(database.db, p.id)).toEqual([{ tierId: null, title: null, backers: 3, pledgedCents: 14_900, collectedCents: 0 }]);
    expect((await listPledgesOfBacker(database.db, backers[2]!, now)).map((x) => [x.amountCents, x.status, x.changeable])).toEqual([[9_900, "active", true]]);
  });
});
