import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, truncateAll } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import type { DatabaseHandle } from "../utils/db.server";
import { acceptLoanRequest, confirmHandover, confirmReturn, getLoan, offerItemForWanted, requestLoan } from "./loans.server";
import { MESSAGE_LIMITS, postLoanMessage } from "./messages.server";
import { getItemPage, getLoanPage, listWantedMatchesForOwnerPage } from "../test/lending-pages";
import { expireWantedPosts } from "./sweeps.server";
import { postWanted, withdrawWanted } from "./wanted.server";
import { createMemoryStorage } from "../storage/storage.server";

let database: DatabaseHandle;
let db: DatabaseHandle["db"];
const T0 = new Date("2026-05-10T08:00:00Z");
let owner: string;
let asker: string;
let stranger: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await seedPlaces(db);
  owner = await makeUser(db, { name: "Mohammed" });
  asker = await makeUser(db, { name: "Eva" });
  stranger = await makeUser(db, { name: "Iemand", neighbourhood: "lombok", postcode4: "3531" });
});

describe("the wanted board", () => {
  it("a post reaches owners of matching items in the neighbourhood; an offer becomes a loan the asker accepts", async () => {
    const ladder = await makeItem(db, owner, { title: "Aluminium ladder 3-delig" });
    await makeItem(db, owner, { title: "Fondueset" });
    await makeItem(db, stranger, { title: "Ladder 4 meter" }); // other neighbourhood
    const posted = await postWanted(db, {
      authorId: asker,
      post: { title: "Wie heeft er een ladder?", description: "", category: null, neededFrom: "2026-05-12", neededUntil: "2026-05-13" },
      now: T0,
    });
    expect(posted).toMatchObject({ ok: true, notified: 1 });
    if (!posted.ok) return;
    const matchNotices = await db.selectFrom("notifications").select(["user_id", "data"]).where("kind", "=", "wanted.match").execute();
    expect(matchNotices).toEqual([
      { user_id: owner, data: { wantedId: posted.postId, wantedTitle: "Wie heeft er een ladder?", itemTitle: "Aluminium ladder 3-delig" } },
    ]);

    const matches = await listWantedMatchesForOwnerPage(db, owner, T0);
    expect(matches.map((m) => [m.post.title, m.items.map((i) => i.title)])).toEqual([["Wie heeft er een ladder?", ["Aluminium ladder 3-delig"]]]);
    expect(await listWantedMatchesForOwnerPage(db, asker, T0)).toEqual([]); // never your own post

    const offer = await offerItemForWanted(db, { ownerId: owner, itemId: ladder, wantedPostId: posted.postId, message: "Hij staat in de schuur", now: T0 });
    expect(offer.ok).toBe(true);
    if (!offer.ok) return;
    expect(await getLoan(db, offer.loanId)).toMatchObject({
      state: "requested",
      initiatedBy: "owner",
      borrowerUserId: asker,
      startsOn: "2026-05-12",
      endsOn: "2026-05-13",
    });
    expect(await acceptLoanRequest(db, offer.loanId, { userId: owner }, T0)).toEqual({ ok: false, error: "NotYourTurn" });
    expect((await acceptLoanRequest(db, offer.loanId, { userId: asker }, T0)).ok).toBe(true);
    const post = await db.selectFrom("wanted_posts").select("state").where("id", "=", posted.postId).executeTakeFirstOrThrow();
    expect(post.state).toBe("fulfilled");
    expect(await offerItemForWanted(db, { ownerId: owner, itemId: ladder, wantedPostId: posted.postId, message: "", now: T0 })).toEqual({
      ok: false,
      error: "WantedClosed",
    });
  });

  it("posts expire at the end of the last day needed; withdrawn posts take no offers", async () => {
    const item = await makeItem(db, owner, { title: "Partytent" });
    const a = await postWanted(db, {
      authorId: asker,
      post: { title: "Partytent gezocht", description: "", category: "party", neededFrom: "2026-05-11", neededUntil: "2026-05-11" },
      now: T0,
    });
    const b = await postWanted(db, {
      authorId: asker,
      post: { title: "Partytent voor later", description: "", category: "party", neededFrom: "2026-05-20", neededUntil: "2026-05-21" },
      now: T0,
    });
    if (!a.ok || !b.ok) throw new Error("post failed");
    expect(await expireWantedPosts(db, new Date("2026-05-11T21:59:00Z"))).toBe(0);
    expect(await expireWantedPosts(db, new Date("2026-05-11T22:00:00Z"))).toBe(1);
    expect(await offerItemForWanted(db, { ownerId: owner, itemId: item, wantedPostId: a.postId, message: "", now: new Date("2026-05-11T22:00:00Z") })).toEqual({
      ok: false,
      error: "WantedClosed",
    });
    expect(await withdrawWanted(db, { authorId: owner, postId: b.postId, now: T0 })).toEqual({ ok: false, error: "NotFound" });
    expect(await withdrawWanted(db, { authorId: asker, postId: b.postId, now: T0 })).toEqual({ ok: true });
    expect(await offerItemForWanted(db, { ownerId: owner, itemId: item, wantedPostId: b.postId, message: "", now: T0 })).toEqual({
      ok: false,
      error: "WantedClosed",
    });
  });

  it("refuses dates in the past or a wish longer than 60 days", async () => {
    const post = (neededFrom: string, neededUntil: string) =>
      postWanted(db, { authorId: asker, post: { title: "Iets", description: "", category: null, neededFrom, neededUntil }, now: T0 });
    expect(await post("2026-05-09", "2026-05-12")).toMatchObject({ ok: false, error: "StartInPast" });
    expect(await post("2026-05-12", "2026-07-20")).toMatchObject({ ok: false, error: "TooLong" });
    expect(await post("2026-05-12", "2026-05-11")).toMatchObject({ ok: false, error: "EndBeforeStart" });
  });
});

