import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import type { DatabaseHandle } from "../utils/db.server";
import { loanCalendarSource, newItemsNearMeSection, wantedNearMeSection } from "./calendar.server";
import { acceptLoanRequest, requestLoan } from "./loans.server";
import { postWanted } from "./wanted.server";

let database: DatabaseHandle;
const now = new Date("2026-05-10T08:00:00Z");
beforeAll(async () => {
  database = await createTestDatabase();
  await seedPlaces(database.db);
});
afterAll(async () => database?.close());

describe("lending in the calendar feed and the weekly digest", () => {
  it("puts pickup and return days of accepted loans in both parties' calendars", async () => {
    const db = database.db;
    const owner = await makeUser(db, { name: "Mohammed" });
    const borrower = await makeUser(db, { name: "Eva" });
    const item = await makeItem(db, owner, { title: "Partytent" });
    const r = await requestLoan(db, { itemId: item, borrowerId: borrower, startsOn: "2026-05-12", endsOn: "2026-05-13", message: "", now });
    if (!r.ok) throw new Error(r.error);
    expect(await loanCalendarSource(db, { userId: borrower, now, locale: "nl" })).toEqual([]); // only a request
    await acceptLoanRequest(db, r.loanId, { userId: owner }, now);
    expect(await loanCalendarSource(db, { userId: borrower, now, locale: "nl" })).toEqual([
      { uid: `loan-${r.loanId}-pickup@buurtkracht`, start: "2026-05-12", summary: "Partytent ophalen bij Mohammed", path: `/loans/${r.loanId}` },
      { uid: `loan-${r.loanId}-return@buurtkracht`, start: "2026-05-13", summary: "Partytent terugbrengen naar Mohammed", path: `/loans/${r.loanId}` },
    ]);
    const ownerEntries = await loanCalendarSource(db, { userId: owner, now, locale: "en" });
    expect(ownerEntries.map((e) => e.summary)).toEqual(["Lend Partytent to Eva", "Partytent comes back from Eva"]);

    const ctx = { userId: borrower, neighbourhoodId: "indische-buurt", postcode4: "1093", locale: "nl" as const, now, weekOf: "2026-05-04" };
    expect((await newItemsNearMeSection.collect(db, ctx)).map((i) => i.title)).toEqual(["Partytent"]);
    expect(await newItemsNearMeSection.collect(db, { ...ctx, userId: owner })).toEqual([]); // not your own
    await postWanted(db, {
      authorId: owner,
      post: { title: "Wie heeft er een ladder?", description: "", category: null, neededFrom: "2026-05-12", neededUntil: "2026-05-12" },
      now,
    });
    expect(await wantedNearMeSection.collect(db, ctx)).toEqual([{ title: "Wie heeft er een ladder?", path: "/wanted" }]);
  });
});
