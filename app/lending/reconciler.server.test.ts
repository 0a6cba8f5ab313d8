import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import sharp from "sharp";
import { applyGatewayEvent } from "../payments/events.server";
import { CARD } from "../payments/simulated/testing.server";
import { reconcileWithGateway } from "../reconciliation/reconcile.server";
import { describeItem } from "../reconciliation/report";
import { createTestDatabase, truncateAll } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { getDeposit } from "./deposit-records.server";
import { confirmHandoverWithDeposit, settleDueDeposits, startDepositSetup } from "./deposits.server";
import { acceptClaim, acceptLoanRequest, answerExtension, confirmReturn, fileClaim, requestExtension, requestLoan } from "./loans.server";

/**
 * Deposits in the reconciliation (reconcilers.deposit): holds, captures and claim charges at the
 * simulated gateway against the deposit journals, with crashes between the gateway call and the
 * bookkeeping and the gateway's events lost.
 */

let database: DatabaseHandle;
const T0 = new Date("2026-05-10T08:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

/** The next gateway operation of this name acts, commits, and then the caller dies (its answer is lost). */
let crashAfter: string | null = null;
/** From the handover on, the gateway's events are lost (saving the card still goes through them). */
let eventsLost = false;
let ctx: ReturnType<typeof createTestServices>;
let owner: string;
let borrower: string;
let person: { id: string; email: string; displayName: string };

beforeEach(async () => {
  await truncateAll(database);
  await seedPlaces(database.db);
  crashAfter = null;
  eventsLost = false;
  ctx = createTestServices(database, {
    start: T0,
    deliver: async (services, event) => (eventsLost ? undefined : applyGatewayEvent(services, event)),
    gateway: {
      faults: {
        afterCommit: (operation) => {
          if (operation !== crashAfter) return;
          crashAfter = null;
          throw new Error(`died after ${operation}`);
        },
      },
    },
  });
  owner = await makeUser(database.db, { name: "Mohammed" });
  borrower = await makeUser(database.db, { name: "Eva" });
  const u = await database.db.selectFrom("users").select(["id", "email", "display_name"]).where("id", "=", borrower).executeTakeFirstOrThrow();
  person = { id: u.id, email: u.email, displayName: u.display_name };
});

const now = () => ctx.clock.now();
const reconcile = () =>
  reconcileWithGateway(
    { db: database.db, gateway: ctx.gateway, reconcilers: extensions.reconcilers },
    { since: T0, until: new Date(now().getTime() + 1), now: now() },
  );
const photo = () =>
  sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 90, g: 20, b: 20 } } })
    .jpeg()
    .toBuffer();

async function loanWithSavedCard(endsOn = "2026-05-12") {
  const itemId = await makeItem(database.db, owner, { depositCents: 5000, maxLoanDays: 14 });
  const r = await requestLoan(database.db, { itemId, borrowerId: borrower, startsOn: "2026-05-10", endsOn, message: "", now: now() });
  if (!r.ok) throw new Error(r.error);
  await acceptLoanRequest(database.db, r.loanId, { userId: owner }, now());
  await startDepositSetup(ctx.services, { loanId: r.loanId, user: person, locale: "nl", now: now() });
  const d = await getDeposit(database.db, r.loanId);
  await ctx.gateway.hosted.submitCard(d!.setupSessionId!, { number: CARD.succeeds, expMonth: 12, expYear: 2099, cvc: "123" });
  expect(await getDeposit(database.db, r.loanId)).toMatchObject({ state: "method_saved" });
  eventsLost = true;
  return r.loanId;
}

