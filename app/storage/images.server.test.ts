import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/seed.server";
import { createTestDatabase } from "../test/db";
import type { DatabaseHandle } from "../utils/db.server";
import { getImages, MAX_IMAGE_BYTES, storeImage } from "./images.server";
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
