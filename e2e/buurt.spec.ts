import type { Page } from "@playwright/test";
import { expect, login, test } from "./fixtures";

/**
 * Issue 15's neighbourhood page: from the home page (with the whole platform's charts) to the
 * Indische Buurt's own page → its story, its two moderators, the feed filtered to do, get and see
 * (plain links), the charts of what was done together with their tables → Eva, one of its
 * moderators, edits the story → on a phone the page fits the screen.
 */
async function fits(page: Page, what: string) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page, `${what}: the page is wider than the screen`).toBeLessThanOrEqual(widths.screen);
}

const STORY = `Elke eerste zaterdag van de maand ruimen we samen het Javaplein op (${Date.now().toString(36)}).`;

test.describe("a neighbourhood's page", () => {
  test("home → neighbourhood page: story, moderators, feed by do/get/see, charts with tables → a moderator edits the story → fits a phone", async ({
    page,
    a11y,
  }) => {
    test.setTimeout(120_000);

    // 1. The home page shows the platform's charts and links to each neighbourhood's page.
    await page.goto("/");
    await a11y("home");
    const platform = page.getByRole("region", { name: "Wat we samen deden, in alle buurten" });
    await expect(platform).toBeVisible();
    await expect(platform.getByRole("img", { name: "Opgehaald geld" })).toBeVisible();
    await page.getByRole("link", { name: "Indische Buurt", exact: true }).click();
    await expect(page).toHaveURL(/\/buurt\/indische-buurt$/);

    // 2. Its story and its moderators.
    await expect(page.getByRole("heading", { level: 1, name: "Indische Buurt" })).toBeVisible();
    const story = page.getByRole("region", { name: "Over de buurt" });
    await expect(story.getByText("Dappermarkt", { exact: false }).first()).toBeVisible();
    const moderators = page.getByRole("region", { name: "Buurtmoderatoren" });
    await expect(moderators.getByRole("link", { name: "Eva Visser" })).toBeVisible();
    await expect(moderators.getByRole("link", { name: "Mohammed El Amrani" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Buurtpagina bewerken" })).toHaveCount(0);
    await a11y("neighbourhood page");

    // 3. The feed, filtered by plain links: each filter shows only its kind.
    const feed = page.getByRole("region", { name: "Wat er te doen, te halen en te zien is" });
    await expect(feed.locator("[data-feed-kind]").first()).toBeVisible();
    for (const [label, kind, param] of [
      ["Doen", "do", "doen"],
      ["Halen", "get", "halen"],
      ["Zien", "see", "zien"],
    ] as const) {
      await feed.getByRole("navigation", { name: "Toon" }).getByRole("link", { name: label, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`soort=${param}`));
      await expect(feed.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
      const kinds = await feed.locator("[data-feed-kind]").evaluateAll((els) => els.map((e) => e.getAttribute("data-feed-kind")));
      expect(kinds.length, `${label}: something to show`).toBeGreaterThan(0);
      expect(new Set(kinds), label).toEqual(new Set([kind]));
    }
    await a11y("feed filtered");
    await feed.getByRole("link", { name: "Alles", exact: true }).click();
    await expect(page).not.toHaveURL(/soort=/);
    const atom = await page.request.get("/buurt/indische-buurt/feed.atom");
    expect(atom.headers()["content-type"]).toContain("application/atom+xml");
    expect(await atom.text()).toContain("<entry>");

    // 4. What we did together: five charts, each an image with a title and a table with a caption.
    const impact = page.getByRole("region", { name: "Wat we samen deden", exact: true });
    for (const name of ["Opgehaald geld", "Gefinancierde projecten", "Vrijwilligersuren", "Uitgeleende spullen", "Bespaard door te lenen (schatting)"]) {
      await expect(impact.getByRole("img", { name })).toBeVisible();
      await expect(impact.getByRole("table", { name: `${name}, per maand (tabel bij de grafiek)` })).toBeVisible();
    }
    await expect(impact.getByText("Schatting", { exact: true })).toBeVisible();
    await expect(impact.getByText(/Een schatting: de vervangingswaarde/)).toBeVisible();

    // 5. Eva, a moderator of the Indische Buurt, edits the story.
    await page.goto("/login");
    await a11y("login");
    await login(page, "eva@demo.buurtkracht.nl");
    await page.goto("/buurt/indische-buurt");
    await page.getByRole("link", { name: "Buurtpagina bewerken" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Indische Buurt bewerken" })).toBeVisible();
    await a11y("edit the story");
    await page.getByLabel("Verhaal (Nederlands)").fill(`${STORY}\n\nKom ook!`);
    await page.getByRole("button", { name: "Opslaan" }).click();
    await expect(page).toHaveURL(/\/buurt\/indische-buurt$/);
    await expect(page.getByText("De buurtpagina is bijgewerkt.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Over de buurt" }).getByText(STORY)).toBeVisible();
    await a11y("story edited");

    // 6. On a phone the page fits the screen.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto("/buurt/indische-buurt");
    await fits(page, "neighbourhood page");
    await page.goto("/buurt/indische-buurt?soort=halen");
    await fits(page, "neighbourhood page, filtered");
    await page.goto("/");
    await fits(page, "home with the charts");
  });
});
