import sharp from "sharp";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, truncateAll } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { createMemoryStorage } from "../storage/storage.server";
import { type DatabaseHandle, isExclusionViolation } from "../utils/db.server";
import { changeItemStatus } from "./items.server";
import {
  availableActions,
  acceptClaim,
  acceptLoanRequest,
  answerExtension,
  cancelLoan,
  closeLoan,
  confirmHandover,
  confirmReturn,
  decideClaim,
  declineLoanRequest,
  disputeClaim,
  fileClaim,
  getLoan,
  lendItemToProject,
  requestExtension,
  requestLoan,
} from "./loans.server";
import { createLiveProject } from "../test/projects";
import { listProjectItemLoans } from "./pages.server";
import { closeClaimWindows, expireDueRequests, markOverdueLoans, sendLoanReminders } from "./sweeps.server";

let database: DatabaseHandle;
let db: DatabaseHandle["db"];
const storage = createMemoryStorage();
const T0 = new Date("2026-05-10T08:00:00Z"); // 10:00 in Amsterdam, Sunday 10 May
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(T0.getTime() + ms);

let owner: string;
let borrower: string;
let other: string;
let moderator: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await seedPlaces(db);
  owner = await makeUser(db, { name: "Mohammed" });
  borrower = await makeUser(db, { name: "Eva" });
  other = await makeUser(db, { name: "Anna" });
  moderator = await makeUser(db, { name: "Kees", role: "moderator" });
});

const photo = () =>
  sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .toBuffer();

async function requested(itemId: string, who: string, startsOn: string, endsOn: string, now = T0) {
  const r = await requestLoan(db, { itemId, borrowerId: who, startsOn, endsOn, message: "Mag ik hem lenen?", now });
  if (!r.ok) throw new Error(`request failed: ${r.error}`);
  return r.loanId;
}

async function notices(userId: string) {
  return (await db.selectFrom("notifications").select(["kind", "data"]).where("user_id", "=", userId).execute()).map((n) => ({
    kind: n.kind,
    loanId: (n.data as { loanId?: string }).loanId,
  }));
}

async function events(loanId: string) {
  return db.selectFrom("loan_events").select(["kind", "from_state", "to_state", "actor_role", "note"]).where("loan_id", "=", loanId).orderBy("id").execute();
}

async function pickedUp(itemId: string, startsOn = "2026-05-10", endsOn = "2026-05-12") {
  const loanId = await requested(itemId, borrower, startsOn, endsOn);
  expect((await acceptLoanRequest(db, loanId, { userId: owner }, T0)).ok).toBe(true);
  const when = new Date(Math.max(T0.getTime(), new Date(`${startsOn}T08:00:00Z`).getTime()));
  expect((await confirmHandover(db, storage, { loanId, by: { userId: owner }, now: when })).ok).toBe(true);
  expect((await confirmHandover(db, storage, { loanId, by: { userId: borrower }, now: when })).ok).toBe(true);
  return loanId;
}

