import type { Page } from "@playwright/test";
import { expect, login, test } from "./fixtures";

/**
 * Shared ownership (issue 15, decision 071): Fatma invites Lotte, a neighbour, as co-initiator of
 * her Geveltuinen in the Oude Noorden by handle; Lotte finds the invitation in the bell and accepts;
 * as co-initiator she opens the dashboard and posts an update; the project page shows the team; a
 * neighbour asks a question and she, not only Fatma, answers it.
 * Its own project and people: no other journey touches Fatma's team.
 */
const PROJECT = "/projects/geveltuinen-oude-noorden";

async function logout(page: Page) {
  await page.getByRole("button", { name: "Uitloggen" }).first().click();
  await page.waitForURL((url) => !url.pathname.includes("/dashboard"));
}

test.describe("a project's team", () => {
  test("the initiator invites a co-initiator, who accepts from the bell, posts an update and answers a neighbour's question", async ({ page, a11y }) => {
    test.setTimeout(120_000);
    await page.goto("/login");
    await a11y("login");
    await login(page, "fatma@demo.buurtkracht.nl");
    await a11y("home as Fatma");
    await page.goto(`${PROJECT}/dashboard`);
    await a11y("dashboard, no team yet");
    const team = page.locator("#team");
    await expect(team.getByText("Uitbetaling naar: Fatma Yılmaz")).toBeVisible();
    await team.getByLabel("E-mailadres of gebruikersnaam").fill("lotte-mulder");
    await team.getByLabel("Rol").selectOption("co_initiator");
    await team.getByRole("button", { name: "Uitnodigen" }).click();
    await expect(page.getByText("Uitnodiging verstuurd.")).toBeVisible();
    await expect(team.getByRole("listitem").filter({ hasText: "Lotte Mulder" })).toContainText("mede-initiatiefnemer");
    await a11y("dashboard, Lotte invited");
    await logout(page);
    await a11y("after logout");

    await login(page, "lotte@demo.buurtkracht.nl");
    await a11y("home as Lotte");
    await page
      .getByRole("link", { name: /^Meldingen(: \d+ ongelezen)?$/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Meldingen" })).toBeVisible();
    await a11y("notifications");
    await page
      .getByRole("link", { name: /Fatma Yılmaz vraagt je als mede-initiatiefnemer/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Uitnodiging voor het team" })).toBeVisible();
    await a11y("invitation");
    await page.getByRole("button", { name: "Aannemen" }).click();
    await expect(page.getByText("Welkom in het team!")).toBeVisible();
    await a11y("project page as co-initiator");

    await page.getByRole("link", { name: "Projectdashboard" }).first().click();
    await expect(page).toHaveURL(/\/dashboard/);
    await a11y("dashboard as co-initiator");
    // What stays the initiator's is not offered to her.
    await expect(page.locator("#team").getByRole("button", { name: "Uitnodigen" })).toHaveCount(0);
    const form = page.getByRole("region", { name: "Nieuws plaatsen" });
    await form.getByLabel("Titel").fill("Nieuwe tegels besteld");
    await form.getByLabel("Bericht").fill("De tegels voor de eerste tien geveltuinen zijn besteld. Volgende week graven we.");
    await form.getByRole("button", { name: "Plaatsen" }).click();
    await expect(page.getByText("Je nieuws is geplaatst.")).toBeVisible();
    await a11y("dashboard, update posted");

    await page.goto(PROJECT);
    await a11y("project page with the team");
    const box = page.getByRole("region", { name: "Het team" });
    await expect(box.getByRole("link", { name: "Fatma Yılmaz" })).toBeVisible();
    await expect(box.getByRole("listitem").filter({ hasText: "Lotte Mulder" })).toContainText("mede-initiatiefnemer");
    await expect(page.getByText("Nieuwe tegels besteld").first()).toBeVisible();

    // A neighbour asks the project a question (issue 15, decision 072): the co-initiator is told in
    // her bell, answers it from the dashboard, and the answer is on the project page for everyone.
    const question = "Kan er ook een geveltuin komen bij de Zaagmolenstraat?";
    const reply = "Ja: meld je adres aan bij ons, dan komt hij in de tweede ronde.";
    await page.context().clearCookies();
    await login(page, "kees@demo.buurtkracht.nl");
    await page.goto(PROJECT);
    const questions = page.locator("#questions");
    await questions.getByLabel("Je vraag of suggestie").fill(question);
    await questions.getByRole("button", { name: "Verstuur" }).click();
    await expect(page.getByText("Je vraag is verstuurd.")).toBeVisible();
    await a11y("project page, a neighbour's question");

    await page.context().clearCookies();
    await login(page, "lotte@demo.buurtkracht.nl");
    await page
      .getByRole("link", { name: /^Meldingen: \d+ ongelezen$/ })
      .first()
      .click();
    await a11y("Lotte's bell with the question");
    await page
      .getByRole("link", { name: /heeft een vraag over Geveltuinen/ })
      .first()
      .click();
    await expect(page).toHaveURL(/\/dashboard#questions$/);
    const waiting = page.locator("#questions li", { hasText: question });
    await waiting.getByLabel("Je antwoord").fill(reply);
    await waiting.getByRole("button", { name: "Beantwoord" }).click();
    await expect(page.getByText("Je antwoord staat er.")).toBeVisible();
    await a11y("dashboard, the co-initiator answered");

    await page.context().clearCookies();
    await page.goto(PROJECT);
    const answered = page.locator("#questions li", { hasText: question });
    await expect(answered.getByText(reply)).toBeVisible();
    await a11y("project page with the co-initiator's answer");
  });

  test.describe("on a phone", () => {
    test.use({ viewport: { width: 375, height: 740 } });

    test("the team section and the team on the project page fit a 375px screen", async ({ page, a11y }) => {
      const fits = async () => {
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
        expect(widths.page).toBeLessThanOrEqual(widths.screen);
      };
      await page.goto("/login");
      await a11y("login (phone)");
      await login(page, "anna@demo.buurtkracht.nl");
      await a11y("home as Anna (phone)");
      await page.goto("/projects/moestuin-op-het-javaplein/dashboard#team");
      await a11y("dashboard with a team (phone)");
      const team = page.locator("#team");
      await expect(team.getByRole("listitem").filter({ hasText: "Daan Smit" })).toContainText("mede-initiatiefnemer");
      await expect(team.getByRole("listitem").filter({ hasText: "Joost van Dijk" })).toContainText("helper");
      await fits();
      await page.goto("/projects/moestuin-op-het-javaplein");
      await a11y("project page with its team (phone)");
      await expect(page.getByRole("region", { name: "Het team" }).getByRole("link", { name: "Daan Smit" })).toBeVisible();
      await fits();
    });
  });
});
