import type { Page } from "@playwright/test";
import { expect, login, test } from "./fixtures";

/**
 * Issue 15's questions to the initiator: Eva asks Anna a question on the Moestuin op het Javaplein
 * → Anna sees it on her dashboard, among the questions waiting for an answer, and answers it →
 * Eva finds the answer in her bell and on the project page — also on a phone, without sideways
 * scrolling. Its question is its own (a text no other journey writes), so other specs' data does
 * not matter.
 */
const ASKER = "eva@demo.buurtkracht.nl";
const INITIATOR = "anna@demo.buurtkracht.nl";
const PROJECT = "/projects/moestuin-op-het-javaplein";
const QUESTION = `Mogen er ook bloemen in de bakken, voor de bijen? (${Date.now().toString(36)})`;
const ANSWER = "Ja! De twee bakken bij de ingang worden een bloementuin voor bijen en vlinders.";

async function switchTo(page: Page, email: string) {
  await page.context().clearCookies();
  await login(page, email);
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test.describe("questions to the initiator", () => {
  test("a neighbour asks → the initiator answers from the dashboard → the neighbour sees the answer in the bell and on the project page", async ({
    page,
    a11y,
  }) => {
    test.setTimeout(90_000);

    // 1. Eva asks a question on the project page.
    await page.goto("/login");
    await a11y("login");
    await login(page, ASKER);
    await page.goto(PROJECT);
    await a11y("project page");
    const section = page.locator("#questions");
    await expect(section.getByRole("heading", { level: 2, name: "Vragen" })).toBeVisible();
    // The demo's answered questions are public, with their answers; an open one says so.
    await expect(section.getByText("Wie mag er straks oogsten?")).toBeVisible();
    await expect(section.getByText("Nog niet beantwoord").first()).toBeVisible();
    await section.getByLabel("Je vraag of suggestie").fill(QUESTION);
    await section.getByRole("button", { name: "Verstuur" }).click();
    await expect(page.getByText("Je vraag is verstuurd.")).toBeVisible();
    const mine = page.locator("li", { hasText: QUESTION });
    await expect(mine).toBeVisible();
    await expect(mine.getByText("Nog niet beantwoord")).toBeVisible();
    await a11y("project page with the question");

    // 2. Anna finds it on her dashboard and answers it there.
    await switchTo(page, INITIATOR);
    await page.goto(`${PROJECT}/dashboard`);
    await a11y("dashboard");
    const waiting = page.locator("#questions");
    await expect(waiting.getByRole("heading", { name: "Vragen die op antwoord wachten" })).toBeVisible();
    const item = waiting.locator("li", { hasText: QUESTION });
    await item.getByLabel("Je antwoord").fill(ANSWER);
    await item.getByRole("button", { name: "Beantwoord" }).click();
    await expect(page.getByText("Je antwoord staat er.")).toBeVisible();
    await expect(page.locator("#questions li", { hasText: QUESTION })).toHaveCount(0);
    await a11y("dashboard after answering");

    // 3. Eva sees it in her bell and follows it to the answer on the project page.
    await switchTo(page, ASKER);
    await page.goto("/");
    await a11y("home with the bell");
    await page
      .getByRole("link", { name: /^Meldingen: \d+ ongelezen$/ })
      .first()
      .click();
    await a11y("bell");
    await page
      .getByRole("link", { name: /Moestuin op het Javaplein beantwoordde je vraag/ })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`${PROJECT}#question-`));
    const answered = page.locator("li", { hasText: QUESTION });
    await expect(answered.getByText(ANSWER)).toBeVisible();
    await expect(answered.getByText(/Antwoord van Anna/)).toBeVisible();
    await a11y("project page with the answer");

    // 4. On a phone: the section fits the screen.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${PROJECT}/questions`);
    await expect(page.getByRole("heading", { level: 1, name: "Vragen" })).toBeVisible();
    await expect(page.locator("li", { hasText: QUESTION }).getByText(ANSWER)).toBeVisible();
    await a11y("questions page on a phone");
    await noSidewaysScroll(page);
    await page.goto(PROJECT);
    await page.locator("#questions").scrollIntoViewIfNeeded();
    await a11y("project page on a phone");
    await noSidewaysScroll(page);
  });
});