describe("a loan from request to close", () => {
  it("walks the whole lifecycle and writes every step to the ledger", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await requested(itemId, borrower, "2026-05-10", "2026-05-12");
    expect((await getLoan(db, loanId))?.state).toBe("requested");
    expect((await acceptLoanRequest(db, loanId, { userId: owner }, at(HOUR))).ok).toBe(true);
    const first = await confirmHandover(db, storage, { loanId, by: { userId: owner }, note: "Kras op de zijkant", photo: await photo(), now: at(2 * HOUR) });
    expect(first).toMatchObject({ ok: true, to: "accepted" });
    const second = await confirmHandover(db, storage, { loanId, by: { userId: borrower }, now: at(2 * HOUR + 60_000) });
    expect(second).toMatchObject({ ok: true, from: "accepted", to: "picked_up" });
    expect((await confirmReturn(db, loanId, { userId: owner }, at(2 * DAY), "Netjes terug")).ok).toBe(true);
    expect((await closeLoan(db, loanId, { userId: owner }, at(2 * DAY + HOUR))).ok).toBe(true);

    const loan = await getLoan(db, loanId);
    expect(loan).toMatchObject({ state: "closed", handoverNote: "Kras op de zijkant", returnNote: "Netjes terug" });
    expect(loan?.pickedUpAt).toEqual(at(2 * HOUR + 60_000));
    expect(await events(loanId)).toEqual([
      { kind: "requested", from_state: null, to_state: "requested", actor_role: "borrower", note: "Mag ik hem lenen?" },
      { kind: "accept", from_state: "requested", to_state: "accepted", actor_role: "owner", note: null },
      { kind: "confirm_handover", from_state: "accepted", to_state: "accepted", actor_role: "owner", note: "Kras op de zijkant" },
      { kind: "confirm_handover", from_state: "accepted", to_state: "picked_up", actor_role: "borrower", note: null },
      { kind: "confirm_return", from_state: "picked_up", to_state: "returned", actor_role: "owner", note: "Netjes terug" },
      { kind: "close", from_state: "returned", to_state: "closed", actor_role: "owner", note: null },
    ]);
    const photos = await db.selectFrom("loan_photos").select(["kind", "added_by"]).where("loan_id", "=", loanId).execute();
    expect(photos).toEqual([{ kind: "handover", added_by: owner }]);
    // Notifications went out in the same transactions, each to the other party: the request to the owner, the
    // acceptance to the borrower, each handover confirmation to the other side (the second one completes it), the return;
    // and after the return both are invited to review each other (app/reputation).
    expect(await notices(owner)).toEqual([
      { kind: "loan.requested", loanId },
      { kind: "loan.handover_confirmed", loanId },
      { kind: "review.invite", loanId },
    ]);
    expect(await notices(borrower)).toEqual([
      { kind: "loan.accepted", loanId },
      { kind: "loan.handover_confirmed", loanId },
      { kind: "review.invite", loanId },
      { kind: "loan.returned", loanId },
    ]);
    const handovers = await db.selectFrom("notifications").select(["user_id", "data"]).where("kind", "=", "loan.handover_confirmed").execute();
    expect(handovers.find((n) => n.user_id === borrower)?.data).toMatchObject({ complete: false });
    expect(handovers.find((n) => n.user_id === owner)?.data).toMatchObject({ complete: true });
  });

  it("refuses the wrong person, and a stranger can do nothing", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await requested(itemId, borrower, "2026-05-10", "2026-05-12");
    expect(await acceptLoanRequest(db, loanId, { userId: borrower }, T0)).toEqual({ ok: false, error: "NotYourTurn" });
    expect(await acceptLoanRequest(db, loanId, { userId: other }, T0)).toEqual({ ok: false, error: "NotYourTurn" });
    expect(await declineLoanRequest(db, loanId, { userId: other, isModerator: true }, T0)).toEqual({ ok: false, error: "NotYourTurn" });
    expect(await acceptLoanRequest(db, "not-a-uuid", { userId: owner }, T0)).toEqual({ ok: false, error: "NotFound" });
    expect(await events(loanId)).toHaveLength(1);
    // Declined by the owner, not by taken days: accepting it afterwards is simply not possible now.
    expect((await declineLoanRequest(db, loanId, { userId: owner }, T0)).ok).toBe(true);
    expect(await acceptLoanRequest(db, loanId, { userId: owner }, T0)).toEqual({ ok: false, error: "IllegalTransition" });
  });

  it("the ledger is append-only", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await requested(itemId, borrower, "2026-05-10", "2026-05-12");
    await expect(sql`update loan_events set note = 'edited' where loan_id = ${loanId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from loan_events where loan_id = ${loanId}`.execute(db)).rejects.toThrow(/append-only/);
  });
});

