import type { Page } from "@playwright/test";
import { expect, login, test } from "./fixtures";

/**
 * Issue 12's journey, trusted strangers end to end: a loan is completed → both sides review, the
 * first review hidden from the other side until the second is written → the borrower's profile
 * shows the updated record, the review and the level → a neighbour reports the review → a
 * moderator hides it from the queue → its author sees why (the notice and the note by the review),
 * and nobody else sees it any more.
 *
 * No clock is moved: both sides review, so nothing waits for the 14 days (and it runs on whatever
 * day the server's clock says, see serverDay). It sorts last, so no journey sees the state it
 * leaves: Lotte lends, Fatma borrows, Joost reports, Kees (the seeded moderator) hides.
 */
const OWNER = "lotte@demo.buurtkracht.nl";
const BORROWER = "fatma@demo.buurtkracht.nl";
const NEIGHBOUR = "joost@demo.buurtkracht.nl";
const MODERATOR = "kees@demo.buurtkracht.nl";
const ITEM = "Skateboard en helm";
const OWNER_REVIEW = "Fatma bracht het skateboard netjes terug. Goedkope skateboards? Bel 06-12345678!";
const BORROWER_REVIEW = "Precies zoals beschreven, helm erbij.";
const HIDE_REASON = "Reclame en een telefoonnummer horen niet in een beoordeling (gedragscode, regel 3).";

/**
 * The server's own day in Amsterdam. Playwright runs the specs alphabetically, so this one runs
 * after together.spec.ts, which moves the server's clock a day: the loan's days come from the
 * server, never from this machine's clock.
 */
