import { cardSet, type ImageSet } from "../storage/images";
import { getImages, type ImageError, type PreparedImage, prepareImage, recordUpload, type StoredImage } from "../storage/images.server";
import type { FileStorage } from "../storage/storage.server";
import type { Db } from "../utils/db.server";
import { addDays, type Ymd } from "./days";
import { type ItemAudience, type ItemCategory, type ItemCondition, type ItemStatus, type ItemStatusEvent, itemTransition, MAX_PHOTOS } from "./item";
import { BOOKED_STATES } from "./loan";
import { declineOpenRequestsForItem } from "./loans.server";
import { dateParam, ymd } from "./sql.server";
import { isUuid } from "../utils/ids";
import { listItemCircleIds, setItemCircles, visibleThroughCircles } from "./circles.server";
import type { ItemInput } from "./item";

export type { ItemInput } from "./item";
import { borrowGates } from "./trust-gates.server";

/** What anyone may see of an item: no address, no owner id — display name and neighbourhood only. */
export interface ItemDetail {
  id: string;
  title: string;
  description: string;
  category: ItemCategory;
  condition: ItemCondition;
  replacementValueCents: number | null;
  depositCents: number;
  feePerDayCents: number;
  maxLoanDays: number;
  audience: ItemAudience;
  status: ItemStatus;
  /** The owner's trust gates: the lowest level that may ask, and "no deposit for trusted neighbours". */
  minTrustLevel: number;
  waiveDepositTrusted: boolean;
  neighbourhood: { id: string; name: string; city: string };
  postcode4: string | null;
  owner: { displayName: string; neighbourhoodName: string };
  photos: { id: string; cardUrl: string; largeUrl: string; card: ImageSet; large: ImageSet }[];
  createdAt: Date;
  /** Why a moderator hid it (only its owner sees a hidden item, with this reason). */
  hiddenReason: string | null;
}

export type ItemError = ImageError | "PhotosRequired" | "TooManyPhotos" | "NotFound" | "NoCircle" | "TrustWaiverTooHigh";

/** Rolls the item's transaction back when its circles are not the owner's (docs/decisions/061). */
class NoCircle extends Error {}

/** The owner's trust options, checked by the one rules table (app/reputation/levels.ts, through the extension point). */
const itemOptionsError = (item: ItemInput) =>
  borrowGates().itemOptionsError({
    replacementValueCents: item.replacementValueCents,
    depositCents: item.depositCents,
    minTrustLevel: item.minTrustLevel,
    waiveDepositTrusted: item.waiveDepositTrusted,
  });

/** Validates and stores the photos' files (slow: outside any transaction); their rows come with the item's write. */
async function preparePhotos(
  storage: FileStorage,
  ownerId: string,
  photos: Buffer[],
): Promise<{ ok: true; images: PreparedImage[] } | { ok: false; error: ImageError }> {
  const images: PreparedImage[] = [];
  for (const data of photos) {
    const prepared = await prepareImage(storage, { ownerId, purpose: "item_photo", data });
    if (!prepared.ok) return prepared;
    images.push(prepared.image);
  }
  return { ok: true, images };
}

async function recordPhotos(trx: Db, images: PreparedImage[], now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const image of images) ids.push((await recordUpload(trx, image, now)).id);
  return ids;
}

/**
 * Lists an item with 1–5 photos. The photos' files are validated and stored first (outside the
 * transaction: resizing is slow), then the item, its uploads, its photos and its first event are
 * written together — a failed insert leaves no row, and its files are swept (storage/sweep.server.ts).
 */
