import type { ItemAudience, ItemCategory, ItemCondition, ItemStatus } from "../../db/schema/lending";

export type { ItemAudience, ItemCategory, ItemCondition, ItemStatus };

export const itemCategories = [
  "tools",
  "garden",
  "kitchen",
  "party",
  "sports",
  "kids",
  "electronics",
  "travel",
  "other",
] as const satisfies readonly ItemCategory[];
export const itemConditions = ["as_new", "good", "fair", "worn"] as const satisfies readonly ItemCondition[];
export const itemAudiences = ["neighbourhood", "everyone", "previous_borrowers", "circles"] as const satisfies readonly ItemAudience[];

/** An item lent to circles only names at most this many of its owner's (docs/decisions/061). */
export const MAX_CIRCLES_PER_ITEM = 20;

/** € 500: the cap on deposits (also a CHECK in the database). */
export const MAX_DEPOSIT_CENTS = 50_000;
export const MAX_FEE_PER_DAY_CENTS = 10_000;
export const MAX_REPLACEMENT_CENTS = 1_000_000;
export const MAX_LOAN_DAYS = 60;
export const MAX_PHOTOS = 5;

/**
 * Item status: listed ⇄ paused, and either → unlisted (which can be listed again). Pausing or
 * unlisting declines the item's open requests with a message (items.server.ts).
 */
export type ItemStatusEvent = "pause" | "unlist" | "relist";

export function itemTransition(status: ItemStatus, event: ItemStatusEvent): { ok: true; to: ItemStatus } | { ok: false; error: "IllegalTransition" } {
  switch (event) {
    case "pause":
      return status === "listed" ? { ok: true, to: "paused" } : { ok: false, error: "IllegalTransition" };
    case "unlist":
      return status === "listed" || status === "paused" ? { ok: true, to: "unlisted" } : { ok: false, error: "IllegalTransition" };
    case "relist":
      return status === "paused" || status === "unlisted" ? { ok: true, to: "listed" } : { ok: false, error: "IllegalTransition" };
    default: {
      const unreachable: never = event;
      throw new Error(`Unknown item event ${String(unreachable)}`);
    }
  }
}

export type EligibilityError = "OwnItem" | "NotListed" | "OtherNeighbourhood" | "NotLentBefore" | "NotInCircle";

/** May this member ask to borrow the item? ("who may borrow", chosen by the owner.) */
export function canBorrow(
  item: { ownerId: string; status: ItemStatus; audience: ItemAudience; neighbourhoodId: string },
  borrower: { id: string; neighbourhoodId: string; hasBorrowedFromOwner: boolean; inItemCircle?: boolean },
): EligibilityError | null {
  if (item.ownerId === borrower.id) return "OwnItem";
  if (item.status !== "listed") return "NotListed";
  switch (item.audience) {
    case "everyone":
      return null;
    case "neighbourhood":
      return borrower.neighbourhoodId === item.neighbourhoodId ? null : "OtherNeighbourhood";
    case "previous_borrowers":
      return borrower.hasBorrowedFromOwner ? null : "NotLentBefore";
    case "circles":
      // Circles only (docs/decisions/061): a member of one of the item's circles.
      return borrower.inItemCircle ? null : "NotInCircle";
    default: {
      const unreachable: never = item.audience;
      throw new Error(`Unknown audience ${String(unreachable)}`);
    }
  }
}

/** Distances between postcode-area centroids live with the other geography (app/utils/geo.ts). */
export { distanceKm } from "../utils/geo";

/** An item as its owner lists or edits it (amounts in cents). */
export interface ItemInput {
  title: string;
  description: string;
  category: ItemCategory;
  condition: ItemCondition;
  replacementValueCents: number | null;
  depositCents: number;
  feePerDayCents: number;
  maxLoanDays: number;
  audience: ItemAudience;
  postcode4: string | null;
  pickupAddress: string;
  /** With audience "circles": which of the owner's circles (docs/decisions/061). */
  circleIds?: string[];
  /** The owner's trust gates (docs/reputation.md): the lowest level that may ask, and "no deposit for trusted neighbours". */
  minTrustLevel: number;
  waiveDepositTrusted: boolean;
}