describe("requests", () => {
  it("follow the item's rules: who may borrow, dates, length, one open request each", async () => {
    const local = await makeItem(db, owner, { audience: "neighbourhood", maxLoanDays: 3 });
    const utrechter = await makeUser(db, { neighbourhood: "lombok", postcode4: "3531" });
    const ask = (who: string, startsOn: string, endsOn: string, itemId = local) =>
      requestLoan(db, { itemId, borrowerId: who, startsOn, endsOn, message: "", now: T0 });
    expect(await ask(utrechter, "2026-05-11", "2026-05-12")).toEqual({ ok: false, error: "OtherNeighbourhood" });
    expect(await ask(owner, "2026-05-11", "2026-05-12")).toEqual({ ok: false, error: "OwnItem" });
    expect(await ask(borrower, "2026-05-09", "2026-05-10")).toEqual({ ok: false, error: "StartInPast" });
    expect(await ask(borrower, "2026-05-11", "2026-05-14")).toEqual({ ok: false, error: "TooLong" });
    expect((await ask(borrower, "2026-05-11", "2026-05-13")).ok).toBe(true);
    expect(await ask(borrower, "2026-05-20", "2026-05-21")).toEqual({ ok: false, error: "AlreadyRequested" });
    const paused = await makeItem(db, owner, { status: "paused" });
    expect(await ask(borrower, "2026-05-11", "2026-05-12", paused)).toEqual({ ok: false, error: "NotListed" });
  });

  it("'people I have lent to before' means a loan that was actually handed over", async () => {
    const trusted = await makeItem(db, owner, { audience: "previous_borrowers" });
    const ask = () => requestLoan(db, { itemId: trusted, borrowerId: borrower, startsOn: "2026-05-20", endsOn: "2026-05-21", message: "", now: T0 });
    expect(await ask()).toEqual({ ok: false, error: "NotLentBefore" });
    await pickedUp(await makeItem(db, owner));
    expect((await ask()).ok).toBe(true);
  });

  it("booked days cannot be requested; accepting one request declines the overlapping others", async () => {
    const itemId = await makeItem(db, owner);
    const a = await requested(itemId, borrower, "2026-05-12", "2026-05-14");
    const b = await requested(itemId, other, "2026-05-14", "2026-05-15");
    const third = await makeUser(db);
    const c = await requested(itemId, third, "2026-05-15", "2026-05-16");
    expect((await acceptLoanRequest(db, a, { userId: owner }, T0)).ok).toBe(true);
    expect((await getLoan(db, b))?.state).toBe("declined");
    expect(await events(b)).toContainEqual({
      kind: "decline",
      from_state: "requested",
      to_state: "declined",
      actor_role: "system",
      note: "lending.note.daysTaken",
    });
    expect((await getLoan(db, c))?.state).toBe("requested");
    // The owner's page still showed b's Accept: the refusal says why (issue 13 §7).
    expect(await acceptLoanRequest(db, b, { userId: owner }, T0)).toEqual({ ok: false, error: "DeclinedDaysTaken" });
    const fourth = await makeUser(db);
    expect(await requestLoan(db, { itemId, borrowerId: fourth, startsOn: "2026-05-13", endsOn: "2026-05-13", message: "", now: T0 })).toEqual({
      ok: false,
      error: "DaysTaken",
    });
    // The borrower of those days asking again is told the days are already theirs (issue 13 §7).
    expect(await requestLoan(db, { itemId, borrowerId: borrower, startsOn: "2026-05-13", endsOn: "2026-05-14", message: "", now: T0 })).toEqual({
      ok: false,
      error: "DaysYours",
    });
  });

  it("pausing the item declines open requests with a message; accepted loans stand", async () => {
    const itemId = await makeItem(db, owner);
    const accepted = await requested(itemId, borrower, "2026-05-12", "2026-05-13");
    await acceptLoanRequest(db, accepted, { userId: owner }, T0);
    const open = await requested(itemId, other, "2026-05-20", "2026-05-21");
    expect(await changeItemStatus(db, { ownerId: owner, itemId, event: "pause", now: T0 })).toEqual({ ok: true, status: "paused", declined: 1 });
    expect((await getLoan(db, open))?.state).toBe("declined");
    expect((await events(open)).at(-1)).toMatchObject({ actor_role: "system", note: "lending.note.itemPaused" });
    expect((await getLoan(db, accepted))?.state).toBe("accepted");
    expect(await changeItemStatus(db, { ownerId: borrower, itemId, event: "relist", now: T0 })).toEqual({ ok: false, error: "NotFound" });
  });

  it("withdrawing and cancelling: a reason is needed once accepted", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await requested(itemId, borrower, "2026-05-12", "2026-05-13");
    expect(await cancelLoan(db, loanId, { userId: owner }, "", T0)).toEqual({ ok: false, error: "NotYourTurn" });
    await acceptLoanRequest(db, loanId, { userId: owner }, T0);
    expect(await cancelLoan(db, loanId, { userId: owner }, " ", T0)).toEqual({ ok: false, error: "ReasonRequired" });
    expect((await cancelLoan(db, loanId, { userId: owner }, "De boor is kapot", T0)).ok).toBe(true);
    expect((await getLoan(db, loanId))?.cancelReason).toBe("De boor is kapot");
    // The days are free again.
    expect((await requestLoan(db, { itemId, borrowerId: other, startsOn: "2026-05-12", endsOn: "2026-05-13", message: "", now: T0 })).ok).toBe(true);
  });
});