export async function createItem(
  db: Db,
  storage: FileStorage,
  input: { ownerId: string; item: ItemInput; photos: Buffer[]; now: Date },
): Promise<{ ok: true; itemId: string } | { ok: false; field: "photos" | "circleIds" | "waiveDepositTrusted"; error: ItemError }> {
  const optionsError = itemOptionsError(input.item);
  if (optionsError) return { ok: false, field: "waiveDepositTrusted", error: optionsError };
  if (input.photos.length === 0) return { ok: false, field: "photos", error: "PhotosRequired" };
  if (input.photos.length > MAX_PHOTOS) return { ok: false, field: "photos", error: "TooManyPhotos" };
  const stored = await preparePhotos(storage, input.ownerId, input.photos);
  if (!stored.ok) return { ok: false, field: "photos", error: stored.error };
  const itemId = await db
    .transaction()
    .execute(async (trx) => {
      const owner = await trx.selectFrom("users").select(["neighbourhood_id", "postcode4"]).where("id", "=", input.ownerId).executeTakeFirstOrThrow();
      const { item, now } = input;
      const row = await trx
        .insertInto("items")
        .values({
          owner_id: input.ownerId,
          title: item.title,
          description: item.description,
          category: item.category,
          condition: item.condition,
          replacement_value_cents: item.replacementValueCents,
          deposit_cents: item.depositCents,
          fee_per_day_cents: item.feePerDayCents,
          max_loan_days: item.maxLoanDays,
          audience: item.audience,
          neighbourhood_id: owner.neighbourhood_id,
          postcode4: item.postcode4 ?? owner.postcode4,
          pickup_address: item.pickupAddress,
          min_trust_level: item.minTrustLevel,
          waive_deposit_trusted: item.waiveDepositTrusted,
          status: "listed",
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const uploadIds = await recordPhotos(trx, stored.images, now);
      await trx
        .insertInto("item_photos")
        .values(uploadIds.map((uploadId, position) => ({ item_id: row.id, upload_id: uploadId, position })))
        .execute();
      await trx
        .insertInto("item_events")
        .values({ item_id: row.id, actor_id: input.ownerId, kind: "listed", from_status: null, to_status: "listed", occurred_at: now })
        .execute();
      if (await setItemCircles(trx, { itemId: row.id, ownerId: input.ownerId, audience: item.audience, circleIds: item.circleIds ?? [] })) throw new NoCircle();
      return row.id;
    })
    .catch((error: unknown) => {
      if (error instanceof NoCircle) return null;
      throw error;
    });
  if (itemId === null) return { ok: false, field: "circleIds", error: "NoCircle" };
  return { ok: true, itemId };
}

/**
 * Edits an item. The terms of existing loans do not change (they were copied into each loan).
 * Photos: `removePhotoIds` are dropped, `newPhotos` appended; 1–5 must remain.
 */
export async function updateItem(
  db: Db,
  storage: FileStorage,
  input: { ownerId: string; itemId: string; item: ItemInput; newPhotos: Buffer[]; removePhotoIds: string[]; now: Date },
): Promise<{ ok: true } | { ok: false; field: "photos" | "circleIds" | "waiveDepositTrusted"; error: ItemError }> {
  if (!isUuid(input.itemId)) return { ok: false, field: "photos", error: "NotFound" };
  const optionsError = itemOptionsError(input.item);
  if (optionsError) return { ok: false, field: "waiveDepositTrusted", error: optionsError };
  const current = await db
    .selectFrom("item_photos")
    .innerJoin("items", "items.id", "item_photos.item_id")
    .select(["item_photos.upload_id", "item_photos.position"])
    .where("items.id", "=", input.itemId)
    .where("items.owner_id", "=", input.ownerId)
    .orderBy("item_photos.position")
    .execute();
  const ownsItem = await db.selectFrom("items").select("id").where("id", "=", input.itemId).where("owner_id", "=", input.ownerId).executeTakeFirst();
  if (!ownsItem) return { ok: false, field: "photos", error: "NotFound" };
  const kept = current.map((p) => p.upload_id).filter((id) => !input.removePhotoIds.includes(id));
  if (kept.length + input.newPhotos.length === 0) return { ok: false, field: "photos", error: "PhotosRequired" };
  if (kept.length + input.newPhotos.length > MAX_PHOTOS) return { ok: false, field: "photos", error: "TooManyPhotos" };
  const stored = await preparePhotos(storage, input.ownerId, input.newPhotos);
  if (!stored.ok) return { ok: false, field: "photos", error: stored.error };
  const written = await db
    .transaction()
    .execute(async (trx) => {
      const { item, now } = input;
      const locked = await trx
        .selectFrom("items")
        .select("id")
        .where("id", "=", input.itemId)
        .where("owner_id", "=", input.ownerId)
        .forUpdate()
        .executeTakeFirst();
      if (!locked) return;
      await trx
        .updateTable("items")
        .set({
          title: item.title,
          description: item.description,
          category: item.category,
          condition: item.condition,
          replacement_value_cents: item.replacementValueCents,
          deposit_cents: item.depositCents,
          fee_per_day_cents: item.feePerDayCents,
          max_loan_days: item.maxLoanDays,
          audience: item.audience,
          postcode4: item.postcode4,
          pickup_address: item.pickupAddress,
          min_trust_level: item.minTrustLevel,
          waive_deposit_trusted: item.waiveDepositTrusted,
          updated_at: now,
        })
        .where("id", "=", input.itemId)
        .execute();
      const order = [...kept, ...(await recordPhotos(trx, stored.images, now))];
      await trx.deleteFrom("item_photos").where("item_id", "=", input.itemId).execute();
      await trx
        .insertInto("item_photos")
        .values(order.map((upload_id, position) => ({ item_id: input.itemId, upload_id, position })))
        .execute();
      await trx
        .insertInto("item_events")
        .values({ item_id: input.itemId, actor_id: input.ownerId, kind: "edited", from_status: null, to_status: "listed", occurred_at: now })
        .execute();
      if (await setItemCircles(trx, { itemId: input.itemId, ownerId: input.ownerId, audience: item.audience, circleIds: item.circleIds ?? [] }))
        throw new NoCircle();
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof NoCircle) return false;
      throw error;
    });
  if (!written) return { ok: false, field: "circleIds", error: "NoCircle" };
  return { ok: true };
}

/**
 * Pause, unlist or relist. Pausing or unlisting declines every open request with a message;
 * accepted loans stand (the owner cancels those explicitly, with a reason).
 */
export async function changeItemStatus(
  db: Db,
  input: { ownerId: string; itemId: string; event: ItemStatusEvent; now: Date },
): Promise<{ ok: true; status: ItemStatus; declined: number } | { ok: false; error: "NotFound" | "IllegalTransition" }> {
  if (!isUuid(input.itemId)) return { ok: false, error: "NotFound" };
  return db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom("items").select(["id", "status", "owner_id"]).where("id", "=", input.itemId).forUpdate().executeTakeFirst();
    if (!item || item.owner_id !== input.ownerId) return { ok: false as const, error: "NotFound" as const };
    const result = itemTransition(item.status, input.event);
    if (!result.ok) return result;
    await trx.updateTable("items").set({ status: result.to, updated_at: input.now }).where("id", "=", item.id).execute();
    await trx
      .insertInto("item_events")
      .values({ item_id: item.id, actor_id: input.ownerId, kind: input.event, from_status: item.status, to_status: result.to, occurred_at: input.now })
      .execute();
    const declined =
      input.event === "relist"
        ? 0
        : await declineOpenRequestsForItem(trx, item.id, input.event === "pause" ? "lending.note.itemPaused" : "lending.note.itemUnlisted", input.now);
    return { ok: true as const, status: result.to, declined };
  });
}

