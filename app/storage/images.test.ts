import { describe, expect, it } from "vitest";
import {
  CARD,
  cardSet,
  checkPickedFiles,
  fallbackOf,
  largeSet,
  MAX_IMAGE_BYTES,
  MAX_UPLOAD_BYTES,
  SMALLER_CARDS,
  srcSetOf,
  stemOfCardKey,
  toStoredImage,
  variantKey,
  variantPlan,
  widestOf,
} from "./images";
import { isValidKey } from "./storage.server";

describe("the browser's check of picked photos (issue 13 §1)", () => {
  const MB = 1024 * 1024;
  it.each([
    [[], null],
    [[12 * MB], null],
    [[MAX_IMAGE_BYTES], null],
    [[MAX_IMAGE_BYTES + 1], "image.error.tooLarge"],
    [[3 * MB, 25 * MB], "image.error.tooLarge"],
    [[15 * MB, 15 * MB], null],
    [[15 * MB, 15 * MB, 15 * MB], "image.error.tooLargeTogether"],
  ] as const)("%o → %s", (sizes, expected) => {
    expect(checkPickedFiles(sizes)).toBe(expected);
  });
  it("one photo at the limit fits in a request with the form", () => {
    expect(MAX_IMAGE_BYTES).toBeLessThan(MAX_UPLOAD_BYTES);
  });
});

describe("the smaller files of an upload (docs/decisions/064)", () => {
  const cards = [
    { kind: "card", width: 160, height: 120, suffix: "card-160" },
    { kind: "card", width: 400, height: 300, suffix: "card-400" },
  ];
  it.each([
    ["a phone photo (large 1600×1200)", { width: 1600, height: 1200 }, [...cards, { kind: "large", width: 800, height: 600, suffix: "large-800" }]],
    ["a portrait photo (large 1200×1600)", { width: 1200, height: 1600 }, [...cards, { kind: "large", width: 800, height: 1067, suffix: "large-800" }]],
    ["a wide panorama (large 1600×400)", { width: 1600, height: 400 }, [...cards, { kind: "large", width: 800, height: 200, suffix: "large-800" }]],
    ["just wide enough for an 800 (1000 px)", { width: 1000, height: 750 }, [...cards, { kind: "large", width: 800, height: 600, suffix: "large-800" }]],
    ["too narrow for a smaller large (999 px)", { width: 999, height: 749 }, cards],
    ["a small picture (640×480)", { width: 640, height: 480 }, cards],
  ])("%s", (_name, large, expected) => {
    expect(variantPlan(large)).toEqual(expected);
  });

  it("serves every shown size at twice its pixels: 80×60 thumbnails, 400 px cards, the 800 px card", () => {
    const widths = [...SMALLER_CARDS.map((c) => c.width), CARD.width];
    for (const shown of [80, 200, 400]) expect(widths).toContain(shown * 2);
    for (const c of SMALLER_CARDS) expect(c.width * CARD.height).toBe(c.height * CARD.width);
  });

  it("names each file after the upload's stem", () => {
    expect(stemOfCardKey("item-photo/0b8f-card.webp")).toBe("item-photo/0b8f");
    expect(variantKey("item-photo/0b8f", { suffix: "card-160" })).toBe("item-photo/0b8f-card-160.webp");
    expect(isValidKey(variantKey(stemOfCardKey("project-cover/ab-12-card.webp"), { suffix: "large-800" }))).toBe(true);
  });
});

describe("sets and srcset", () => {
  const upload = {
    cardKey: "item-photo/u-card.webp",
    largeKey: "item-photo/u-large.webp",
    width: 1600,
    height: 1200,
  };
  const made = [
    { key: "item-photo/u-card-400.webp", kind: "card", width: 400, height: 300 },
    { key: "item-photo/u-large-800.webp", kind: "large", width: 800, height: 600 },
    { key: "item-photo/u-card-160.webp", kind: "card", width: 160, height: 120 },
  ] as const;

  it.each([
    [
      "with its smaller files, narrowest first",
      made,
      "/uploads/item-photo/u-card-160.webp 160w, /uploads/item-photo/u-card-400.webp 400w, /uploads/item-photo/u-card.webp 800w",
      "/uploads/item-photo/u-large-800.webp 800w, /uploads/item-photo/u-large.webp 1600w",
    ],
    [
      "from before migration 0031 (not backfilled): the two files there are",
      null,
      "/uploads/item-photo/u-card.webp 800w",
      "/uploads/item-photo/u-large.webp 1600w",
    ],
    ["backfilled without files (they were gone): the same", [], "/uploads/item-photo/u-card.webp 800w", "/uploads/item-photo/u-large.webp 1600w"],
  ] as const)("an upload %s", (_name, variants, cardSrcSet, largeSrcSet) => {
    const image = toStoredImage("id", { ...upload, variants });
    expect(srcSetOf(image.card)).toBe(cardSrcSet);
    expect(srcSetOf(image.large)).toBe(largeSrcSet);
    expect(image.cardUrl).toBe("/uploads/item-photo/u-card.webp");
    expect(widestOf(image.card)).toEqual({ url: "/uploads/item-photo/u-card.webp", width: 800, height: 600 });
  });

  it("a smaller large as wide as the large itself is offered once (the large's own file)", () => {
    const set = largeSet({ ...upload, width: 800, height: 600, variants: [{ key: "x-large-800.webp", kind: "large", width: 800, height: 600 }] });
    expect(set).toEqual([{ url: "/uploads/item-photo/u-large.webp", width: 800, height: 600 }]);
    expect(cardSet({ cardKey: "c-card.webp", variants: null })).toEqual([{ url: "/uploads/c-card.webp", width: 800, height: 600 }]);
  });

  const set = [
    { url: "/a", width: 160, height: 120 },
    { url: "/b", width: 400, height: 300 },
    { url: "/c", width: 800, height: 600 },
  ];
  it.each([
    [80, "/a"],
    [160, "/a"],
    [161, "/b"],
    [400, "/b"],
    [800, "/c"],
    [1200, "/c"],
  ])("src for a browser without srcset, shown %i px wide: %s", (shown, url) => {
    expect(fallbackOf(set, shown).url).toBe(url);
  });
});
