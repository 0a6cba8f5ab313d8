import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/seed.server";
import { createTestDatabase } from "../test/db";
import type { DatabaseHandle } from "../utils/db.server";
import { backfillImageVariants } from "./backfill.server";
import { getImages, MAX_IMAGE_BYTES, prepareImage, storeImage } from "./images.server";
import { createLocalStorage, createMemoryStorage } from "./storage.server";

let database: DatabaseHandle;
let ownerId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { now: new Date() });
  ownerId = (await database.db.selectFrom("users").select("id").executeTakeFirstOrThrow()).id;
});
afterAll(async () => database?.close());

const photo = (format: "jpeg" | "png" | "webp" | "gif", width = 1200, height = 900) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 140, b: 80 } } })
    .withMetadata({ exif: { IFD0: { Copyright: "secret-location-52.36,4.94" } } })
    .toFormat(format)
    .toBuffer();

describe("storeImage", () => {
  it.each(["jpeg", "png", "webp"] as const)("stores a %s as a card and a large WebP without metadata", async (format) => {
    const storage = createMemoryStorage();
    const result = await storeImage(database.db, storage, { ownerId, purpose: "item_photo", data: await photo(format), now: new Date("2026-12-01T10:00:00Z") });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.image.cardUrl).toMatch(/^\/uploads\/item-photo\/[0-9a-f-]+-card\.webp$/);
    const card = await storage.get(result.image.cardUrl.replace("/uploads/", ""));
    const cardMeta = await sharp(card!.data).metadata();
    expect([cardMeta.format, cardMeta.width, cardMeta.height]).toEqual(["webp", 800, 600]);
    expect(cardMeta.exif).toBeUndefined();
    expect(result.image.width).toBe(1200);
    const found = await getImages(database.db, [result.image.id]);
    expect(found.get(result.image.id)?.largeUrl).toBe(result.image.largeUrl);
  });

  it.each([
    ["a text file called .jpg", async () => Buffer.from("definitely not an image"), "image.error.corrupt"],
    ["a GIF", () => photo("gif"), "image.error.unsupported"],
    ["a tiny image", () => photo("png", 20, 20), "image.error.tooSmall"],
    ["more than 5 MB", async () => Buffer.alloc(MAX_IMAGE_BYTES + 1), "image.error.tooLarge"],
  ])("refuses %s and writes nothing", async (_name, make, error) => {
    const storage = createMemoryStorage();
    const before = (await database.db.selectFrom("uploads").select("id").execute()).length;
    expect(await storeImage(database.db, storage, { ownerId, purpose: "item_photo", data: await make(), now: new Date("2026-12-01T10:00:00Z") })).toEqual({
      ok: false,
      error,
    });
    expect(storage.keys()).toEqual([]);
    expect((await database.db.selectFrom("uploads").select("id").execute()).length).toBe(before);
  });
});

const dimensions = async (storage: ReturnType<typeof createMemoryStorage>, key: string) => {
  const file = await storage.get(key);
  if (!file) return null;
  const meta = await sharp(file.data).metadata();
  return { format: meta.format, width: meta.width, height: meta.height, exif: meta.exif };
};

