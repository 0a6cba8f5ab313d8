import type { UploadVariant } from "../../db/schema";

/** One stored file of an image: where it is served and its pixels. */
export interface ImageVariant {
  url: string;
  width: number;
  height: number;
}

/**
 * The same picture in several widths of one aspect ratio, narrowest first, never empty — what a
 * `srcset` offers (docs/decisions/064). An upload from before migration 0031 that is not backfilled
 * yet has one entry per set: the files it has.
 */
export type ImageSet = ImageVariant[];

/** What the app knows of a stored image (the files live in FileStorage; app/storage/images.server.ts). */
export interface StoredImage {
  id: string;
  cardUrl: string;
  largeUrl: string;
  width: number;
  height: number;
  /** The 4:3 crop (cards, thumbnails): 160×120, 400×300 and 800×600. */
  card: ImageSet;
  /** The whole picture (a project's or an item's own page): 800 and at most 1600 px wide. */
  large: ImageSet;
}

/** The card every upload has had since the start (`card_key`): 4:3, cropped. */
export const CARD = { width: 800, height: 600 } as const;
/** The large (`large_key`): the whole picture, at most this wide, never enlarged. */
export const LARGE_MAX_WIDTH = 1600;

/**
 * The smaller files made beside them, sized for where pictures are shown at twice their CSS pixels:
 * 160×120 for the 80×60 thumbnails of lists (loans, my items), 400×300 for a card in a grid on a
 * screen of ordinary density (a card is 270–360 px wide there), 800 wide for the whole picture on a
 * phone or a page column at 1×. The 800×600 card and the 1600 large serve the 2× screens.
 */
export const SMALLER_CARDS = [
  { width: 160, height: 120 },
  { width: 400, height: 300 },
] as const;
export const SMALLER_LARGE_WIDTHS = [800] as const;

/** One file to make: its kind and size, and the suffix its key gets after the upload's stem. */
export interface PlannedVariant {
  kind: UploadVariant["kind"];
  width: number;
  height: number;
  suffix: string;
}

/**
 * Which smaller files to make for a large of these dimensions. A smaller whole picture is only worth
 * a file when it saves a good part of the bytes: a large that is already at most 1000 px wide
 * (800 / 0.8) gets none, and its own file serves both densities.
 */
export function variantPlan(large: { width: number; height: number }): PlannedVariant[] {
  const cards = SMALLER_CARDS.map((c) => ({ kind: "card" as const, width: c.width, height: c.height, suffix: `card-${c.width}` }));
  const larges = SMALLER_LARGE_WIDTHS.filter((w) => w <= large.width * 0.8).map((w) => ({
    kind: "large" as const,
    width: w,
    height: Math.max(1, Math.round((w * large.height) / large.width)),
    suffix: `large-${w}`,
  }));
  return [...cards, ...larges];
}

/** The key of a planned file: beside `<stem>-card.webp` and `<stem>-large.webp`. */
export const variantKey = (stem: string, planned: Pick<PlannedVariant, "suffix">) => `${stem}-${planned.suffix}.webp`;

/** The stem an upload's keys share (`item-photo/<uuid>`), read from its card's key. */
export const stemOfCardKey = (cardKey: string) => cardKey.replace(/-card\.webp$/, "").replace(/\.webp$/, "");

export const imageUrl = (key: string) => `/uploads/${key}`;

/** An `uploads` row as the sets need it (variants null: not made yet). */
export interface UploadFiles {
  cardKey: string;
  largeKey: string;
  width: number;
  height: number;
  variants: readonly UploadVariant[] | null;
}

function setOf(main: ImageVariant, extra: readonly UploadVariant[]): ImageSet {
  const byWidth = new Map<number, ImageVariant>();
  for (const v of extra) byWidth.set(v.width, { url: imageUrl(v.key), width: v.width, height: v.height });
  // The main file wins a tie: it is the one that surely exists.
  byWidth.set(main.width, main);
  return [...byWidth.values()].sort((a, b) => a.width - b.width);
}

/** The card set (4:3) of an upload: its smaller cards, then the 800×600 card. */
export function cardSet(upload: Pick<UploadFiles, "cardKey" | "variants">): ImageSet {
  return setOf(
    { url: imageUrl(upload.cardKey), ...CARD },
    (upload.variants ?? []).filter((v) => v.kind === "card"),
  );
}

/** The large set (the whole picture) of an upload: its smaller widths, then the large. */
export function largeSet(upload: Pick<UploadFiles, "largeKey" | "width" | "height" | "variants">): ImageSet {
  return setOf(
    { url: imageUrl(upload.largeKey), width: upload.width, height: upload.height },
    (upload.variants ?? []).filter((v) => v.kind === "large"),
  );
}

export function toStoredImage(id: string, upload: UploadFiles): StoredImage {
  return {
    id,
    cardUrl: imageUrl(upload.cardKey),
    largeUrl: imageUrl(upload.largeKey),
    width: upload.width,
    height: upload.height,
    card: cardSet(upload),
    large: largeSet(upload),
  };
}

/** `srcset` with width descriptors, narrowest first: "/uploads/a-card-160.webp 160w, …". */
export function srcSetOf(set: ImageSet): string {
  return [...set]
    .sort((a, b) => a.width - b.width)
    .map((v) => `${v.url} ${v.width}w`)
    .join(", ");
}

/** The widest file of a set (links to the picture, the public API). */
export const widestOf = (set: ImageSet): ImageVariant => [...set].sort((a, b) => b.width - a.width)[0]!;

/**
 * The `src` for a browser that reads no `srcset`: the narrowest file at least as wide as the
 * picture is shown (in CSS pixels), else the widest there is.
 */
export function fallbackOf(set: ImageSet, shownWidth: number): ImageVariant {
  const sorted = [...set].sort((a, b) => a.width - b.width);
  return sorted.find((v) => v.width >= shownWidth) ?? sorted[sorted.length - 1]!;
}

/**
 * Upload limits (issue 13 §1), shared by the browser's check and the server's: one photo straight
 * from a phone (8–15 MB) fits; together the photos of one form stay within the edge's limit for
 * an upload request (server/edge/input.ts, 40 MB). The server resizes every photo.
 */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 38 * 1024 * 1024;

/** The browser's check before sending: which message, if any, for these files. */
export function checkPickedFiles(sizes: readonly number[]): "image.error.tooLarge" | "image.error.tooLargeTogether" | null {
  if (sizes.some((s) => s > MAX_IMAGE_BYTES)) return "image.error.tooLarge";
  if (sizes.reduce((a, b) => a + b, 0) > MAX_UPLOAD_BYTES) return "image.error.tooLargeTogether";
  return null;
}
