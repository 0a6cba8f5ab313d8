import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/db";
import type { DatabaseHandle } from "../utils/db.server";
import { seedDemo, seedIfEmpty } from "./seed.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe("the demo seed", () => {
  it("loads a neighbourhood with roles, and is idempotent", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    expect(await seedIfEmpty(database.db, { now })).toBe(true);
    const count = async () => {
      const rows = await sql<{ t: string; n: number }>`
        select 'users' as t, count(*) as n from users union all
        select 'neighbourhoods', count(*) from neighbourhoods union all
        select 'postcode_areas', count(*) from postcode_areas`.execute(database.db);
      return Object.fromEntries(rows.rows.map((r) => [r.t, r.n]));
    };
    const first = await count();
    expect(first.neighbourhoods).toBe(3);
    expect(first.users).toBeGreaterThanOrEqual(12);
    const roles = await database.db.selectFrom("users").select(["role", "account_type"]).execute();
    expect(roles.some((r) => r.role === "moderator")).toBe(true);
    expect(roles.some((r) => r.role === "admin")).toBe(true);
    expect(roles.some((r) => r.account_type === "organisation")).toBe(true);
    // More than money (issue 11): the garden asks for time, things (found: one offered, one lent from the library; a soup pan still wanted) and a skill.
    const needs = await database.db.selectFrom("project_needs").select(["kind", "title", "needed", "filled"]).orderBy("kind").orderBy("title").execute();
    expect(needs.map((n) => [n.kind, n.filled >= n.needed ? "found" : "wanted"])).toEqual([
      ["item", "found"],
      ["item", "wanted"],
      ["item", "found"],
      ["shift", "wanted"],
      ["shift", "wanted"],
      ["shift", "wanted"],
      ["skill", "wanted"],
    ]);
    // The planks are found through their library loan (app/needs/loan-needs.server.ts).
    const planks = await database.db.selectFrom("need_signups as s").innerJoin("loans as l", "l.id", "s.loan_id").select(["s.status", "l.state"]).execute();
    expect(planks).toEqual([{ status: "accepted", state: "accepted" }]);
    // Reputation (issue 12): both sides of four closed loans reviewed (published), and records to show.
    const reviewCount = async () => (await database.db.selectFrom("reviews").select("id").execute()).length;
    expect(await reviewCount()).toBe(8);
    const mohammed = await database.db
      .selectFrom("reputation_records as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["r.loans_lent", "r.reviews_counted", "r.trust_level"])
      .where("u.email", "=", "mohammed@demo.buurtkracht.nl")
      .executeTakeFirstOrThrow();
    expect(mohammed.loans_lent).toBeGreaterThanOrEqual(2);
    expect(mohammed.reviews_counted).toBeGreaterThanOrEqual(2);
    expect(mohammed.trust_level).toBeGreaterThanOrEqual(1);
    // Members since their own day, before anything they did (issue 13 §20: not all "Lid sinds" today).
    const early = await sql<{ email: string; created_at: Date; first: Date | null }>`
      select u.email, u.created_at, least(
        (select min(e.occurred_at) from loan_events e where e.actor_id = u.id),
        (select min(p.created_at) from projects p where p.initiator_id = u.id),
        (select min(i.created_at) from items i where i.owner_id = u.id)
      ) as first
      from users u`.execute(database.db);
    expect(early.rows.filter((r) => r.first && r.created_at > r.first).map((r) => r.email)).toEqual([]);
    expect(new Set(early.rows.map((r) => r.created_at.toISOString().slice(0, 10))).size).toBeGreaterThan(5);
    expect(early.rows.every((r) => r.created_at < now)).toBe(true);
    await seedDemo(database.db, { now });
    expect(await seedIfEmpty(database.db, { now })).toBe(false);
    expect(await reviewCount()).toBe(8);
    expect(await database.db.selectFrom("project_needs").select("id").execute()).toHaveLength(7);
    expect(await count()).toEqual(first);
  });
});