describe("the message thread", () => {
  it("is for the two parties only, plain text, and rate-limited", async () => {
    const item = await makeItem(db, owner);
    const r = await requestLoan(db, { itemId: item, borrowerId: asker, startsOn: "2026-05-12", endsOn: "2026-05-12", message: "", now: T0 });
    if (!r.ok) throw new Error(r.error);
    expect(await postLoanMessage(db, { loanId: r.loanId, authorId: stranger, body: "Hallo", now: T0 })).toEqual({ ok: false, error: "NotAParty" });
    expect(await postLoanMessage(db, { loanId: r.loanId, authorId: asker, body: "   ", now: T0 })).toEqual({ ok: false, error: "Empty" });
    expect(await postLoanMessage(db, { loanId: r.loanId, authorId: asker, body: "x".repeat(2001), now: T0 })).toEqual({ ok: false, error: "TooLong" });
    for (let i = 0; i < MESSAGE_LIMITS.perMinute; i++) {
      expect((await postLoanMessage(db, { loanId: r.loanId, authorId: asker, body: `<b>bericht ${i}</b>`, now: new Date(T0.getTime() + i * 1000) })).ok).toBe(
        true,
      );
    }
    expect(await postLoanMessage(db, { loanId: r.loanId, authorId: asker, body: "nog een", now: new Date(T0.getTime() + 10_000) })).toEqual({
      ok: false,
      error: "TooManyMessages",
    });
    // The owner has their own budget; a minute later the borrower may write again.
    expect((await postLoanMessage(db, { loanId: r.loanId, authorId: owner, body: "Prima!", now: new Date(T0.getTime() + 10_000) })).ok).toBe(true);
    expect((await postLoanMessage(db, { loanId: r.loanId, authorId: asker, body: "dank", now: new Date(T0.getTime() + 61_000) })).ok).toBe(true);
    const page = await getLoanPage(db, r.loanId, owner, T0);
    expect(page?.messages.map((m) => m.body)).toContain("<b>bericht 0</b>"); // stored as typed; React escapes it
    // Every message reaches the other party (bell + e-mail per their settings), without its text; the writer hears nothing.
    const told = async (userId: string) =>
      (await db.selectFrom("notifications").select(["kind", "data"]).where("user_id", "=", userId).where("kind", "=", "loan.message").execute()).map(
        (n) => n.data,
      );
    expect(await told(owner)).toHaveLength(MESSAGE_LIMITS.perMinute + 1);
    expect((await told(owner))[0]).toEqual({ loanId: r.loanId, itemTitle: expect.any(String), otherPartyName: expect.any(String) });
    expect(await told(asker)).toHaveLength(1);
    expect(await told(stranger)).toHaveLength(0);
  });
});

describe("privacy on the pages", () => {
  it("the pickup address only reaches the borrower once the request is accepted, and strangers see no loan", async () => {
    const item = await makeItem(db, owner, { pickupAddress: "Javastraat 99-2" });
    const r = await requestLoan(db, { itemId: item, borrowerId: asker, startsOn: "2026-05-10", endsOn: "2026-05-11", message: "", now: T0 });
    if (!r.ok) throw new Error(r.error);
    expect((await getLoanPage(db, r.loanId, asker, T0))?.pickupAddress).toBeNull();
    expect(JSON.stringify(await getItemPage(db, item, asker, T0))).not.toContain("Javastraat 99");
    expect(await getLoanPage(db, r.loanId, stranger, T0)).toBeNull();
    await acceptLoanRequest(db, r.loanId, { userId: owner }, T0);
    expect((await getLoanPage(db, r.loanId, asker, T0))?.pickupAddress).toBe("Javastraat 99-2");
    const storage = createMemoryStorage();
    await confirmHandover(db, storage, { loanId: r.loanId, by: { userId: owner }, now: T0 });
    await confirmHandover(db, storage, { loanId: r.loanId, by: { userId: asker }, now: T0 });
    await confirmReturn(db, r.loanId, { userId: owner }, T0);
    expect((await getLoanPage(db, r.loanId, asker, T0))?.pickupAddress).toBeNull();
  });

  it("the track record counts what the ledger says: lent, borrowed, on time", async () => {
    const item = await makeItem(db, owner);
    const r = await requestLoan(db, { itemId: item, borrowerId: asker, startsOn: "2026-05-10", endsOn: "2026-05-10", message: "", now: T0 });
    if (!r.ok) throw new Error(r.error);
    await acceptLoanRequest(db, r.loanId, { userId: owner }, T0);
    const storage = createMemoryStorage();
    await confirmHandover(db, storage, { loanId: r.loanId, by: { userId: owner }, now: T0 });
    await confirmHandover(db, storage, { loanId: r.loanId, by: { userId: asker }, now: T0 });
    await confirmReturn(db, r.loanId, { userId: owner }, T0);
    const page = await getItemPage(db, item, stranger, T0);
    expect(page?.trackRecord).toEqual({ lent: 1, borrowed: 0, returned: 0, returnedOnTime: 0, claimsUpheld: 0, onTimePercent: null });
    const itemOfAsker = await makeItem(db, asker);
    const askerPage = await getItemPage(db, itemOfAsker, stranger, T0);
    expect(askerPage?.trackRecord).toEqual({ lent: 0, borrowed: 1, returned: 1, returnedOnTime: 1, claimsUpheld: 0, onTimePercent: 100 });
  });
});