describe("the exclusion constraint (no double booking, guaranteed by the database)", () => {
  it("refuses a second booked loan over the same days even when the application check is bypassed", async () => {
    const itemId = await makeItem(db, owner);
    const a = await requested(itemId, borrower, "2026-05-12", "2026-05-14");
    const b = await requested(itemId, other, "2026-05-14", "2026-05-16");
    const c = await requested(itemId, await makeUser(db), "2026-05-12", "2026-05-12");
    await sql`update loans set state = 'accepted' where id = ${a}`.execute(db);
    const error = await sql`update loans set state = 'accepted' where id = ${b}`.execute(db).catch((e: unknown) => e);
    expect(isExclusionViolation(error, "loans_no_overlap")).toBe(true);
    // Back to back is fine: 12–14 and 15–16 touch but do not overlap.
    await sql`update loans set starts_on = '2026-05-15' where id = ${b}`.execute(db);
    await sql`update loans set state = 'accepted' where id = ${b}`.execute(db);
    // Requests and declined loans never block.
    await sql`update loans set state = 'declined' where id = ${c}`.execute(db);
    expect((await getLoan(db, c))?.state).toBe("declined");
  });

  it("a loan borrows for a member OR a project, never both or neither", async () => {
    const itemId = await makeItem(db, owner);
    const a = await requested(itemId, borrower, "2026-05-12", "2026-05-14");
    const both = await sql`update loans set borrower_project_id = gen_random_uuid(), project_contact_id = ${other} where id = ${a}`
      .execute(db)
      .catch((e: unknown) => e);
    expect(String(both)).toMatch(/loans_one_borrower/);
    const neither = await sql`update loans set borrower_user_id = null where id = ${a}`.execute(db).catch((e: unknown) => e);
    expect(String(neither)).toMatch(/loans_one_borrower/);
  });
});

describe("extensions", () => {
  it("the borrower asks, the owner accepts, and the loan now ends later", async () => {
    const itemId = await makeItem(db, owner, { maxLoanDays: 10 });
    const loanId = await pickedUp(itemId);
    expect((await requestExtension(db, loanId, { userId: borrower }, "2026-05-14", T0, "Nog één muur")).ok).toBe(true);
    expect(await requestExtension(db, loanId, { userId: borrower }, "2026-05-15", T0)).toEqual({ ok: false, error: "ExtensionPending" });
    expect(await answerExtension(db, loanId, { userId: borrower }, true, T0)).toEqual({ ok: false, error: "NotYourTurn" });
    expect((await answerExtension(db, loanId, { userId: owner }, true, T0)).ok).toBe(true);
    expect((await getLoan(db, loanId))?.endsOn).toBe("2026-05-14");
    expect((await events(loanId)).slice(-2).map((e) => [e.kind, e.to_state])).toEqual([
      ["request_extension", "picked_up"],
      ["accept_extension", "picked_up"],
    ]);
    // The owner hears of the request (with the asked-for day), the borrower of the answer.
    const notes = await db
      .selectFrom("notifications")
      .select(["user_id", "kind", "data"])
      .where("kind", "like", "loan.extension_%")
      .orderBy("created_at")
      .execute();
    expect(notes.map((n) => [n.user_id, n.kind, (n.data as { endsOn: string }).endsOn])).toEqual([
      [owner, "loan.extension_requested", "2026-05-14"],
      [borrower, "loan.extension_accepted", "2026-05-14"],
    ]);
  });

  it("is refused when the new days are another loan's — when asked (issue 13 §13), when accepted, and by the database if the app is bypassed", async () => {
    const itemId = await makeItem(db, owner, { maxLoanDays: 10 });
    const loanId = await pickedUp(itemId);
    // Asked while the days are free; then the owner accepts someone else for them.
    expect((await requestExtension(db, loanId, { userId: borrower }, "2026-05-14", T0)).ok).toBe(true);
    const next = await requested(itemId, other, "2026-05-14", "2026-05-15");
    expect((await acceptLoanRequest(db, next, { userId: owner }, T0)).ok).toBe(true);
    // The owner is offered only what can succeed: Decline, not Accept.
    const loan = (await getLoan(db, loanId))!;
    const offered = await availableActions(db, loan, "owner", T0);
    expect(offered).toContain("decline_extension");
    expect(offered).not.toContain("accept_extension");
    expect(await answerExtension(db, loanId, { userId: owner }, true, T0)).toEqual({ ok: false, error: "ExtensionNotFree" });
    expect((await getLoan(db, loanId))?.endsOn).toBe("2026-05-12");
    const raw = await sql`update loans set ends_on = '2026-05-14' where id = ${loanId}`.execute(db).catch((e: unknown) => e);
    expect(isExclusionViolation(raw, "loans_no_overlap")).toBe(true);
    // Declining leaves the loan as it was; asking again for the taken days is refused at once; a shorter extension into free days works.
    expect((await answerExtension(db, loanId, { userId: owner }, false, T0)).ok).toBe(true);
    expect(await requestExtension(db, loanId, { userId: borrower }, "2026-05-14", T0)).toEqual({ ok: false, error: "ExtensionNotFree" });
    expect((await requestExtension(db, loanId, { userId: borrower }, "2026-05-13", T0)).ok).toBe(true);
    expect((await answerExtension(db, loanId, { userId: owner }, true, T0)).ok).toBe(true);
    expect((await getLoan(db, loanId))?.endsOn).toBe("2026-05-13");
    const kinds = await db
      .selectFrom("notifications")
      .select("kind")
      .where("kind", "like", "loan.extension_%")
      .where("user_id", "=", borrower)
      .orderBy("created_at")
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(["loan.extension_declined", "loan.extension_accepted"]);
  });

  it("brings an overdue loan back on loan", async () => {
    const itemId = await makeItem(db, owner, { maxLoanDays: 10 });
    const loanId = await pickedUp(itemId);
    const late = new Date("2026-05-13T09:00:00Z");
    expect(await markOverdueLoans(db, late)).toBe(1);
    expect((await requestExtension(db, loanId, { userId: borrower }, "2026-05-15", late)).ok).toBe(true);
    expect(await answerExtension(db, loanId, { userId: owner }, true, late)).toMatchObject({ ok: true, from: "overdue", to: "picked_up" });
  });
});

