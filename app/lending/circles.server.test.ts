import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as apiItemLoader } from "../routes/api.items.$itemId";
import { loader as apiItemsLoader } from "../routes/api.items._index";
import { loader as itemPageLoader } from "../routes/items.$itemId._index";
import { loader as itemsLoader } from "../routes/items._index";
import { loader as circlePageLoader } from "../routes/circles.$circleId";
import { createTestDatabase } from "../test/db";
import { itemInput, makeCircleItem, makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { apiGetItem, apiListItems } from "./api.server";
import {
  circleInviteToken,
  createCircle,
  getCirclePage,
  getInvite,
  inviteByEmail,
  joinCircle,
  leaveCircle,
  listMyCircles,
  renewInviteLink,
} from "./circles.server";
import { createItem, getItemDetail, updateItem } from "./items.server";
import { requestLoan } from "./loan-create.server";
import { searchItems } from "./search.server";

let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
const now = new Date("2026-12-02T10:00:00Z");
let owner = "";
let friend = "";
let stranger = "";
let circleId = "";
let circleItem = "";
let openItem = "";
const query = { page: 1 } as Parameters<typeof apiListItems>[2];
const tokenOf = async (id: string) => {
  const row = await database.db.selectFrom("circles").select("invite_nonce").where("id", "=", id).executeTakeFirstOrThrow();
  return circleInviteToken(services.signer, { id, nonce: row.invite_nonce });
};
const get = (url: string, cookie: string | null) => new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {} });
const status = async (run: () => Promise<unknown>) => {
  try {
    const r = await run();
    return r instanceof Response ? r.status : 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
};

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database, { start: now }));
  await seedPlaces(database.db);
  owner = await makeUser(database.db, { name: "Mohammed" });
  friend = await makeUser(database.db, { name: "Eva" });
  stranger = await makeUser(database.db, { name: "Pieter" });
  const c = await createCircle(database.db, { ownerId: owner, name: "Tennisclub", now });
  expect(c.ok).toBe(true);
  circleId = c.ok ? c.circleId : "";
  expect(await joinCircle(database.db, services.signer, { token: await tokenOf(circleId), userId: friend, now })).toEqual({ ok: true, circleId });
  circleItem = await makeCircleItem(database.db, owner, [circleId], { title: "Steekwagen van de tennisclub" }, now);
  openItem = await makeItem(database.db, owner, { title: "Steekwagen voor iedereen" }, now);
});
afterAll(async () => database?.close());

