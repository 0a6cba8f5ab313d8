import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, usingServer } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { type DatabaseHandle, isExclusionViolation, pgErrorCode } from "../utils/db.server";
import { acceptLoanRequest, requestLoan } from "./loans.server";

/**
 * No double booking under real concurrency: 20 connections to the Postgres server at once.
 * (PGlite has one connection, so it cannot race: these run only with DATABASE_URL.)
 */
describe.skipIf(!usingServer())("no double booking under concurrency (Postgres server)", () => {
  let database: DatabaseHandle;
  const now = new Date("2026-05-10T08:00:00Z");

  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 25 });
    await seedPlaces(database.db);
  });
  afterAll(async () => database?.close());

  async function twentyOverlappingRequests() {
    const owner = await makeUser(database.db, { name: "Eigenaar" });
    const itemId = await makeItem(database.db, owner, { maxLoanDays: 14 });
    const loanIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const borrower = await makeUser(database.db);
      // Every range overlaps 15 May; they start and end on different days.
      const r = await requestLoan(database.db, {
        itemId,
        borrowerId: borrower,
        startsOn: `2026-05-${String(11 + (i % 5)).padStart(2, "0")}`,
        endsOn: `2026-05-${String(15 + (i % 4)).padStart(2, "0")}`,
        message: "",
        now,
      });
      if (!r.ok) throw new Error(r.error);
      loanIds.push(r.loanId);
    }
    return { owner, itemId, loanIds };
  }

  it("20 overlapping requests accepted at the same moment: exactly one wins", async () => {
    const { owner, itemId, loanIds } = await twentyOverlappingRequests();
    const results = await Promise.all(loanIds.map((id) => acceptLoanRequest(database.db, id, { userId: owner }, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // The losers were declined by the winner's acceptance; accepting one of them says so (issue 13 §7).
    for (const r of results.filter((r) => !r.ok)) expect(["DaysTaken", "DeclinedDaysTaken"]).toContain((r as { error: string }).error);
    const states = await database.db.selectFrom("loans").select(["state"]).where("item_id", "=", itemId).execute();
    expect(states.filter((s) => s.state === "accepted")).toHaveLength(1);
    expect(states.filter((s) => s.state === "declined")).toHaveLength(19);
  });

  it("the constraint alone holds: 20 raw concurrent updates to 'accepted' (no app check, no item lock) — one succeeds", async () => {
    const { itemId, loanIds } = await twentyOverlappingRequests();
    const outcomes = await Promise.all(
      loanIds.map((id) =>
        sql`update loans set state = 'accepted' where id = ${id}`
          .execute(database.db)
          .then(() => "ok" as const)
          .catch((e: unknown) => (isExclusionViolation(e, "loans_no_overlap") ? ("excluded" as const) : e)),
      ),
    );
    // Every loser is refused by the database: by the constraint itself, or — when two of them each
    // wait on the other's uncommitted row, which a loaded machine makes likely — as a deadlock victim.
    // Either way nothing else gets through.
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "ok").map((o) => (o === "excluded" ? "excluded" : pgErrorCode(o) === "40P01" ? "deadlock" : o))).toEqual(
      Array.from({ length: 19 }, () => expect.stringMatching(/^(excluded|deadlock)$/)),
    );
    const accepted = await database.db.selectFrom("loans").select("id").where("item_id", "=", itemId).where("state", "=", "accepted").execute();
    expect(accepted).toHaveLength(1);
  });
});