describe("expiry", () => {
  it("an unanswered request expires after 48 hours, not before, and can then not be accepted", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await requested(itemId, borrower, "2026-05-20", "2026-05-21");
    expect(await expireDueRequests(db, at(48 * HOUR - 1))).toBe(0);
    expect(await acceptLoanRequest(db, loanId, { userId: owner }, at(48 * HOUR))).toEqual({ ok: false, error: "RequestExpired" });
    expect(await expireDueRequests(db, at(48 * HOUR))).toBe(1);
    expect(await expireDueRequests(db, at(48 * HOUR))).toBe(0); // idempotent
    expect((await events(loanId)).at(-1)).toMatchObject({ kind: "expire", to_state: "expired", actor_role: "system" });
    expect(await notices(borrower)).toEqual([{ kind: "loan.expired", loanId }]);
  });
});

describe("overdue and reminders", () => {
  it("marks a loan overdue after its last day and reminds every day, once a day", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await pickedUp(itemId);
    // Day before the return (11 May): a return reminder, once.
    expect(await sendLoanReminders(db, new Date("2026-05-11T07:00:00Z"))).toBe(1);
    expect(await sendLoanReminders(db, new Date("2026-05-11T15:00:00Z"))).toBe(0);
    expect(await markOverdueLoans(db, new Date("2026-05-12T21:59:00Z"))).toBe(0); // 23:59 on the last day
    expect(await markOverdueLoans(db, new Date("2026-05-12T22:00:00Z"))).toBe(1);
    expect(await markOverdueLoans(db, new Date("2026-05-12T22:00:00Z"))).toBe(0);
    expect(await sendLoanReminders(db, new Date("2026-05-13T07:00:00Z"))).toBe(1);
    expect(await sendLoanReminders(db, new Date("2026-05-13T12:00:00Z"))).toBe(0);
    expect(await sendLoanReminders(db, new Date("2026-05-14T07:00:00Z"))).toBe(1);
    const reminders = await db
      .selectFrom("loan_reminders")
      .select(["kind", sql<string>`to_char(for_date, 'YYYY-MM-DD')`.as("day")])
      .where("loan_id", "=", loanId)
      .orderBy("sent_at")
      .execute();
    expect(reminders).toEqual([
      { kind: "return", day: "2026-05-12" },
      { kind: "overdue", day: "2026-05-13" },
      { kind: "overdue", day: "2026-05-14" },
    ]);
    expect(await confirmReturn(db, loanId, { userId: owner }, new Date("2026-05-14T09:00:00Z"))).toMatchObject({ ok: true, to: "returned" });
    expect((await events(loanId)).map((e) => e.kind)).toContain("mark_overdue");
    // The borrower heard each reminder once; the owner heard about the overdue loan once.
    expect((await notices(borrower)).map((n) => n.kind).sort()).toEqual([
      "loan.accepted",
      "loan.handover_confirmed",
      "loan.overdue",
      "loan.overdue",
      "loan.return_reminder",
      "loan.returned",
      "review.invite",
    ]);
    expect((await notices(owner)).map((n) => n.kind).sort()).toEqual(["loan.handover_confirmed", "loan.overdue", "loan.requested", "review.invite"]);
  });

  it("reminds both sides the day before pickup", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await requested(itemId, borrower, "2026-05-12", "2026-05-13");
    await acceptLoanRequest(db, loanId, { userId: owner }, T0);
    expect(await sendLoanReminders(db, new Date("2026-05-10T09:00:00Z"))).toBe(0);
    expect(await sendLoanReminders(db, new Date("2026-05-11T09:00:00Z"))).toBe(1);
    expect((await notices(borrower)).map((n) => n.kind).sort()).toEqual(["loan.accepted", "loan.pickup_reminder"]);
    expect((await notices(owner)).map((n) => n.kind).sort()).toEqual(["loan.pickup_reminder", "loan.requested"]);
  });
});

