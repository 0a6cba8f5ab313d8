import type { StoredImage } from "./images";
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import type { UploadPurpose } from "../../db/schema";
import type { Db } from "../utils/db.server";
import type { FileStorage } from "./storage.server";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const ACCEPTED = new Set(["jpeg", "png", "webp"]);

export type ImageError = "image.error.tooLarge" | "image.error.unsupported" | "image.error.corrupt" | "image.error.tooSmall";

export type { StoredImage } from "./images";

export const imageUrl = (key: string) => `/uploads/${key}`;

/**
 * Validates an uploaded image by its content (not its name or declared type), strips metadata
 * (EXIF location!), applies the orientation, and stores two WebP variants: a 4:3 card (800×600,
 * cropped) and a large one (at most 1600 px wide). Writes files first and the `uploads` row last,
 * so a failure leaves at most unreferenced files, never a row pointing at nothing.
 */
export async function storeImage(
  db: Db,
  storage: FileStorage,
  input: { ownerId: string; purpose: UploadPurpose; data: Buffer },
): Promise<{ ok: true; image: StoredImage } | { ok: false; error: ImageError }> {
  if (input.data.byteLength > MAX_IMAGE_BYTES) return { ok: false, error: "image.error.tooLarge" };
  let meta: sharp.Metadata;
  try {
    meta = await sharp(input.data, { failOn: "error" }).metadata();
  } catch {
    return { ok: false, error: "image.error.corrupt" };
  }
  if (!meta.format || !ACCEPTED.has(meta.format)) return { ok: false, error: "image.error.unsupported" };
  if (!meta.width || !meta.height || meta.width < 50 || meta.height < 50) return { ok: false, error: "image.error.tooSmall" };
  if (meta.width * meta.height > 50_000_000) return { ok: false, error: "image.error.tooLarge" };

  let card: Buffer;
  let large: { data: Buffer; info: sharp.OutputInfo };
  try {
    const base = () => sharp(input.data, { failOn: "error" }).rotate();
    card = await base().resize(800, 600, { fit: "cover", position: "attention" }).webp({ quality: 78 }).toBuffer();
    large = await base().resize({ width: 1600, withoutEnlargement: true }).webp({ quality: 82 }).toBuffer({ resolveWithObject: true });
  } catch {
    return { ok: false, error: "image.error.corrupt" };
  }
  const stem = `${input.purpose.replace(/_/g, "-")}/${randomUUID()}`;
  const cardKey = `${stem}-card.webp`;
  const largeKey = `${stem}-large.webp`;
  await storage.put(cardKey, card, "image/webp");
  await storage.put(largeKey, large.data, "image/webp");
  const row = await db
    .insertInto("uploads")
    .values({
      owner_id: input.ownerId,
      purpose: input.purpose,
      card_key: cardKey,
      large_key: largeKey,
      width: large.info.width,
      height: large.info.height,
      bytes: input.data.byteLength,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    ok: true,
    image: { id: row.id, cardUrl: imageUrl(cardKey), largeUrl: imageUrl(largeKey), width: large.info.width, height: large.info.height },
  };
}

export async function getImages(db: Db, ids: string[]): Promise<Map<string, StoredImage>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("uploads").select(["id", "card_key", "large_key", "width", "height"]).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, cardUrl: imageUrl(r.card_key), largeUrl: imageUrl(r.large_key), width: r.width, height: r.height }]));
}
