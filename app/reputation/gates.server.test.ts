import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import "../wiring.server"; // registers the trust gates with lending and projects
import { addDays, today } from "../lending/days";
import { createItem } from "../lending/items.server";
import { requestLoan } from "../lending/loans.server";
import { createMemoryStorage } from "../storage/storage.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { itemInput, makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { completeLoan, verifyEmail } from "../test/reputation";
import type { DatabaseHandle } from "../utils/db.server";
import { getTrustLevel } from "./projection.server";

/**
 * The trust gates end to end (docs/reputation.md): the loan opening asks them through the
 * extension point, and the answer is the stored level against the one rules table.
 */
let database: DatabaseHandle;
let db: DatabaseHandle["db"];
const storage = createMemoryStorage();
const T0 = new Date("2026-10-01T08:00:00Z");
const DAY = 86_400_000;
let owner: string;
let newcomer: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await seedPlaces(db);
  owner = await makeUser(db, { name: "Mohammed" });
  newcomer = await makeUser(db, { name: "Eva" });
  for (const u of [owner, newcomer]) await verifyEmail(db, u);
});

const ask = (itemId: string, borrowerId: string, now: Date) => {
  const startsOn = addDays(today(now), 1);
  return requestLoan(db, { itemId, borrowerId, startsOn, endsOn: addDays(startsOn, 1), message: "", now });
};
const loanCount = async () => (await db.selectFrom("loans").select("id").execute()).length;

/** `n` real loans of a free item from the owner, each returned on time: the borrower's record. */
async function history(borrowerId: string, n: number): Promise<Date> {
  const free = await makeItem(db, owner, { title: "Ladder" }, T0);
  let start = T0;
  for (let i = 0; i < n; i++) {
    await completeLoan(db, storage, { itemId: free, ownerId: owner, borrowerId, start, days: 1 });
    start = new Date(start.getTime() + 3 * DAY);
  }
  return start;
}

describe("borrowing gates", () => {
  it("a new member (level 0) may not ask for an item worth over €100 or with a deposit over €50; nothing is written", async () => {
    const now = new Date(T0.getTime() + DAY);
    expect(await getTrustLevel(db, newcomer)).toBe(0);
    const valuable = await makeItem(db, owner, { replacementValueCents: 100_01 }, T0);
    const deposit = await makeItem(db, owner, { depositCents: 50_01 }, T0);
    const fine = await makeItem(db, owner, { replacementValueCents: 100_00, depositCents: 50_00 }, T0);
    expect(await ask(valuable, newcomer, now)).toEqual({ ok: false, error: "TrustTooLowForValue" });
    expect(await ask(deposit, newcomer, now)).toEqual({ ok: false, error: "TrustTooLowForDeposit" });
    expect(await loanCount()).toBe(0);
    expect(await ask(fine, newcomer, now)).toMatchObject({ ok: true });
  });

  it("an owner's minimum level holds until the borrower has earned it", async () => {
    const gated = await makeItem(db, owner, { minTrustLevel: 1 }, T0);
    expect(await ask(gated, newcomer, new Date(T0.getTime() + DAY))).toEqual({ ok: false, error: "TrustBelowItemMinimum" });
    const after = await history(newcomer, 1);
    expect(await getTrustLevel(db, newcomer)).toBe(1);
    expect(await ask(gated, newcomer, after)).toMatchObject({ ok: true });
  });

  it("waives the deposit (no hold) for a trusted borrower (level 2) when the owner chose it, and only then", async () => {
    const waived = await makeItem(db, owner, { title: "Partytent", depositCents: 40_00, waiveDepositTrusted: true }, T0);
    const kept = await makeItem(db, owner, { title: "Steekwagen", depositCents: 40_00 }, T0);
    const neighbour = await makeUser(db, { name: "Anna" });
    await verifyEmail(db, neighbour);
    const after = await history(newcomer, 5);
    expect(await getTrustLevel(db, newcomer)).toBe(2);
    await history(neighbour, 1);
    expect(await getTrustLevel(db, neighbour)).toBe(1);

    const trusted = await ask(waived, newcomer, after);
    const untrusted = await ask(waived, neighbour, after);
    const notOffered = await ask(kept, newcomer, after);
    const deposit = async (r: Awaited<ReturnType<typeof ask>>) =>
      r.ok ? (await db.selectFrom("loans").select("deposit_cents").where("id", "=", r.loanId).executeTakeFirstOrThrow()).deposit_cents : null;
    expect(await deposit(trusted)).toBe(0);
    expect(await deposit(untrusted)).toBe(40_00);
    expect(await deposit(notOffered)).toBe(40_00);
  });
});

describe("the item form's trust options", () => {
  it("refuses a waiver on a deposit over €50, next to the option", async () => {
    const result = await createItem(db, storage, { ownerId: owner, item: itemInput({ depositCents: 50_01, waiveDepositTrusted: true }), photos: [], now: T0 });
    expect(result).toEqual({ ok: false, field: "waiveDepositTrusted", error: "TrustWaiverTooHigh" });
  });
});
