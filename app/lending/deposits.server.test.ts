import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { balanceOf, listJournals } from "../ledger/ledger.server";
import { CARD } from "../payments/simulated/testing.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { getDeposit } from "./deposit-records.server";
import { depositsMatchLedger } from "./ledger-checks.server";
import { confirmHandoverWithDeposit, settleDeposit, settleDueDeposits, startDepositSetup } from "./deposits.server";
import {
  acceptClaim,
  acceptLoanRequest,
  answerExtension,
  cancelLoan,
  closeLoan,
  confirmReturn,
  decideClaim,
  fileClaim,
  getLoan,
  requestExtension,
  requestLoan,
} from "./loans.server";
import sharp from "sharp";

let database: DatabaseHandle;
const T0 = new Date("2026-05-10T08:00:00Z"); // Sunday 10:00 in Amsterdam
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

let ctx: ReturnType<typeof createTestServices>;
let owner: string;
let borrower: string;
let moderator: string;
const people: Record<string, { id: string; email: string; displayName: string }> = {};

beforeEach(async () => {
  await truncateAll(database);
  await seedPlaces(database.db);
  ctx = createTestServices(database, { start: T0 });
  owner = await makeUser(database.db, { name: "Mohammed" });
  borrower = await makeUser(database.db, { name: "Eva" });
  moderator = await makeUser(database.db, { name: "Kees", role: "moderator" });
  for (const id of [owner, borrower]) {
    const u = await database.db.selectFrom("users").select(["id", "email", "display_name"]).where("id", "=", id).executeTakeFirstOrThrow();
    people[id] = { id: u.id, email: u.email, displayName: u.display_name };
  }
});

const now = () => ctx.clock.now();
const photo = () =>
  sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 90, g: 20, b: 20 } } })
    .jpeg()
    .toBuffer();

/** An accepted loan of an item with a € 50 deposit. */
async function acceptedLoan(startsOn: string, endsOn: string, maxLoanDays = 14) {
  const itemId = await makeItem(database.db, owner, { depositCents: 5000, maxLoanDays });
  const r = await requestLoan(database.db, { itemId, borrowerId: borrower, startsOn, endsOn, message: "", now: now() });
  if (!r.ok) throw new Error(r.error);
  expect((await acceptLoanRequest(database.db, r.loanId, { userId: owner }, now())).ok).toBe(true);
  return r.loanId;
}

/** The borrower goes through the hosted page with a test card (the simulated gateway's own page logic). */
async function arrangeWithCard(loanId: string, number: string = CARD.succeeds) {
  const started = await startDepositSetup(ctx.services, { loanId, user: people[borrower]!, locale: "nl", now: now() });
  expect(started).toMatchObject({ ok: true });
  const deposit = await getDeposit(database.db, loanId);
  const result = await ctx.gateway.hosted.submitCard(deposit!.setupSessionId!, { number, expMonth: 12, expYear: 2099, cvc: "123" });
  expect(result.ok).toBe(true);
}

async function handover(loanId: string) {
  const first = await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: owner }, now: now() });
  expect(first).toMatchObject({ ok: true, to: "accepted" });
  return confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: borrower }, now: now() });
}

const commitment = (account: string) => balanceOf(database.db, account, { book: "commitment" });
const cash = (account: string) => balanceOf(database.db, account);