describe("a circles-only item", () => {
  it("is invisible to non-members in search, on its page and in the API; its owner and the circle's members see it", async () => {
    const ids = async (viewerId: string | null) => (await searchItems(database.db, { viewerId })).items.map((i) => i.id);
    expect(await ids(null)).not.toContain(circleItem);
    expect(await ids(stranger)).not.toContain(circleItem);
    expect(await ids(stranger)).toContain(openItem);
    expect(await ids(friend)).toContain(circleItem);
    expect(await ids(owner)).toContain(circleItem);

    expect(await getItemDetail(database.db, circleItem, stranger)).toBeNull();
    expect(await getItemDetail(database.db, circleItem, null)).toBeNull();
    expect(await getItemDetail(database.db, circleItem, friend)).toMatchObject({ id: circleItem });

    expect(await apiGetItem(database.db, "http://x", circleItem, now)).toBeNull();
    expect(await apiGetItem(database.db, "http://x", circleItem, now, stranger)).toBeNull();
    expect(await apiGetItem(database.db, "http://x", circleItem, now, friend)).toMatchObject({ id: circleItem });
    expect((await apiListItems(database.db, "http://x", query)).items.map((i) => i.id)).not.toContain(circleItem);
    expect((await apiListItems(database.db, "http://x", query, stranger)).items.map((i) => i.id)).not.toContain(circleItem);
    expect((await apiListItems(database.db, "http://x", query, friend)).items.map((i) => i.id)).toContain(circleItem);
  });

  it("through the routes: the page is a 404 for others, search and the API leave it out, and a member's answer is not publicly cached", async () => {
    const strangerCookie = await sessionCookieFor(services, stranger);
    const friendCookie = await sessionCookieFor(services, friend);
    const ctx = testContext(services);
    const page = (cookie: string | null) =>
      status(() => itemPageLoader({ request: get(`/items/${circleItem}`, cookie), context: ctx, params: { itemId: circleItem } }));
    expect(await page(null)).toBe(404);
    expect(await page(strangerCookie)).toBe(404);
    expect(await page(friendCookie)).toBe(200);

    const listed = async (cookie: string | null) =>
      ((await itemsLoader({ request: get("/items", cookie), context: ctx, params: {} })) as { result: { items: { id: string }[] } }).result.items.map(
        (i) => i.id,
      );
    expect(await listed(strangerCookie)).not.toContain(circleItem);
    expect(await listed(friendCookie)).toContain(circleItem);

    const api = (cookie: string | null) => apiItemLoader({ request: get(`/api/items/${circleItem}`, cookie), context: ctx, params: { itemId: circleItem } });
    expect((await api(null)).status).toBe(404);
    expect((await api(strangerCookie)).status).toBe(404);
    const mine = await api(friendCookie);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Cache-Control")).toBe("private, no-store");
    const apiList = async (cookie: string | null) =>
      ((await (await apiItemsLoader({ request: get("/api/items", cookie), context: ctx, params: {} })).json()) as { items: { id: string }[] }).items.map(
        (i) => i.id,
      );
    expect(await apiList(null)).not.toContain(circleItem);
    expect(await apiList(strangerCookie)).not.toContain(circleItem);
    expect(await apiList(friendCookie)).toContain(circleItem);
  });

  it("only the circle's members may ask to borrow it", async () => {
    const ask = (borrowerId: string, startsOn: string) =>
      requestLoan(database.db, { itemId: circleItem, borrowerId, startsOn, endsOn: startsOn, message: "", now });
    expect(await ask(stranger, "2026-12-10")).toEqual({ ok: false, error: "NotInCircle" });
    expect(await ask(friend, "2026-12-11")).toMatchObject({ ok: true });
  });

  it("leaving the circle takes the item out of sight", async () => {
    const leaver = await makeUser(database.db, { name: "Sanne" });
    await joinCircle(database.db, services.signer, { token: await tokenOf(circleId), userId: leaver, now });
    expect((await searchItems(database.db, { viewerId: leaver })).items.map((i) => i.id)).toContain(circleItem);
    expect(await leaveCircle(database.db, { circleId, actorId: leaver, now })).toEqual({ ok: true });
    expect((await searchItems(database.db, { viewerId: leaver })).items.map((i) => i.id)).not.toContain(circleItem);
    expect(await getItemDetail(database.db, circleItem, leaver)).toBeNull();
  });

  it("the item form takes only the owner's own circles, and the database holds 'circles only ⇔ at least one circle'", async () => {
    const other = await createCircle(database.db, { ownerId: stranger, name: "Buren van Pieter", now });
    const theirs = other.ok ? other.circleId : "";
    const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: "#3a7" } })
      .jpeg()
      .toBuffer();
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom("items")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    // Someone else's circle, or none: refused next to the field, and nothing is written.
    for (const circleIds of [[theirs], []]) {
      expect(
        await createItem(database.db, services.storage, { ownerId: owner, item: itemInput({ audience: "circles", circleIds }), photos: [photo], now }),
      ).toEqual({
        ok: false,
        field: "circleIds",
        error: "NoCircle",
      });
    }
    expect(await count()).toBe(before);
    const made = await createItem(database.db, services.storage, {
      ownerId: owner,
      item: itemInput({ audience: "circles", circleIds: [circleId, theirs] }),
      photos: [photo],
      now,
    });
    expect(made.ok).toBe(true);
    const madeId = made.ok ? made.itemId : "";
    expect((await database.db.selectFrom("item_circles").select("circle_id").where("item_id", "=", madeId).execute()).map((r) => r.circle_id)).toEqual([
      circleId,
    ]);
    const refused = await updateItem(database.db, services.storage, {
      ownerId: owner,
      itemId: madeId,
      item: itemInput({ audience: "circles", circleIds: [theirs] }),
      newPhotos: [],
      removePhotoIds: [],
      now,
    });
    expect(refused).toEqual({ ok: false, field: "circleIds", error: "NoCircle" });
    expect((await database.db.selectFrom("item_circles").select("circle_id").where("item_id", "=", madeId).execute()).map((r) => r.circle_id)).toEqual([
      circleId,
    ]);
    // Back to the neighbourhood: its circles go with it.
    expect(
      await updateItem(database.db, services.storage, {
        ownerId: owner,
        itemId: madeId,
        item: itemInput({ audience: "neighbourhood" }),
        newPhotos: [],
        removePhotoIds: [],
        now,
      }),
    ).toEqual({ ok: true });
    expect(await database.db.selectFrom("item_circles").select("circle_id").where("item_id", "=", madeId).execute()).toEqual([]);
    // The database refuses a circles-only item without circles, and a circle that is not the owner's.
    await expect(database.db.updateTable("items").set({ audience: "circles" }).where("id", "=", openItem).execute()).rejects.toThrow(/at least one circle/);
    await expect(database.db.insertInto("item_circles").values({ item_id: circleItem, circle_id: theirs }).execute()).rejects.toThrow(/owner/);
  });
});

