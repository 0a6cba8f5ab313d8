import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Every <img> of the page with the attributes that decide what is loaded and how (issue 13 §22). */
const images = (page: Page) =>
  page.locator("main img").evaluateAll((els) =>
    (els as HTMLImageElement[]).map((img) => ({
      srcset: img.getAttribute("srcset") ?? "",
      sizes: img.getAttribute("sizes"),
      width: img.getAttribute("width"),
      height: img.getAttribute("height"),
      loading: img.getAttribute("loading"),
      fetchpriority: img.getAttribute("fetchpriority"),
      decoding: img.getAttribute("decoding"),
    })),
  );

test.describe("pictures (issue 13 §22, decision 064)", () => {
  test("cards offer their small files and load lazily; a project's cover is fetched first; every picture has its size", async ({ page, request, a11y }) => {
    await page.goto("/projects");
    await a11y("projects list");
    const cards = await images(page);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      expect(card.srcset).toMatch(/-card-160\.webp 160w, .*-card-400\.webp 400w, .*-card\.webp 800w$/);
      expect(card).toMatchObject({ width: "800", height: "600", loading: "lazy", decoding: "async", fetchpriority: null });
      expect(card.sizes).toContain("22rem");
    }
    // The small file is really there.
    const small = cards[0]!.srcset.split(", ")[0]!.split(" ")[0]!;
    const file = await request.get(small);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toBe("image/webp");

    await page.goto("/items");
    await a11y("items");
    const items = await images(page);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.srcset).toContain("160w");
      expect(item).toMatchObject({ width: "800", height: "600", loading: "lazy" });
    }

    await page.goto("/projects/moestuin-op-het-javaplein");
    await a11y("project page");
    const [cover] = await images(page);
    expect(cover).toMatchObject({ loading: null, fetchpriority: "high", decoding: "async" });
    expect(cover!.srcset).toMatch(/-large-800\.webp 800w, .*-large\.webp \d+w$/);

    for (const path of ["/projects", "/items", "/projects/moestuin-op-het-javaplein"]) {
      await page.goto(path);
      const all = await page.locator("img").evaluateAll((els) => els.filter((e) => !e.getAttribute("width") || !e.getAttribute("height")).length);
      expect(all, path).toBe(0);
    }
  });
});
