import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../wiring.server"; // registers the loan transition effects (the projection)
import { addDays, today } from "../lending/days";
import {
  acceptClaim,
  acceptLoanRequest,
  cancelLoan,
  closeLoan,
  confirmHandover,
  confirmReturn,
  declineLoanRequest,
  fileClaim,
  requestLoan,
  applyLoanEvent,
} from "../lending/loans.server";
import { createMemoryStorage } from "../storage/storage.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { verifyEmail } from "../test/reputation";
import type { DatabaseHandle } from "../utils/db.server";
import { rebuildAllRecords } from "./projection.server";
import { submitLoanReview } from "./reviews.server";

let database: DatabaseHandle;
let db: DatabaseHandle["db"];
const storage = createMemoryStorage();
const HOUR = 3_600_000;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());

const op = fc.oneof(
  fc.record({
    kind: fc.constant("request" as const),
    who: fc.integer({ min: 0, max: 2 }),
    item: fc.integer({ min: 0, max: 2 }),
    offsetDays: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({
    kind: fc.constantFrom(
      "accept" as const,
      "decline" as const,
      "handover" as const,
      "return" as const,
      "close" as const,
      "cancel" as const,
      "expire" as const,
      "overdue" as const,
      "claim" as const,
      "acceptClaim" as const,
    ),
    loan: fc.nat(),
  }),
  fc.record({
    kind: fc.constant("review" as const),
    loan: fc.nat(),
    side: fc.constantFrom("owner" as const, "borrower" as const),
    stars: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant("wait" as const), hours: fc.integer({ min: 1, max: 60 }) }),
);

/** The projection's rows without the time they were computed at. */
async function records() {
  const rows = await db.selectFrom("reputation_records").selectAll().orderBy("user_id").execute();
  return rows.map(({ computed_at: _computedAt, ...rest }) => rest);
}

describe("the projection", () => {
  it("equals a rebuild from scratch after random sequences of loan events and reviews", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 35 }), async (ops) => {
        await truncateAll(database);
        await seedPlaces(db);
        const people = [await makeUser(db, { name: "Mo" }), await makeUser(db, { name: "Eva" }), await makeUser(db, { name: "Anna" })];
        for (const p of people.slice(0, 2)) await verifyEmail(db, p);
        let now = new Date("2026-11-02T09:00:00Z");
        // Items of Mo, Eva and Mo (a deposit would need the gateway: none here).
        const items = [
          await makeItem(db, people[0]!, {}, now),
          await makeItem(db, people[1]!, {}, now),
          await makeItem(db, people[0]!, { title: "Ladder" }, now),
        ];
        const itemOwner = [people[0]!, people[1]!, people[0]!];
        const loans: { id: string; owner: string; borrower: string }[] = [];
        for (const o of ops) {
          now = new Date(now.getTime() + HOUR);
          if (o.kind === "wait") {
            now = new Date(now.getTime() + o.hours * HOUR);
            continue;
          }
          if (o.kind === "request") {
            const borrower = people[o.who]!;
            if (borrower === itemOwner[o.item]) continue;
            const startsOn = addDays(today(now), o.offsetDays);
            const r = await requestLoan(db, { itemId: items[o.item]!, borrowerId: borrower, startsOn, endsOn: addDays(startsOn, 1), message: "", now });
            if (r.ok) loans.push({ id: r.loanId, owner: itemOwner[o.item]!, borrower });
            continue;
          }
          const loan = loans[o.loan % Math.max(1, loans.length)];
          if (!loan) continue;
          const owner = { userId: loan.owner };
          const borrower = { userId: loan.borrower };
          switch (o.kind) {
            case "accept":
              await acceptLoanRequest(db, loan.id, owner, now);
              break;
            case "decline":
              await declineLoanRequest(db, loan.id, owner, now);
              break;
            case "cancel":
              await cancelLoan(db, loan.id, borrower, "Toch niet", now);
              break;
            case "handover":
              await confirmHandover(db, storage, { loanId: loan.id, by: owner, now });
              await confirmHandover(db, storage, { loanId: loan.id, by: borrower, now });
              break;
            case "return":
              await confirmReturn(db, loan.id, owner, now);
              break;
            case "close":
              await closeLoan(db, loan.id, owner, now);
              break;
            case "expire":
              await applyLoanEvent(db, loan.id, { kind: "system" }, { type: "expire" }, { now });
              break;
            case "overdue":
              await applyLoanEvent(db, loan.id, { kind: "system" }, { type: "mark_overdue" }, { now });
              break;
            case "claim":
              await fileClaim(db, storage, { loanId: loan.id, by: owner, amountCents: 0, description: "Kras", photos: [], now });
              break;
            case "acceptClaim":
              await acceptClaim(db, loan.id, borrower, now);
              break;
            case "review":
              await submitLoanReview(db, {
                loanId: loan.id,
                reviewerId: o.side === "owner" ? loan.owner : loan.borrower,
                stars: o.stars,
                body: "",
                answer: true,
                now,
              });
              break;
          }
        }
        const projected = await records();
        await sql`delete from reputation_records`.execute(db);
        await rebuildAllRecords(db, now);
        const rebuilt = (await records()).filter((r) => projected.some((p) => p.user_id === r.user_id) || hasAnything(r));
        expect(projected).toEqual(rebuilt);
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});

/** A rebuilt row for a member nothing happened to is all zeros; the projection simply has no row for them. */
function hasAnything(r: Record<string, unknown>): boolean {
  return Object.entries(r).some(([k, v]) => k !== "user_id" && v !== 0 && v !== null);
}