describe("every variant for srcset (docs/decisions/064)", () => {
  it.each([
    ["a landscape photo", 2400, 1800, { width: 1600, height: 1200 }, [{ kind: "large", width: 800, height: 600 }]],
    ["a portrait photo", 900, 1200, { width: 900, height: 1200 }, []],
    ["a tall photo wider than 1000 px", 1200, 1600, { width: 1200, height: 1600 }, [{ kind: "large", width: 800, height: 1067 }]],
  ] as const)("prepareImage stores %s as cards of 160, 400 and 800 and the whole picture at its widths", async (_name, w, h, large, smallerLarges) => {
    const storage = createMemoryStorage();
    const result = await prepareImage(storage, { ownerId, purpose: "project_cover", data: await photo("jpeg", w, h) });
    if (!result.ok) throw new Error(result.error);
    const { image } = result;
    expect(image.variants.map(({ kind, width, height }) => ({ kind, width, height }))).toEqual([
      { kind: "card", width: 160, height: 120 },
      { kind: "card", width: 400, height: 300 },
      ...smallerLarges,
    ]);
    // Every file is there, a WebP without metadata, with the dimensions it is recorded with.
    expect(await dimensions(storage, image.cardKey)).toEqual({ format: "webp", width: 800, height: 600, exif: undefined });
    expect(await dimensions(storage, image.largeKey)).toEqual({ format: "webp", ...large, exif: undefined });
    expect([image.width, image.height]).toEqual([large.width, large.height]);
    for (const v of image.variants) {
      expect(v.key).toMatch(/^project-cover\/[0-9a-f-]+-(card|large)-\d+\.webp$/);
      expect(await dimensions(storage, v.key)).toEqual({ format: "webp", width: v.width, height: v.height, exif: undefined });
    }
    expect(storage.keys().sort()).toEqual([image.cardKey, image.largeKey, ...image.variants.map((v) => v.key)].sort());
  });

  it("records the variants with the upload: getImages offers them as the card and large sets", async () => {
    const storage = createMemoryStorage();
    const stored = await storeImage(database.db, storage, {
      ownerId,
      purpose: "item_photo",
      data: await photo("png", 2000, 1500),
      now: new Date("2026-12-01T10:00:00Z"),
    });
    if (!stored.ok) throw new Error(stored.error);
    const found = (await getImages(database.db, [stored.image.id])).get(stored.image.id)!;
    expect(found).toEqual(stored.image);
    expect(found.card.map((v) => [v.width, v.height])).toEqual([
      [160, 120],
      [400, 300],
      [800, 600],
    ]);
    expect(found.large.map((v) => [v.width, v.height])).toEqual([
      [800, 600],
      [1600, 1200],
    ]);
    for (const v of [...found.card, ...found.large]) expect(await storage.get(v.url.replace("/uploads/", ""))).not.toBeNull();
  });

  it("an upload from before migration 0031 keeps working, and the backfill makes its variants once", async () => {
    const storage = createMemoryStorage();
    const stored = await storeImage(database.db, storage, {
      ownerId,
      purpose: "item_photo",
      data: await photo("jpeg", 1600, 1200),
      now: new Date("2026-12-01T10:00:00Z"),
    });
    if (!stored.ok) throw new Error(stored.error);
    // As it was stored before: the card and the large only.
    for (const v of stored.image.card.slice(0, -1)) await storage.delete(v.url.replace("/uploads/", ""));
    await storage.delete(stored.image.large[0]!.url.replace("/uploads/", ""));
    await database.db.updateTable("uploads").set({ variants: null }).where("id", "=", stored.image.id).execute();
    // A gone upload (its files lost) is marked, not retried.
    const gone = await storeImage(database.db, createMemoryStorage(), { ownerId, purpose: "item_photo", data: await photo("jpeg"), now: new Date() });
    if (!gone.ok) throw new Error(gone.error);
    await database.db.updateTable("uploads").set({ variants: null }).where("id", "=", gone.image.id).execute();

    const before = (await getImages(database.db, [stored.image.id])).get(stored.image.id)!;
    expect(before.card).toEqual([{ url: stored.image.cardUrl, width: 800, height: 600 }]);
    expect(before.large).toEqual([{ url: stored.image.largeUrl, width: 1600, height: 1200 }]);

    expect(await backfillImageVariants({ db: database.db, storage })).toEqual({ made: 1, missing: 1 });
    const after = (await getImages(database.db, [stored.image.id])).get(stored.image.id)!;
    expect(after).toEqual(stored.image);
    for (const v of [...after.card, ...after.large])
      expect(await dimensions(storage, v.url.replace("/uploads/", ""))).toMatchObject({ width: v.width, height: v.height });
    const goneRow = await database.db.selectFrom("uploads").select("variants").where("id", "=", gone.image.id).executeTakeFirstOrThrow();
    expect(goneRow.variants).toEqual([]);
    expect(await backfillImageVariants({ db: database.db, storage })).toEqual({ made: 0, missing: 0 });
  });
});

describe("local storage", () => {
  it("keeps files on disk and refuses keys that escape its folder", async () => {
    const dir = `/tmp/bk-storage-${process.pid}`;
    const storage = createLocalStorage(dir);
    await storage.put("item-photo/abc-card.webp", Buffer.from("x"), "image/webp");
    expect((await storage.get("item-photo/abc-card.webp"))?.data.toString()).toBe("x");
    expect(await storage.get("../../etc/passwd")).toBeNull();
    await expect(storage.put("../evil.webp", Buffer.from("x"), "image/webp")).rejects.toThrow(/Invalid storage key/);
    await storage.delete("item-photo/abc-card.webp");
    expect(await storage.get("item-photo/abc-card.webp")).toBeNull();
  });
});
