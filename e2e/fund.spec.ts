import { expect, login, runDueJobs, test } from "./fixtures";

/**
 * A neighbourhood fund (decision 080): Pieter, a neighbour, opens Wijkfonds Oost's fund page (its
 * story, what its two seeded monthly givers give, what it allocated), starts a monthly gift with
 * "Geef maandelijks", saves a card on the simulated gateway's hosted page, and sees the gift to the
 * fund in "Mijn steun" (active once the gifts' job charged the first month). Its own giver: the
 * seeded fund givers are Anna and Joost, and no other journey gives to the fund.
 */
const FUND = "/organisations/wijkfonds-oost/fund";

test.describe("neighbourhood fund", () => {
  test("a neighbour opens the fund page, gives monthly through the hosted page, and sees the gift in Mijn steun", async ({ page, a11y }) => {
    test.setTimeout(120_000);
    await page.goto("/login");
    await a11y("login");
    await login(page, "pieter@demo.buurtkracht.nl");
    await a11y("home as Pieter");
    await page.goto(FUND);
    await expect(page.getByRole("heading", { level: 1, name: "Buurtfonds Wijkfonds Oost" })).toBeVisible();
    await expect(page.getByText(/€\s30,00 per maand/)).toBeVisible();
    await expect(page.getByText("van 2 maandelijkse gevers")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Verdeeld via matchingpotten" })).toBeVisible();
    await a11y("fund page");

    // On a phone the page fits.
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await a11y("fund page at 375 px");
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByRole("link", { name: "Geef maandelijks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Geef maandelijks aan het buurtfonds van Wijkfonds Oost" })).toBeVisible();
    await a11y("start fund gift");
    await page.getByLabel("Bedrag per maand").fill("0,50");
    await page.getByRole("button", { name: "Verder naar betalen" }).click();
    await expect(page.getByText("Kies een bedrag tussen € 1 en € 1.000 per maand.").first()).toBeVisible();
    await a11y("start fund gift, bad amount");
    await page.getByLabel("Bedrag per maand").fill("12,50");
    await page.getByRole("button", { name: "Verder naar betalen" }).click();

    await expect(page).toHaveURL(/\/pay\/sim\/cs_sim_/);
    await a11y("hosted setup page");
    await page.getByLabel("Kaartnummer").fill("4242 4242 4242 4242");
    await page.getByLabel("Vervaldatum (MM/JJ)").fill("12/34");
    await page.getByLabel("Beveiligingscode (CVC)").fill("123");
    await page.getByRole("button", { name: "Kaart opslaan" }).click();
    await expect(page).toHaveURL(/\/me\/pledges/);
    await a11y("my support, gift saved");

    // The gifts' job charges the first month.
    await runDueJobs(page);
    await page.goto("/me/pledges");
    const gift = page.getByRole("region", { name: "Maandelijkse steun" }).getByRole("listitem").filter({ hasText: "Wijkfonds Oost" });
    await expect(gift).toContainText("Buurtfonds");
    await expect(gift).toContainText(/€\s12,50 per maand/);
    await expect(gift).toContainText("Actief");
    await expect(gift.getByRole("link", { name: "Wijkfonds Oost", exact: true })).toHaveAttribute("href", FUND);
    await a11y("my support with a fund gift");

    await gift.getByRole("link", { name: /Beheren/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Maandelijkse steun aan Wijkfonds Oost" })).toBeVisible();
    await expect(page.getByText("Betaald", { exact: true })).toBeVisible();
    await a11y("fund gift page");

    // The fund page counts the new giver.
    await page.goto(FUND);
    await expect(page.getByText(/€\s42,50 per maand/)).toBeVisible();
    await expect(page.getByText("van 3 maandelijkse gevers")).toBeVisible();
    await a11y("fund page with the new giver");
  });
});
