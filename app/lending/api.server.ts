import { widestOf } from "../storage/images";
import type { Db } from "../utils/db.server";
import { today } from "./days";
import { calendarWindow, getBookedRanges, getItemDetail } from "./items.server";
import type { SearchQuery } from "./lending-schema";
import { type ItemCard, searchItems } from "./search.server";

/**
 * The public read API (GET /api/items, GET /api/items/:id). Fields are listed one by one — never
 * a row spread — so nothing private can slip out: no address, no owner id, no e-mail; people
 * appear only by display name and neighbourhood.
 */
const abs = (appUrl: string, path: string) => new URL(path, appUrl).toString();

function cardJson(appUrl: string, item: ItemCard) {
  return {
    id: item.id,
    url: abs(appUrl, `/items/${item.id}`),
    title: item.title,
    category: item.category,
    condition: item.condition,
    depositCents: item.depositCents,
    feePerDayCents: item.feePerDayCents,
    maxLoanDays: item.maxLoanDays,
    neighbourhood: { id: item.neighbourhood.id, name: item.neighbourhood.name, city: item.neighbourhood.city },
    postcodeArea: item.postcode4,
    distanceKm: item.distanceKm,
    photo: item.photo ? abs(appUrl, widestOf(item.photo).url) : null,
    owner: { displayName: item.ownerName },
  };
}

/** `viewerId`: the signed-in member calling the API with their session (circle items are theirs to see). */
export async function apiListItems(db: Db, appUrl: string, query: SearchQuery, viewerId: string | null = null) {
  const result = await searchItems(db, {
    viewerId,
    q: query.q,
    category: query.category,
    neighbourhoodId: query.neighbourhood,
    near: query.near,
    maxKm: query.km,
    from: query.from,
    to: query.to,
    page: query.page,
  });
  return {
    items: result.items.map((i) => cardJson(appUrl, i)),
    // Counted up to TOTAL_CAP (decision 083): with `totalCapped`, there are more than `total`.
    total: result.total,
    totalCapped: result.totalCapped,
    hasNextPage: result.hasNextPage,
    page: result.page,
    perPage: result.perPage,
    near: result.near,
  };
}

export async function apiGetItem(db: Db, appUrl: string, itemId: string, now: Date, viewerId: string | null = null) {
  const item = await getItemDetail(db, itemId, viewerId);
  // The API shows listed items only, even to their owner.
  if (!item || item.status !== "listed" || item.hiddenReason !== null) return null;
  const window = calendarWindow(today(now));
  const booked = await getBookedRanges(db, item.id, window.from, window.to);
  return {
    id: item.id,
    url: abs(appUrl, `/items/${item.id}`),
    title: item.title,
    description: item.description,
    category: item.category,
    condition: item.condition,
    replacementValueCents: item.replacementValueCents,
    depositCents: item.depositCents,
    feePerDayCents: item.feePerDayCents,
    maxLoanDays: item.maxLoanDays,
    whoMayBorrow: item.audience,
    neighbourhood: { id: item.neighbourhood.id, name: item.neighbourhood.name, city: item.neighbourhood.city },
    postcodeArea: item.postcode4,
    owner: { displayName: item.owner.displayName, neighbourhood: item.owner.neighbourhoodName },
    photos: item.photos.map((p) => ({ card: abs(appUrl, p.cardUrl), large: abs(appUrl, p.largeUrl) })),
    booked: booked.map((b) => ({ from: b.startsOn, to: b.endsOn })),
    listedAt: item.createdAt.toISOString(),
  };
}
