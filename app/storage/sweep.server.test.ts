import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createItem, updateItem } from "../lending/items.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { itemInput, makeUser, seedPlaces } from "../test/lending-fixtures";
import { createClock } from "../utils/clock.server";
import type { DatabaseHandle } from "../utils/db.server";
import { createMemoryStorage } from "./storage.server";
import { sweepUnreferencedUploads, UPLOAD_GRACE_MS } from "./sweep.server";

let database: DatabaseHandle;
const start = new Date("2026-12-01T10:00:00Z");
const clock = createClock({ adjustable: true, start: () => start.getTime() });
const photo = () =>
  sharp({ create: { width: 120, height: 90, channels: 3, background: "#3a7" } })
    .jpeg()
    .toBuffer();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await truncateAll(database);
  await seedPlaces(database.db);
});

describe("uploads in the same unit of work, and the sweep of what nothing refers to", () => {
  it("a listing whose insert fails leaves no upload row; its files go after the grace period", async () => {
    const storage = createMemoryStorage({ clock });
    // An owner that does not exist: the photos are stored, then the item's transaction fails.
    const attempt = createItem(database.db, storage, {
      ownerId: "0b8f4a8e-6d0c-4a4e-9d9f-2f1f6f6f6f6f",
      item: itemInput(),
      photos: [await photo(), await photo()],
      now: clock.now(),
    });
    await expect(attempt).rejects.toThrow();
    expect(await database.db.selectFrom("uploads").select("id").execute()).toEqual([]);
    // Per photo: the card, the large and the two smaller cards (docs/decisions/064).
    expect(storage.keys()).toHaveLength(8);

    expect(await sweepUnreferencedUploads({ db: database.db, storage }, clock.now())).toEqual({ rowsDeleted: 0, filesDeleted: 0 });
    expect(storage.keys()).toHaveLength(8);
    expect(await sweepUnreferencedUploads({ db: database.db, storage }, new Date(clock.now().getTime() + UPLOAD_GRACE_MS + 1000))).toEqual({
      rowsDeleted: 0,
      filesDeleted: 8,
    });
    expect(storage.keys()).toEqual([]);
  });

  it("keeps what an item shows, removes a photo taken off it (row and every file of it), and leaves recent uploads alone", async () => {
    const storage = createMemoryStorage({ clock });
    const owner = await makeUser(database.db);
    const made = await createItem(database.db, storage, { ownerId: owner, item: itemInput(), photos: [await photo(), await photo()], now: clock.now() });
    if (!made.ok) throw new Error(made.error);
    const photos = await database.db.selectFrom("item_photos").select(["upload_id"]).orderBy("position").execute();
    expect(photos).toHaveLength(2);
    const removed = await updateItem(database.db, storage, {
      ownerId: owner,
      itemId: made.itemId,
      item: itemInput(),
      newPhotos: [],
      removePhotoIds: [photos[1]!.upload_id],
      now: clock.now(),
    });
    expect(removed).toEqual({ ok: true });
    expect(await database.db.selectFrom("uploads").select("id").execute()).toHaveLength(2);

    const later = new Date(clock.now().getTime() + UPLOAD_GRACE_MS + 1000);
    expect(await sweepUnreferencedUploads({ db: database.db, storage }, later)).toEqual({ rowsDeleted: 1, filesDeleted: 4 });
    const left = await database.db.selectFrom("uploads").select(["id", "card_key", "large_key", "variants"]).execute();
    expect(left.map((u) => u.id)).toEqual([photos[0]!.upload_id]);
    // The photo that stays keeps its smaller files too: they are named by its row, not orphans.
    expect(left[0]!.variants).toHaveLength(2);
    expect(storage.keys().sort()).toEqual([left[0]!.card_key, left[0]!.large_key, ...left[0]!.variants!.map((v) => v.key)].sort());
    // A second run finds nothing more.
    expect(await sweepUnreferencedUploads({ db: database.db, storage }, later)).toEqual({ rowsDeleted: 0, filesDeleted: 0 });
  });
});