describe("circles", () => {
  it("membership is private to its members: the page is a 404 to others; the owner sees the link", async () => {
    expect(await getCirclePage(database.db, services.signer, circleId, stranger)).toBeNull();
    const seen = await getCirclePage(database.db, services.signer, circleId, friend);
    expect(seen?.members.map((m) => m.displayName).sort()).toEqual(["Eva", "Mohammed"]);
    expect(seen?.inviteToken).toBeNull();
    expect((await getCirclePage(database.db, services.signer, circleId, owner))?.inviteToken).toBe(await tokenOf(circleId));
    expect((await listMyCircles(database.db, stranger)).map((c) => c.id)).not.toContain(circleId);
    const cookie = await sessionCookieFor(services, stranger);
    expect(await status(() => circlePageLoader({ request: get(`/circles/${circleId}`, cookie), context: testContext(services), params: { circleId } }))).toBe(
      404,
    );
  });

  it("invites by link (renewing it retires the old one) and by e-mail (a notice with the link; the same answer without an account)", async () => {
    const oldToken = await tokenOf(circleId);
    expect(await renewInviteLink(database.db, { circleId, ownerId: friend, now })).toEqual({ ok: false, error: "NotFound" });
    expect(await renewInviteLink(database.db, { circleId, ownerId: owner, now })).toEqual({ ok: true });
    expect(await getInvite(database.db, services.signer, oldToken, stranger)).toBeNull();
    expect(await joinCircle(database.db, services.signer, { token: oldToken, userId: stranger, now })).toEqual({ ok: false, error: "BadLink" });
    expect(await getInvite(database.db, services.signer, await tokenOf(circleId), stranger)).toMatchObject({
      name: "Tennisclub",
      ownerName: "Mohammed",
      isMember: false,
    });

    const email = (await database.db.selectFrom("users").select("email").where("id", "=", stranger).executeTakeFirstOrThrow()).email;
    expect(await inviteByEmail(database.db, services.signer, { circleId, ownerId: owner, email: email.toUpperCase(), now })).toEqual({ ok: true });
    expect(await inviteByEmail(database.db, services.signer, { circleId, ownerId: owner, email: "niemand@example.nl", now })).toEqual({ ok: true });
    expect(await inviteByEmail(database.db, services.signer, { circleId, ownerId: friend, email, now })).toEqual({ ok: false, error: "NotFound" });
    const notices = await database.db
      .selectFrom("notifications")
      .select(["kind", "data"])
      .where("user_id", "=", stranger)
      .where("kind", "=", "circle.invited")
      .execute();
    expect(notices).toHaveLength(1);
    const events = await database.db.selectFrom("circle_events").select("kind").where("circle_id", "=", circleId).execute();
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(["created", "joined", "left", "link_renewed", "invited"]));
  });
});