describe("claims (without a deposit: a damage report of € 0)", () => {
  it("the owner reports within 48 hours with photos; the borrower accepts", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await pickedUp(itemId);
    const back = new Date("2026-05-12T15:00:00Z");
    await confirmReturn(db, loanId, { userId: owner }, back);
    expect(await fileClaim(db, storage, { loanId, by: { userId: owner }, amountCents: 0, description: "Boor krom", photos: [], now: back })).toEqual({
      ok: false,
      error: "PhotosRequired",
    });
    expect(
      await fileClaim(db, storage, { loanId, by: { userId: owner }, amountCents: 100, description: "Boor krom", photos: [await photo()], now: back }),
    ).toEqual({ ok: false, error: "ClaimTooHigh" });
    expect(
      await fileClaim(db, storage, { loanId, by: { userId: borrower }, amountCents: 0, description: "Boor krom", photos: [await photo()], now: back }),
    ).toEqual({ ok: false, error: "NotYourTurn" });
    const filed = await fileClaim(db, storage, {
      loanId,
      by: { userId: owner },
      amountCents: 0,
      description: "Boor krom",
      photos: [await photo(), await photo()],
      now: new Date(back.getTime() + 47 * HOUR),
    });
    expect(filed).toMatchObject({ ok: true, to: "claimed" });
    expect(await closeClaimWindows(db, new Date(back.getTime() + 72 * HOUR))).toBe(0);
    expect((await disputeClaim(db, loanId, { userId: borrower }, "Was al krom", back)).ok).toBe(true);
    expect(await acceptClaim(db, loanId, { userId: borrower }, back)).toMatchObject({ ok: true, to: "resolved" });
    const claim = await db.selectFrom("loan_claims").selectAll().where("loan_id", "=", loanId).executeTakeFirstOrThrow();
    expect(claim).toMatchObject({ state: "accepted", amount_cents: 0, decided_amount_cents: 0, dispute_note: "Was al krom" });
    expect(await db.selectFrom("loan_photos").select("kind").where("loan_id", "=", loanId).where("kind", "=", "claim").execute()).toHaveLength(2);
  });

  it("after 48 hours it is too late, and the sweep closes the loan", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await pickedUp(itemId);
    const back = new Date("2026-05-12T15:00:00Z");
    await confirmReturn(db, loanId, { userId: owner }, back);
    const late = new Date(back.getTime() + 48 * HOUR);
    expect(await fileClaim(db, storage, { loanId, by: { userId: owner }, amountCents: 0, description: "x", photos: [await photo()], now: late })).toEqual({
      ok: false,
      error: "ClaimWindowClosed",
    });
    expect(await closeClaimWindows(db, new Date(late.getTime() - 1))).toBe(0);
    expect(await closeClaimWindows(db, late)).toBe(1);
    expect((await getLoan(db, loanId))?.state).toBe("closed");
  });

  it("a moderator decides a disputed claim; a party never decides its own", async () => {
    const itemId = await makeItem(db, owner);
    const loanId = await pickedUp(itemId);
    const back = new Date("2026-05-12T15:00:00Z");
    await confirmReturn(db, loanId, { userId: owner }, back);
    await fileClaim(db, storage, { loanId, by: { userId: owner }, amountCents: 0, description: "Accu leeg", photos: [await photo()], now: back });
    expect(await decideClaim(db, loanId, { userId: owner, isModerator: true }, 0, "", back)).toEqual({ ok: false, error: "NotYourTurn" });
    expect(await decideClaim(db, loanId, { userId: moderator, isModerator: true }, 0, "Normale slijtage", back)).toMatchObject({ ok: true, to: "resolved" });
    expect((await events(loanId)).at(-1)).toMatchObject({ kind: "decide_claim", actor_role: "moderator", note: "Normale slijtage" });
  });
});

