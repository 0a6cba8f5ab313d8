import { CARD, imageUrl, LARGE_MAX_WIDTH, MAX_IMAGE_BYTES, type StoredImage, toStoredImage, variantKey, variantPlan } from "./images";
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import type { UploadPurpose, UploadVariant } from "../../db/schema";
import type { Db } from "../utils/db.server";
import type { FileStorage } from "./storage.server";

export { imageUrl, MAX_IMAGE_BYTES };
const ACCEPTED = new Set(["jpeg", "png", "webp"]);

export type ImageError = "image.error.tooLarge" | "image.error.unsupported" | "image.error.corrupt" | "image.error.tooSmall";

export type { StoredImage } from "./images";

/** An image whose files are stored but whose `uploads` row is not written yet (recordUpload). */
export interface PreparedImage {
  ownerId: string;
  purpose: UploadPurpose;
  cardKey: string;
  largeKey: string;
  width: number;
  height: number;
  bytes: number;
  /** The smaller files beside the card and the large (docs/decisions/064). */
  variants: UploadVariant[];
}

/**
 * Makes and stores the smaller files of an image from its card and its large (variantPlan): the
 * smaller cards are the 800×600 card scaled down, so every size shows the same crop. Keys follow
 * from the stem, so making them again (a backfill that stopped halfway) writes the same files.
 */
export async function storeVariants(
  storage: FileStorage,
  input: { stem: string; card: Buffer; large: Buffer; largeSize: { width: number; height: number } },
): Promise<UploadVariant[]> {
  const variants: UploadVariant[] = [];
  for (const planned of variantPlan(input.largeSize)) {
    const source = planned.kind === "card" ? input.card : input.large;
    const resized =
      planned.kind === "card" ? sharp(source).resize(planned.width, planned.height, { fit: "cover" }) : sharp(source).resize({ width: planned.width });
    const out = await resized.webp({ quality: planned.kind === "card" ? 78 : 82 }).toBuffer({ resolveWithObject: true });
    const key = variantKey(input.stem, planned);
    await storage.put(key, out.data, "image/webp");
    variants.push({ key, kind: planned.kind, width: out.info.width, height: out.info.height });
  }
  return variants;
}

/**
 * Validates an uploaded image by its content (not its name or declared type), strips metadata
 * (EXIF location!), applies the orientation, and stores WebP variants: a 4:3 card (800×600,
 * cropped) and a large one (at most 1600 px wide), and their smaller sizes for `srcset` (160×120,
 * 400×300, 800 wide; docs/decisions/064). Slow, so outside any transaction; the row comes
 * with the feature's own write (`recordUpload` in its transaction), so an upload exists exactly
 * when what it belongs to does. Files of a transaction that rolled back are swept later
 * (sweep.server.ts).
 */
export async function prepareImage(
  storage: FileStorage,
  input: { ownerId: string; purpose: UploadPurpose; data: Buffer },
): Promise<{ ok: true; image: PreparedImage } | { ok: false; error: ImageError }> {
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
    card = await base().resize(CARD.width, CARD.height, { fit: "cover", position: "attention" }).webp({ quality: 78 }).toBuffer();
    large = await base().resize({ width: LARGE_MAX_WIDTH, withoutEnlargement: true }).webp({ quality: 82 }).toBuffer({ resolveWithObject: true });
  } catch {
    return { ok: false, error: "image.error.corrupt" };
  }
  const stem = `${input.purpose.replace(/_/g, "-")}/${randomUUID()}`;
  const cardKey = `${stem}-card.webp`;
  const largeKey = `${stem}-large.webp`;
  await storage.put(cardKey, card, "image/webp");
  await storage.put(largeKey, large.data, "image/webp");
  const variants = await storeVariants(storage, { stem, card, large: large.data, largeSize: large.info });
  return {
    ok: true,
    image: {
      ownerId: input.ownerId,
      purpose: input.purpose,
      cardKey,
      largeKey,
      width: large.info.width,
      height: large.info.height,
      bytes: input.data.byteLength,
      variants,
    },
  };
}

/** Writes the `uploads` row of a prepared image — in the transaction that also writes what refers to it. */
export async function recordUpload(trx: Db, image: PreparedImage, now: Date): Promise<StoredImage> {
  const row = await trx
    .insertInto("uploads")
    .values({
      owner_id: image.ownerId,
      purpose: image.purpose,
      card_key: image.cardKey,
      large_key: image.largeKey,
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      variants: JSON.stringify(image.variants),
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return toStoredImage(row.id, image);
}

/** Prepares and records in one go (the demo seed; callers without a transaction of their own). */
export async function storeImage(
  db: Db,
  storage: FileStorage,
  input: { ownerId: string; purpose: UploadPurpose; data: Buffer; now: Date },
): Promise<{ ok: true; image: StoredImage } | { ok: false; error: ImageError }> {
  const prepared = await prepareImage(storage, input);
  if (!prepared.ok) return prepared;
  return { ok: true, image: await recordUpload(db, prepared.image, input.now) };
}

export async function getImages(db: Db, ids: string[]): Promise<Map<string, StoredImage>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("uploads").select(["id", "card_key", "large_key", "width", "height", "variants"]).where("id", "in", ids).execute();
  return new Map(
    rows.map((r) => [r.id, toStoredImage(r.id, { cardKey: r.card_key, largeKey: r.large_key, width: r.width, height: r.height, variants: r.variants })]),
  );
}