function photosOf(ids: string[], images: Map<string, StoredImage>) {
  return ids.flatMap((id) => {
    const img = images.get(id);
    return img ? [{ id, cardUrl: img.cardUrl, largeUrl: img.largeUrl, card: img.card, large: img.large }] : [];
  });
}

/** The public view of an item. Unlisted/paused items only for their owner (`viewerId`). */
async function hasLoanOnItem(db: Db, itemId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom("loans").select("id").where("item_id", "=", itemId).where("borrower_side_id", "=", userId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function getItemDetail(db: Db, itemId: string, viewerId?: string | null): Promise<(ItemDetail & { isOwner: boolean; ownerId: string }) | null> {
  if (!isUuid(itemId)) return null;
  const row = await db
    .selectFrom("items as i")
    .innerJoin("users as u", "u.id", "i.owner_id")
    .innerJoin("neighbourhoods as n", "n.id", "i.neighbourhood_id")
    .innerJoin("neighbourhoods as un", "un.id", "u.neighbourhood_id")
    .select([
      "i.id",
      "i.owner_id",
      "i.title",
      "i.description",
      "i.category",
      "i.condition",
      "i.replacement_value_cents",
      "i.deposit_cents",
      "i.fee_per_day_cents",
      "i.max_loan_days",
      "i.audience",
      "i.status",
      "i.postcode4",
      "i.created_at",
      "i.min_trust_level",
      "i.waive_deposit_trusted",
      "n.id as n_id",
      "n.name as n_name",
      "n.city as n_city",
      "u.display_name",
      "un.name as owner_neighbourhood",
      "i.hidden_at",
      "i.hidden_reason",
      "u.suspended_at as owner_suspended_at",
    ])
    .where("i.id", "=", itemId)
    // Circles only: its owner's and its circles' members'; to anyone else it does not exist (decision 061).
    .where(visibleThroughCircles(viewerId, { id: "i.id", audience: "i.audience", owner: "i.owner_id" }))
    .executeTakeFirst();
  if (!row) return null;
  const isOwner = viewerId === row.owner_id;
  // Paused or unlisted: still there for its owner and for whoever has (had) a loan on it, so their
  // loan page's link works (issue 13 §14); to anyone else it is not listed.
  if (row.status !== "listed" && !isOwner && !(viewerId && (await hasLoanOnItem(db, itemId, viewerId)))) return null;
  // Hidden by a moderator: its owner's only (they see why); a suspended owner's items: nobody's (decision 060).
  if (row.hidden_at !== null && !isOwner) return null;
  if (row.owner_suspended_at !== null) return null;
  const photoRows = await db.selectFrom("item_photos").select("upload_id").where("item_id", "=", itemId).orderBy("position").execute();
  const images = await getImages(
    db,
    photoRows.map((p) => p.upload_id),
  );
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    category: row.category,
    condition: row.condition,
    replacementValueCents: row.replacement_value_cents,
    depositCents: row.deposit_cents,
    feePerDayCents: row.fee_per_day_cents,
    maxLoanDays: row.max_loan_days,
    audience: row.audience,
    status: row.status,
    minTrustLevel: row.min_trust_level,
    waiveDepositTrusted: row.waive_deposit_trusted,
    neighbourhood: { id: row.n_id, name: row.n_name, city: row.n_city },
    postcode4: row.postcode4,
    owner: { displayName: row.display_name, neighbourhoodName: row.owner_neighbourhood },
    photos: photosOf(
      photoRows.map((p) => p.upload_id),
      images,
    ),
    createdAt: row.created_at,
    hiddenReason: row.hidden_at !== null ? row.hidden_reason : null,
    isOwner,
    ownerId: row.owner_id,
  };
}

/** The owner's own view for editing: includes the private pickup address. */
export async function getItemForOwner(db: Db, itemId: string, ownerId: string): Promise<(ItemDetail & { pickupAddress: string; circleIds: string[] }) | null> {
  const detail = await getItemDetail(db, itemId, ownerId);
  if (!detail?.isOwner) return null;
  const row = await db.selectFrom("items").select("pickup_address").where("id", "=", itemId).executeTakeFirstOrThrow();
  const { isOwner: _o, ownerId: _id, ...rest } = detail;
  return { ...rest, pickupAddress: row.pickup_address, circleIds: await listItemCircleIds(db, itemId) };
}

/** Booked days of an item (accepted, picked up, overdue loans) that touch [from, to]: dates only, never who. */
export async function getBookedRanges(db: Db, itemId: string, from: Ymd, to: Ymd): Promise<{ startsOn: Ymd; endsOn: Ymd }[]> {
  if (!isUuid(itemId)) return [];
  const rows = await db
    .selectFrom("loans")
    .select([ymd("starts_on").as("starts_on"), ymd("ends_on").as("ends_on")])
    .where("item_id", "=", itemId)
    .where("state", "in", [...BOOKED_STATES])
    .where("ends_on", ">=", dateParam(from))
    .where("starts_on", "<=", dateParam(to))
    .orderBy("starts_on")
    .execute();
  return rows.map((r) => ({ startsOn: r.starts_on, endsOn: r.ends_on }));
}

export interface OwnerItemSummary {
  id: string;
  title: string;
  status: ItemStatus;
  category: ItemCategory;
  photo: ImageSet | null;
  openRequests: number;
  /** Why a moderator hid it (null: not hidden). */
  hiddenReason: string | null;
}

export async function listOwnerItems(db: Db, ownerId: string): Promise<OwnerItemSummary[]> {
  const rows = await db
    .selectFrom("items as i")
    .leftJoin("item_photos as p", (j) => j.onRef("p.item_id", "=", "i.id").on("p.position", "=", 0))
    .leftJoin("uploads as up", "up.id", "p.upload_id")
    .select((eb) => [
      "i.id",
      "i.title",
      "i.status",
      "i.category",
      "up.card_key",
      "up.variants",
      "i.hidden_reason",
      eb
        .selectFrom("loans as l")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("l.item_id", "=", "i.id")
        .where("l.state", "=", "requested")
        .as("open_requests"),
    ])
    .where("i.owner_id", "=", ownerId)
    .orderBy("i.status")
    .orderBy("i.created_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    category: r.category,
    photo: r.card_key ? cardSet({ cardKey: r.card_key, variants: r.variants }) : null,
    openRequests: Number(r.open_requests ?? 0),
    hiddenReason: r.hidden_reason,
  }));
}

/** Days from today for which the item calendar is shown (and free days can be requested). */
export const calendarWindow = (todayDay: Ymd) => ({ from: todayDay, to: addDays(todayDay, 62) });
