import type { Page } from "@playwright/test";
import { expect, login, test } from "./fixtures";

/**
 * Issue 13 §9–§10, in the "phone" project (375 × 740, touch; playwright.config.ts): the main pages
 * fit the screen — no sideways scrolling — also with one very long word in what a neighbour typed;
 * the funding box and "Steun dit project" come before the story; "Mijn steun" shows each pledge's
 * status and actions without scrolling sideways.
 */
async function fits(page: Page, what: string) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page, `${what}: the page is wider than the screen`).toBeLessThanOrEqual(widths.screen);
}

test.describe("on a phone", () => {
  test("the main pages fit the screen; the funding box comes first; a long word wraps; my pledges show status and actions", async ({ page, a11y }) => {
    test.setTimeout(180_000);
    await page.goto("/");
    await a11y("home on a phone");
    await fits(page, "home");
    await page.goto("/projects");
    await a11y("projects on a phone");
    await fits(page, "projects");
    // The map and its list fit too, with the map drawn (decision 068).
    await page.goto("/map");
    await expect(page.locator(".bk-marker").first()).toBeVisible();
    await a11y("map on a phone");
    await fits(page, "map");

    await page.goto("/login");
    await a11y("login on a phone");
    await login(page, "pieter@demo.buurtkracht.nl");
    await a11y("after login on a phone");
    const project = "/projects/moestuin-op-het-javaplein";
    await page.goto(project);
    await a11y("project page on a phone");
    const pledge = page.getByRole("link", { name: "Steun dit project" }).first();
    const story = page.getByRole("heading", { name: "Het verhaal" });
    expect((await pledge.boundingBox())!.y).toBeLessThan((await story.boundingBox())!.y);
    expect((await pledge.boundingBox())!.y).toBeLessThan(740 * 1.5);

    const word = `Geweldig${"a".repeat(300)}!`;
    await page.goto(`${project}/pledge`);
    await a11y("pledge form on a phone");
    await fits(page, "pledge form");
    await page.getByLabel("Bedrag in euro").fill("12");
    await page.getByLabel("Bericht (openbaar)").fill(word);
    await page.getByLabel("Nieuwe kaart of iDEAL toevoegen").check();
    await page.getByRole("button", { name: "Toezeggen" }).click();
    await expect(page).toHaveURL(/\/pay\/sim\//);
    await a11y("hosted card page on a phone");
    await fits(page, "hosted card page");
    await page.getByLabel("Kaartnummer").fill("4242 4242 4242 4242");
    await page.getByLabel("Vervaldatum (MM/JJ)").fill("12/34");
    await page.getByLabel("Beveiligingscode (CVC)").fill("123");
    await page.getByRole("button", { name: /Kaart opslaan/ }).click();
    await expect(page).toHaveURL(/\/backed\/[0-9a-f-]+$/);
    await a11y("backed on a phone");
    await fits(page, "backed");

    // Backers may comment: one unbroken word of 300 letters, and the page stays as wide as the screen.
    await page.goto(project);
    await page.getByLabel("Jouw reactie").fill(`Top idee. ${word}`);
    await page.getByRole("button", { name: "Reageren" }).click();
    await expect(page.getByText("Je reactie is geplaatst.")).toBeVisible();
    await expect(page.getByText(word).first()).toBeVisible();
    await a11y("project page with a long word");
    await fits(page, "project page with a long word");

    await page.goto("/me/pledges");
    await a11y("my pledges on a phone");
    await fits(page, "my pledges");
    const mine = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Moestuin op het Javaplein" }) });
    await expect(mine.getByText("Toegezegd")).toBeInViewport();
    await expect(mine.getByRole("link", { name: /Bewijs/ })).toBeInViewport();
    await mine.getByRole("link", { name: /Bewijs/ }).click();
    await a11y("receipt on a phone");
    await fits(page, "receipt with a long message");

    for (const [path, label] of [
      ["/items", "items"],
      ["/items?q=boormachine", "item search"],
      ["/wanted", "wanted board"],
      ["/me/loans", "my loans"],
      ["/me/items", "my items"],
      ["/notifications", "notifications"],
      ["/ideas", "the neighbourhood board"],
      ["/ideas/new", "a new post"],
    ] as const) {
      await page.goto(path);
      await a11y(`${label} on a phone`);
      await fits(page, label);
    }
    await page.goto("/items?q=Bosch");
    await a11y("item search on a phone");
    await page
      .getByRole("link", { name: /Bosch boormachine/ })
      .first()
      .click();
    await a11y("item page on a phone");
    await fits(page, "item page");
    // A board post with its follow-up and the forms to support and help (issue 14).
    await page.goto("/ideas?neighbourhood=indische-buurt&sort=support");
    await page
      .getByRole("link", { name: /Losliggende stoeptegels/ })
      .first()
      .click();
    await a11y("a board post on a phone");
    await fits(page, "a board post");
  });
});