describe("items for projects", () => {
  it("an owner lends to a project; its contact accepts; the loan's borrower is the project", async () => {
    const itemId = await makeItem(db, owner);
    // The projects fixtures' neighbourhood.
    await db
      .insertInto("neighbourhoods")
      .values({ id: "testwijk", name: "Testwijk", city: "Teststad", municipality: "Teststad" })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const { id: projectId } = await createLiveProject(db, { initiatorId: other, moderatorId: moderator, now: T0, title: "Opruimdag Indische Buurt" });
    const offered = await lendItemToProject(db, {
      ownerId: owner,
      itemId,
      project: { id: projectId, contactUserId: other },
      startsOn: "2026-05-16",
      endsOn: "2026-05-16",
      message: "Voor de opruimdag",
      now: T0,
    });
    expect(offered.ok).toBe(true);
    if (!offered.ok) return;
    // The initiator is offered the item (not told the owner "wants to borrow" it), and the owner hears the answer as one to an offer.
    const offeredNotices = await db
      .selectFrom("notifications")
      .select(["user_id", "kind"])
      .where(sql<boolean>`data->>'loanId' = ${offered.loanId}`)
      .execute();
    expect(offeredNotices).toEqual([{ user_id: other, kind: "loan.offered" }]);
    expect(await acceptLoanRequest(db, offered.loanId, { userId: owner }, T0)).toEqual({ ok: false, error: "NotYourTurn" });
    expect((await acceptLoanRequest(db, offered.loanId, { userId: other }, T0)).ok).toBe(true);
    const answered = await db
      .selectFrom("notifications")
      .select(["user_id", "kind"])
      .where(sql<boolean>`data->>'loanId' = ${offered.loanId}`)
      .execute();
    expect(answered.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { user_id: owner, kind: "loan.offer_accepted" },
      { user_id: other, kind: "loan.offered" },
    ]);
    expect(await getLoan(db, offered.loanId)).toMatchObject({
      borrowerProjectId: projectId,
      borrowerUserId: null,
      projectContactId: other,
      state: "accepted",
      initiatedBy: "owner",
    });
    expect(
      await lendItemToProject(db, {
        ownerId: owner,
        itemId,
        project: { id: projectId, contactUserId: owner },
        startsOn: "2026-05-20",
        endsOn: "2026-05-20",
        message: "",
        now: T0,
      }),
    ).toEqual({ ok: false, error: "ProjectIsYours" });
    // "Lent by neighbours" on the project page lists it.
    expect(await listProjectItemLoans(db, projectId)).toMatchObject([
      { loanId: offered.loanId, state: "accepted", ownerName: "Mohammed", startsOn: "2026-05-16", endsOn: "2026-05-16" },
    ]);
  });

  it("the database refuses a loan to a project that does not exist", async () => {
    const itemId = await makeItem(db, owner);
    await expect(
      lendItemToProject(db, {
        ownerId: owner,
        itemId,
        project: { id: "7f1d8a2e-4c2b-4b8e-9a51-0f6f3f2b9c10", contactUserId: other },
        startsOn: "2026-05-16",
        endsOn: "2026-05-16",
        message: "",
        now: T0,
      }),
    ).rejects.toThrow(/loans_borrower_project_fk/);
  });
});