async function serverDay(page: Page, plusDays: number): Promise<string> {
  const res = await page.request.post("/__test/clock", { data: { advanceMs: 0 } });
  expect(res.ok()).toBe(true);
  const { now } = (await res.json()) as { now: string };
  const at = new Date(new Date(now).getTime() + plusDays * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The number of counted reviews in a profile's track record ("★ 4,6 uit 3 beoordelingen"). */
async function reviewCount(page: Page): Promise<number> {
  const text = await page.getByTestId("track-record").innerText();
  const m = /uit (\d+) beoordeling/.exec(text);
  return m ? Number(m[1]) : 0;
}

/** Another person at the same browser: the session cookie goes, no page is visited. */
async function switchTo(page: Page, email: string) {
  await page.context().clearCookies();
  await login(page, email);
}

test.describe("trusted strangers", () => {
  test("complete a loan → both review (the first hidden until the second) → the profile's record and level → a neighbour reports the review → a moderator hides it → its author sees why", async ({
    page,
    a11y,
  }) => {
    test.setTimeout(90_000);

    // 1. Fatma asks for Lotte's skateboard (no deposit) for two days.
    await page.goto("/login");
    await a11y("login");
    await login(page, BORROWER);
    await a11y("after login");
    await page.goto("/items?q=skateboard");
    await a11y("search");
    await page.getByRole("link", { name: ITEM }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: ITEM })).toBeVisible();
    await a11y("item page");
    await page.getByLabel("Van", { exact: true }).fill(await serverDay(page, 0));
    await page.getByLabel("Tot en met", { exact: true }).fill(await serverDay(page, 1));
    await page.getByRole("button", { name: "Verzoek versturen" }).click();
    await expect(page).toHaveURL(/\/loans\/[0-9a-f-]{36}$/);
    const loanUrl = new URL(page.url()).pathname;

    // 2. Lotte sees who asks (record and level), accepts and hands it over; Fatma confirms the pickup.
    await switchTo(page, OWNER);
    await page.goto(loanUrl);
    await expect(page.getByTestId("requester-record")).toContainText("Niveau");
    await a11y("loan page (owner deciding)");
    await page.getByRole("button", { name: "Accepteren" }).click();
    await page.getByRole("button", { name: "Overdracht bevestigen" }).click();
    await expect(page.getByRole("button", { name: "Overdracht bevestigen" })).toHaveCount(0);
    await switchTo(page, BORROWER);
    await page.goto(loanUrl);
    await page.getByRole("button", { name: "Overdracht bevestigen" }).click();
    await expect(page.getByText("Opgehaald").first()).toBeVisible();

    // 3. Back: Lotte confirms the return and reviews Fatma first — hidden until Fatma reviews too.
    await switchTo(page, OWNER);
    await page.goto(loanUrl);
    await page.getByRole("button", { name: "Teruggave bevestigen" }).click();
    await expect(page.getByText("Teruggebracht").first()).toBeVisible();
    await page.getByLabel("Sterren (1–5)", { exact: true }).selectOption("5");
    await page.getByLabel("Toelichting (optioneel)", { exact: true }).fill(OWNER_REVIEW);
    await page.getByRole("button", { name: "Beoordeling plaatsen" }).click();
    await expect(page.getByText("Je beoordeling is verborgen tot Fatma Yılmaz ook beoordeelt")).toBeVisible();
    await a11y("loan page (my review hidden)");

    // Fatma is told a review waits, but sees neither it on the loan page nor on her profile.
    await switchTo(page, BORROWER);
    await page.goto(`/u/fatma-yilmaz`);
    await expect(page.getByRole("heading", { level: 1, name: "Fatma Yılmaz" })).toBeVisible();
    await expect(page.getByText(OWNER_REVIEW)).toHaveCount(0);
    const countedBefore = await reviewCount(page);
    await a11y("profile before the second review");
    await page.goto(loanUrl);
    await expect(page.getByText("Lotte Mulder heeft jou al beoordeeld. Je ziet het zodra je zelf beoordeelt.")).toBeVisible();
    await expect(page.getByText(OWNER_REVIEW)).toHaveCount(0);
    await page.getByLabel("Sterren (1–5)", { exact: true }).selectOption("4");
    await page.getByLabel("Toelichting (optioneel)", { exact: true }).fill(BORROWER_REVIEW);
    await page.getByRole("button", { name: "Beoordeling plaatsen" }).click();
    // The second review publishes both at once.
    await expect(page.getByTestId("their-review")).toContainText(OWNER_REVIEW);
    await a11y("loan page (both published)");

    // 4. Her profile: the review with its evidence, the updated record and the level.
    await page.goto("/u/fatma-yilmaz");
    const onProfile = page.getByRole("listitem").filter({ hasText: OWNER_REVIEW });
    await expect(onProfile).toBeVisible();
    await expect(onProfile.getByRole("link", { name: `Lening van ${ITEM}` })).toBeVisible();
    await expect(page.getByTestId("trust-badge").first()).toContainText(/Niveau [0-3]: /);
    await expect(page.getByTestId("track-record")).toContainText(/\d+ keer geleend/);
    expect(await reviewCount(page)).toBe(countedBefore + 1);
    await a11y("profile with the record and level");

    // 5. Joost, a neighbour, reports the review from the profile.
    await switchTo(page, NEIGHBOUR);
    await page.goto("/u/fatma-yilmaz");
    await page.getByRole("listitem").filter({ hasText: OWNER_REVIEW }).getByRole("link", { name: "Melden (beoordeling door Lotte Mulder)" }).click();
    await expect(page).toHaveURL(/\/report\?kind=review&id=/);
    await a11y("report form");
    await page.getByLabel("Wat is er aan de hand?", { exact: true }).selectOption("spam");
    await page.getByLabel("Vertel wat je zag", { exact: true }).fill("Reclame voor skateboards en een telefoonnummer in een beoordeling.");
    await page.getByRole("button", { name: "Melding versturen" }).click();
    await expect(page).toHaveURL(/\/u\/fatma-yilmaz/);
    await expect(page.getByText("Bedankt. De moderatoren kijken naar je melding.")).toBeVisible();

    // 6. Kees, the moderator, hides it from the queue, with the reason its author will read.
    await switchTo(page, MODERATOR);
    await page.goto("/moderation/reports");
    await a11y("report queue");
    await page
      .getByRole("listitem")
      .filter({ hasText: "Gemeld door Joost van Dijk · over Lotte Mulder" })
      .getByRole("link", { name: "Beoordeling · Spam of reclame" })
      .first()
      .click();
    await expect(page).toHaveURL(/\/moderation\/reports\/[0-9a-f-]{36}$/);
    await expect(page.getByText(OWNER_REVIEW)).toBeVisible();
    await a11y("report case");
    await page.getByLabel("Reden (de betrokkene leest dit)", { exact: true }).fill(HIDE_REASON);
    await page.getByRole("button", { name: "Verbergen" }).click();
    await expect(page.getByText("Verborgen. De auteur ziet waarom.")).toBeVisible();

    // Nobody else sees it any more (signed out either).
    await page.context().clearCookies();
    await page.goto("/u/fatma-yilmaz");
    await expect(page.getByText(OWNER_REVIEW)).toHaveCount(0);
    // …and it no longer counts in her rating.
    expect(await reviewCount(page)).toBe(countedBefore);

    // 7. Lotte, its author, sees why: the notice, and the note by her review on the loan page and the profile.
    await login(page, OWNER);
    await page.goto("/notifications");
    await expect(page.getByText(/Een moderator heeft .*Fatma bracht het skateboard.* verborgen/).first()).toBeVisible();
    await a11y("notifications");
    await page.goto(loanUrl);
    const note = `Een moderator heeft je beoordeling verborgen; buren zien hem niet en hij telt niet mee. De reden: ${HIDE_REASON}`;
    await expect(page.getByText(note)).toBeVisible();
    await a11y("loan page (my review hidden by a moderator)");
    await page.goto("/u/fatma-yilmaz");
    await expect(page.getByRole("listitem").filter({ hasText: OWNER_REVIEW })).toContainText(note);
  });
});