describe("deposits: the hold path (return within 5 days of pickup)", () => {
  it("is arranged after acceptance, held at pickup, and released after a clean return", async () => {
    const loanId = await acceptedLoan("2026-05-10", "2026-05-12");
    expect(await getDeposit(database.db, loanId)).toMatchObject({ path: "hold", state: "awaiting_method", amountCents: 5000 });
    // No handover without the deposit.
    await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: owner }, now: now() });
    expect(await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: borrower }, now: now() })).toEqual({ ok: false, error: "DepositNotReady" });
    expect(await startDepositSetup(ctx.services, { loanId, user: people[owner]!, locale: "nl", now: now() })).toEqual({ ok: false, error: "NotYourTurn" });

    const started = await startDepositSetup(ctx.services, { loanId, user: people[borrower]!, locale: "nl", now: now() });
    expect(started.ok && started.url).toMatch(/\/pay\/sim\//);
    const d0 = await getDeposit(database.db, loanId);
    await ctx.gateway.hosted.submitCard(d0!.setupSessionId!, { number: CARD.succeeds, expMonth: 12, expYear: 2099, cvc: "123" });
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "method_saved", methodType: "card", methodLabel: expect.stringContaining("4242") });

    // The second confirmation places the hold, then completes the handover.
    expect(await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: borrower }, now: now() })).toMatchObject({ ok: true, to: "picked_up" });
    const held = await getDeposit(database.db, loanId);
    expect(held).toMatchObject({ state: "held", heldCents: 5000 });
    expect((await ctx.gateway.getPayment(held!.holdPaymentId!))?.status).toBe("requires_capture");
    expect(await commitment(`loan:${loanId}`)).toBe(5000);
    expect(await commitment(`borrower:${borrower}`)).toBe(-5000);

    ctx.clock.advance(2 * DAY);
    await confirmReturn(database.db, loanId, { userId: owner }, now());
    expect(await settleDeposit(ctx.services, loanId, now())).toBe("none"); // the claim window is open
    await closeLoan(database.db, loanId, { userId: owner }, now());
    expect(await settleDeposit(ctx.services, loanId, now())).toBe("released");
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "released" });
    expect((await ctx.gateway.getPayment(held!.holdPaymentId!))?.status).toBe("canceled");
    expect(await commitment(`loan:${loanId}`)).toBe(0);
    expect(await cash(`borrower:${borrower}`)).toBe(0);
    expect(await settleDeposit(ctx.services, loanId, now())).toBe("none"); // idempotent
    expect((await listJournals(database.db, { refs: { loanId } })).map((j) => j.kind)).toEqual(["deposit.held", "deposit.released"]);
    expect(await depositsMatchLedger.run(database.db)).toEqual([]);
    // Both parties heard the hold and the release, each in their own words, once.
    const told = await database.db
      .selectFrom("notifications")
      .select(["user_id", "kind", "data"])
      .where("kind", "in", ["loan.deposit_held", "loan.deposit_released"])
      .where(sql<boolean>`data->>'loanId' = ${loanId}`)
      .execute();
    expect(told.map((n) => [n.kind, n.user_id === owner ? "owner" : "borrower", (n.data as { side: string; amountCents: number }).side]).sort()).toEqual([
      ["loan.deposit_held", "borrower", "borrower"],
      ["loan.deposit_held", "owner", "owner"],
      ["loan.deposit_released", "borrower", "borrower"],
      ["loan.deposit_released", "owner", "owner"],
    ]);
    expect(told.every((n) => (n.data as { amountCents: number }).amountCents === 5000)).toBe(true);
  });

  it("is captured in part for a claim the borrower accepts; the rest is released", async () => {
    const loanId = await acceptedLoan("2026-05-10", "2026-05-12");
    await arrangeWithCard(loanId);
    expect(await handover(loanId)).toMatchObject({ ok: true, to: "picked_up" });
    ctx.clock.advance(2 * DAY);
    await confirmReturn(database.db, loanId, { userId: owner }, now());
    expect(
      await fileClaim(database.db, ctx.storage, {
        loanId,
        by: { userId: owner },
        amountCents: 6000,
        description: "Kapot",
        photos: [await photo()],
        now: now(),
      }),
    ).toEqual({ ok: false, error: "ClaimTooHigh" });
    expect(
      (
        await fileClaim(database.db, ctx.storage, {
          loanId,
          by: { userId: owner },
          amountCents: 2000,
          description: "Boor krom",
          photos: [await photo()],
          now: now(),
        })
      ).ok,
    ).toBe(true);
    expect(await settleDeposit(ctx.services, loanId, now())).toBe("none"); // not decided yet
    await acceptClaim(database.db, loanId, { userId: borrower }, now());
    expect(await settleDeposit(ctx.services, loanId, now())).toBe("captured");
    const d = await getDeposit(database.db, loanId);
    expect(d).toMatchObject({ state: "captured", collectedCents: 2000 });
    expect(await ctx.gateway.getPayment(d!.holdPaymentId!)).toMatchObject({ status: "succeeded", amountReceivedCents: 2000 });
    expect(await cash(`borrower:${borrower}`)).toBe(-2000);
    expect(await cash(`lender:${owner}`)).toBe(2000);
    expect(await commitment(`loan:${loanId}`)).toBe(0);
    expect(await depositsMatchLedger.run(database.db)).toEqual([]);
    // The check is not a rubber stamp: a deposit whose state disagrees with the ledger is reported.
    await database.db.updateTable("loan_deposits").set({ collected_cents: 2500 }).where("loan_id", "=", loanId).execute();
    expect(await depositsMatchLedger.run(database.db)).toEqual([`loan ${loanId}: deposit captured, borrower paid 2000 in the ledger, expected 2500`]);
  });

  it("is captured in full when a moderator upholds a claim of the whole deposit (via the sweep)", async () => {
    const loanId = await acceptedLoan("2026-05-10", "2026-05-11");
    await arrangeWithCard(loanId);
    await handover(loanId);
    await confirmReturn(database.db, loanId, { userId: owner }, now());
    await fileClaim(database.db, ctx.storage, { loanId, by: { userId: owner }, amountCents: 5000, description: "Kwijt", photos: [await photo()], now: now() });
    await decideClaim(database.db, loanId, { userId: moderator, isModerator: true }, 5000, "Niet teruggebracht", now());
    expect(await settleDueDeposits(ctx.services, now())).toBe(1);
    expect(await settleDueDeposits(ctx.services, now())).toBe(0);
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "captured", collectedCents: 5000 });
    expect(await cash(`lender:${owner}`)).toBe(5000);
  });

  it("a card that cannot be held sends the borrower back to choose another", async () => {
    const loanId = await acceptedLoan("2026-05-10", "2026-05-12");
    await arrangeWithCard(loanId, CARD.declinesCharges);
    expect(await handover(loanId)).toEqual({ ok: false, error: "DepositHoldFailed" });
    expect(await getDeposit(database.db, loanId)).toMatchObject({
      state: "awaiting_method",
      paymentMethodId: null,
      lastFailure: "card_declined/generic_decline",
    });
    expect((await getLoan(database.db, loanId))?.state).toBe("accepted");
    await arrangeWithCard(loanId, CARD.succeeds);
    expect(await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: borrower }, now: now() })).toMatchObject({ ok: true, to: "picked_up" });
  });

  it("when the hold lapsed before a claim (a long extension), the saved card is charged instead", async () => {
    const loanId = await acceptedLoan("2026-05-10", "2026-05-12");
    await arrangeWithCard(loanId);
    await handover(loanId);
    expect((await requestExtension(database.db, loanId, { userId: borrower }, "2026-05-20", now())).ok).toBe(true);
    expect((await answerExtension(database.db, loanId, { userId: owner }, true, now())).ok).toBe(true);
    ctx.clock.advance(8 * DAY);
    await ctx.gateway.runDue(now()); // the simulator expires holds after 7 days
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "method_saved" });
    expect(await commitment(`loan:${loanId}`)).toBe(0);
    await confirmReturn(database.db, loanId, { userId: owner }, now());
    await fileClaim(database.db, ctx.storage, {
      loanId,
      by: { userId: owner },
      amountCents: 3000,
      description: "Krassen",
      photos: [await photo()],
      now: now(),
    });
    await acceptClaim(database.db, loanId, { userId: borrower }, now());
    expect(await settleDeposit(ctx.services, loanId, now())).toBe("charge succeeded");
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "charged", collectedCents: 3000 });
    expect(await cash(`lender:${owner}`)).toBe(3000);
  });
});

