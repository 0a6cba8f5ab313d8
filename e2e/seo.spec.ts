import { expect, test } from "./fixtures";

/**
 * Issue 13 §23 through the real server (docs/decisions/065-seo-and-feeds.md): the head a crawler
 * and a link preview read, the language a URL names, and the files beside the pages.
 */
test.describe("search engines, link previews and feeds", () => {
  test("a project page's head: canonical, hreflang, OpenGraph, its feed, the manifest", async ({ page, baseURL, a11y }) => {
    await page.goto("/projects/moestuin-op-het-javaplein?lang=en");
    await a11y("project page in English by its URL");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    const head = page.locator("head");
    const project = `${baseURL}/projects/moestuin-op-het-javaplein`;
    await expect(head.locator('link[rel="canonical"]')).toHaveAttribute("href", `${project}?lang=en`);
    await expect(head.locator('link[rel="alternate"][hreflang="nl"]')).toHaveAttribute("href", `${project}?lang=nl`);
    await expect(head.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute("href", `${project}?lang=en`);
    await expect(head.locator('link[rel="alternate"][hreflang="x-default"]')).toHaveAttribute("href", project);
    await expect(head.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", `${project}/updates.atom`);
    await expect(head.locator('meta[property="og:locale"]')).toHaveAttribute("content", "en_GB");
    await expect(head.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");

    const feed = await page.request.get(`${project}/updates.atom`);
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(await feed.text()).toContain("<entry>");
    expect((await page.request.get("/projects/speeltuin-sumatraplantsoen/updates.atom")).status()).toBe(404);
  });

  test("an item page and a profile carry OpenGraph tags", async ({ page, a11y }) => {
    await page.goto("/items");
    await a11y("items");
    await page.getByRole("link", { name: "Aluminium ladder 3-delig" }).click();
    await a11y("item page");
    await expect(page.locator('head meta[property="og:title"]')).toHaveAttribute("content", /Aluminium ladder 3-delig/);
    await expect(page.locator('head meta[property="og:image"]')).toHaveAttribute("content", /^http:\/\/127\.0\.0\.1:\d+\/uploads\//);
    await page.goto("/u/anna-de-vries");
    await a11y("profile");
    await expect(page.locator('head meta[property="og:type"]')).toHaveAttribute("content", "profile");
    await expect(page.locator('head link[rel="alternate"][hreflang="en"]')).toHaveAttribute("href", /\/u\/anna-de-vries\?lang=en$/);
  });

  test("robots.txt, the sitemap, the manifest and its icons are served", async ({ page, baseURL }) => {
    const robots = await page.request.get("/robots.txt");
    expect(await robots.text()).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
    const sitemap = await page.request.get("/sitemap.xml");
    expect(sitemap.headers()["content-type"]).toBe("application/xml; charset=utf-8");
    const xml = await sitemap.text();
    expect(xml).toContain(`<loc>${baseURL}/projects/moestuin-op-het-javaplein?lang=en</loc>`);
    expect(xml).not.toContain("speeltuin-sumatraplantsoen");
    const manifest = (await (await page.request.get("/manifest.webmanifest")).json()) as { icons: { src: string }[] };
    for (const icon of [...manifest.icons.map((i) => i.src), "/icons/apple-touch-icon.png"]) {
      const res = await page.request.get(icon);
      expect(res.status(), icon).toBe(200);
      expect(res.headers()["content-type"]).toBe("image/png");
    }
  });
});