describe("the demo's matching (issue 11)", () => {
  it("the municipality's pool matches Indische Buurt projects; the ledger verifies", async () => {
    const { verifyLedger } = await import("../ledger/verify.server");
    const { extensions } = await import("../wiring.server");
    const rows = await database.db
      .selectFrom("pool_matches as m")
      .innerJoin("matching_pools as mp", "mp.id", "m.pool_id")
      .innerJoin("projects as p", "p.id", "m.project_id")
      .select(["mp.name", "p.slug", "p.neighbourhood_id", "m.cents", "m.status"])
      .where("m.cents", ">", 0)
      .execute();
    expect(rows.some((r) => r.name === "Buurtbudget Indische Buurt")).toBe(true);
    expect(rows.every((r) => r.neighbourhood_id === "indische-buurt")).toBe(true);
    const report = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });

  it("the ongoing Buurtkeuken has two monthly givers with three paid months each, every one a journal (issue 16)", async () => {
    const gifts = await database.db
      .selectFrom("recurring_gifts as g")
      .innerJoin("projects as p", "p.id", "g.project_id")
      .select(["g.status", "p.funding_model", "p.ends_at"])
      .where("p.slug", "=", "buurtkeuken-oude-noorden")
      .execute();
    expect(gifts).toEqual([
      { status: "active", funding_model: "ongoing", ends_at: null },
      { status: "active", funding_model: "ongoing", ends_at: null },
    ]);
    const paid = await database.db
      .selectFrom("recurring_gift_payments as m")
      .innerJoin("recurring_gifts as g", "g.id", "m.gift_id")
      .select("m.id")
      .where("m.status", "=", "paid")
      .where("g.project_id", "is not", null)
      .execute();
    const journals = await database.db
      .selectFrom("ledger_journals")
      .select("id")
      .where("kind", "=", "recurring.paid")
      .where(sql<boolean>`refs ? 'projectId'`)
      .execute();
    expect(paid).toHaveLength(6);
    expect(journals).toHaveLength(6);
    // Each month's fees, and the last month that is over paid out to Fatma; the project keeps running (decision 079).
    const fees = await database.db
      .selectFrom("ledger_journals")
      .select("id")
      .where("kind", "=", "fee.processing")
      .where(sql<boolean>`refs ? 'giftId' and refs ? 'projectId'`)
      .execute();
    expect(fees).toHaveLength(6);
    const payouts = await database.db
      .selectFrom("payouts as po")
      .innerJoin("projects as p", "p.id", "po.project_id")
      .select(["po.status", "po.period", "p.status as project"])
      .where("p.slug", "=", "buurtkeuken-oude-noorden")
      .execute();
    expect(payouts).toEqual([{ status: "paid", period: expect.stringMatching(/^\d{4}-\d{2}$/), project: "live" }]);
  });

  it("Wijkfonds Oost has a neighbourhood fund with two monthly givers, two paid months each in the fund's account (decision 080)", async () => {
    const org = await database.db.selectFrom("organisations").select("id").where("slug", "=", "wijkfonds-oost").executeTakeFirstOrThrow();
    const gifts = await database.db.selectFrom("recurring_gifts").select("status").where("organisation_id", "=", org.id).execute();
    expect(gifts).toEqual([{ status: "active" }, { status: "active" }]);
    const cash = await database.db
      .selectFrom("ledger_entries")
      .select((eb) => eb.fn.sum<number>("amount_cents").as("cents"))
      .where("account", "=", `organisation_fund:${org.id}`)
      .where("book", "=", "cash")
      .executeTakeFirstOrThrow();
    // € 60 in gifts less each month's card fee, booked out of the fund (decision 079).
    const fees = await database.db
      .selectFrom("ledger_entries as e")
      .innerJoin("ledger_journals as j", "j.id", "e.journal_id")
      .select((eb) => eb.fn.sum<number>("e.amount_cents").as("cents"))
      .where("e.account", "=", `organisation_fund:${org.id}`)
      .where("j.kind", "like", "fee.%")
      .executeTakeFirstOrThrow();
    expect(Number(fees.cents)).toBeLessThan(0);
    expect(Number(cash.cents)).toBe(6_000 + Number(fees.cents));
  });
});