describe("deposits: the saved-method path (longer loans)", () => {
  it("holds nothing at pickup, and charges the saved method only for an upheld claim", async () => {
    const loanId = await acceptedLoan("2026-05-10", "2026-05-19");
    expect(await getDeposit(database.db, loanId)).toMatchObject({ path: "saved_method", state: "awaiting_method" });
    await arrangeWithCard(loanId);
    expect(await handover(loanId)).toMatchObject({ ok: true, to: "picked_up" });
    const d = await getDeposit(database.db, loanId);
    expect(d).toMatchObject({ state: "method_saved", holdPaymentId: null });
    expect(await listJournals(database.db, { refs: { loanId } })).toEqual([]);
    ctx.clock.advance(9 * DAY);
    await confirmReturn(database.db, loanId, { userId: owner }, now());
    await fileClaim(database.db, ctx.storage, {
      loanId,
      by: { userId: owner },
      amountCents: 4500,
      description: "Kapot scherm",
      photos: [await photo()],
      now: now(),
    });
    await decideClaim(database.db, loanId, { userId: moderator, isModerator: true }, 1500, "Deels slijtage", now());
    expect(await settleDeposit(ctx.services, loanId, now())).toBe("charge succeeded");
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "charged", collectedCents: 1500 });
    expect(await cash(`borrower:${borrower}`)).toBe(-1500);
    expect(await cash(`lender:${owner}`)).toBe(1500);
    expect(await settleDeposit(ctx.services, loanId, now())).toBe("none");
    expect(await depositsMatchLedger.run(database.db)).toEqual([]);
  });

  it("a clean return releases it without touching the gateway; a cancelled loan drops it", async () => {
    const loanId = await acceptedLoan("2026-05-10", "2026-05-19");
    await arrangeWithCard(loanId);
    await handover(loanId);
    ctx.clock.advance(9 * DAY);
    await confirmReturn(database.db, loanId, { userId: owner }, now());
    ctx.clock.advance(49 * HOUR);
    expect(await settleDueDeposits(ctx.services, now())).toBe(0); // not closed yet
    await closeLoan(database.db, loanId, { userId: owner }, now());
    expect(await settleDueDeposits(ctx.services, now())).toBe(1);
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "released" });

    const other = await acceptedLoan("2026-06-01", "2026-06-12");
    await arrangeWithCard(other);
    await cancelLoan(database.db, other, { userId: owner }, "Toch zelf nodig", now());
    expect(await settleDeposit(ctx.services, other, now())).toBe("cancelled");
    expect(await getDeposit(database.db, other)).toMatchObject({ state: "cancelled" });
  });
});