describe("deposits in the reconciliation", () => {
  it("a hold placed at the gateway but not booked (the handover crashed): a difference until the handover is confirmed again", async () => {
    const loanId = await loanWithSavedCard();
    await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: owner }, now: now() });
    crashAfter = "payment_intents.create.hold";
    await expect(confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: borrower }, now: now() })).rejects.toThrow(/died/);
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "method_saved" });

    ctx.clock.advance(10 * MINUTE);
    const report = await reconcile();
    expect(report.ok).toBe(false);
    expect(report.items).toMatchObject([
      { status: "difference", code: "not_booked", what: "hold", gatewayCents: 5000, ledgerCents: 0, refs: { loanId, step: "hold" } },
    ]);
    expect(describeItem(report.items[0]!, "nl")).toMatch(
      /^betaling pi_sim_\w+ \(loanId .+, step hold\): €\s50,00 gereserveerd bij de betaalprovider \(requires_capture, .+\), maar geen journaalpost boekt het$/,
    );

    // Nothing sweeps a handover: the borrower confirms again, the same key returns the same hold.
    expect(await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: borrower }, now: now() })).toMatchObject({ ok: true, to: "picked_up" });
    const healed = await reconcile();
    expect(healed.ok).toBe(true);
    expect(healed.items).toMatchObject([{ status: "healed", code: "booked_late", lateMs: 10 * MINUTE }]);
  });

  it("a capture the gateway made but the ledger did not book: pending, a difference, then healed by the deposit sweep", async () => {
    const loanId = await loanWithSavedCard();
    await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: owner }, now: now() });
    await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: borrower }, now: now() });
    expect((await reconcile()).counts).toMatchObject({ payments: 1, matched: 1, differences: 0 });

    ctx.clock.advance(2 * DAY);
    await confirmReturn(database.db, loanId, { userId: owner }, now());
    await fileClaim(database.db, ctx.storage, {
      loanId,
      by: { userId: owner },
      amountCents: 3000,
      description: "Boor krom",
      photos: [await photo()],
      now: now(),
    });
    await acceptClaim(database.db, loanId, { userId: borrower }, now());
    // The deposit sweep captures; its worker dies right after Stripe's answer.
    crashAfter = "payment_intents.capture";
    expect(await settleDueDeposits(ctx.services, now())).toBe(0); // logged and left for the next sweep
    const d = await getDeposit(database.db, loanId);
    expect(d).toMatchObject({ state: "held", settlement: "capture" });
    expect(await ctx.gateway.getPayment(d!.holdPaymentId!)).toMatchObject({ status: "succeeded", amountReceivedCents: 3000 });

    // The hold was placed two days ago, but the deposit acted just now: pending, not yet a difference.
    const soon = await reconcile();
    expect(soon.items).toMatchObject([{ status: "pending", code: "not_booked", what: "capture", gatewayCents: 3000, ledgerCents: 0 }]);
    ctx.clock.advance(6 * MINUTE);
    const later = await reconcile();
    expect(later.items).toMatchObject([{ status: "difference", code: "not_booked", what: "capture" }]);
    expect(describeItem(later.items[0]!, "en")).toMatch(/: €30\.00 captured at the gateway \(succeeded, .+\), but no journal books it$/);

    expect(await settleDueDeposits(ctx.services, now())).toBe(1);
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "captured", collectedCents: 3000 });
    const clean = await reconcile();
    expect(clean).toMatchObject({ ok: true, counts: { payments: 1, matched: 1, differences: 0, pending: 0 } });
  });

  it("a hold that lapsed without the app hearing it is still booked: a difference; after the lapse and a claim charge, both agree", async () => {
    const loanId = await loanWithSavedCard();
    await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: owner }, now: now() });
    await confirmHandoverWithDeposit(ctx.services, { loanId, by: { userId: borrower }, now: now() });
    await requestExtension(database.db, loanId, { userId: borrower }, "2026-05-20", now());
    await answerExtension(database.db, loanId, { userId: owner }, true, now());
    ctx.clock.advance(8 * DAY);
    await ctx.gateway.runDue(now());
    // The lapse's event was lost: the ledger still books the hold the gateway has let go.
    const lapsed = await reconcile();
    expect(lapsed.items).toMatchObject([{ status: "difference", code: "booked_not_at_gateway", what: "hold", gatewayCents: 0, ledgerCents: 5000 }]);
    expect(describeItem(lapsed.items[0]!, "en")).toMatch(
      /the ledger books €50\.00 held \(#\d+ deposit\.held\), but at the gateway it is canceled \(expired\)$/,
    );
    const hold = (await getDeposit(database.db, loanId))!.holdPaymentId!;
    // The event arrives after all (a redelivery): the handler books the lapse.
    const { recordDepositPayment } = await import("./deposit-records.server");
    const payment = await ctx.gateway.getPayment(hold);
    await database.db.transaction().execute((trx) => recordDepositPayment(trx, loanId, payment!, now()));

    await confirmReturn(database.db, loanId, { userId: owner }, now());
    await fileClaim(database.db, ctx.storage, {
      loanId,
      by: { userId: owner },
      amountCents: 2000,
      description: "Krassen",
      photos: [await photo()],
      now: now(),
    });
    await acceptClaim(database.db, loanId, { userId: borrower }, now());
    await settleDueDeposits(ctx.services, now());
    expect(await getDeposit(database.db, loanId)).toMatchObject({ state: "charged", collectedCents: 2000 });
    expect(await reconcile()).toMatchObject({ ok: true, counts: { payments: 2, matched: 2, differences: 0 } });
  });
});
