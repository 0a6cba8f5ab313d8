import { expect, login, runDueJobs, test } from "./fixtures";

/**
 * Monthly giving (issue 16, decision 077): Sanne, a neighbour, starts giving monthly to the demo's
 * ongoing Buurtkeuken from its funding box, saves a card on the simulated gateway's hosted page,
 * sees the gift in "Mijn steun" (active once the gifts' job charged the first month), and stops it
 * from the confirmation page, seeing it stopped. Its own project and giver: the seeded givers are
 * Lotte and Daan, and no other journey touches the Buurtkeuken.
 */
const PROJECT = "/projects/buurtkeuken-oude-noorden";

test.describe("monthly giving", () => {
  test("a neighbour starts a monthly gift on an ongoing project, sees it in Mijn steun, and stops it", async ({ page, a11y }) => {
    test.setTimeout(120_000);
    await page.goto("/login");
    await a11y("login");
    await login(page, "sanne@demo.buurtkracht.nl");
    await a11y("home as Sanne");
    await page.goto(PROJECT);
    await expect(page.getByText(/van €\s400,00 per maand/)).toBeVisible();
    await expect(page.getByText("Geen deadline")).toBeVisible();
    await a11y("ongoing project page");

    await page.getByRole("link", { name: "Maandelijks steunen" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Maandelijks steunen/ })).toBeVisible();
    await a11y("start monthly gift");
    // A bad amount is refused next to the field.
    await page.getByLabel("Bedrag per maand").fill("0,50");
    await page.getByRole("button", { name: "Verder naar betalen" }).click();
    await expect(page.getByText("Kies een bedrag tussen € 1 en € 1.000 per maand.").first()).toBeVisible();
    await a11y("start monthly gift, bad amount");
    await page.getByLabel("Bedrag per maand").fill("7,50");
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
    const gifts = page.getByRole("region", { name: "Maandelijkse steun" });
    const gift = gifts.getByRole("listitem").filter({ hasText: "Buurtkeuken Oude Noorden" });
    await expect(gift).toContainText(/€\s7,50 per maand/);
    await expect(gift).toContainText("Actief");
    await a11y("my support, gift active");

    // On a phone: the gift's page fits.
    await page.setViewportSize({ width: 375, height: 740 });
    await gift.getByRole("link", { name: /Beheren/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Maandelijkse steun aan Buurtkeuken Oude Noorden" })).toBeVisible();
    await expect(page.getByText("Betaald", { exact: true })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await a11y("monthly gift at 375 px");
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByRole("link", { name: "Maandelijkse steun stoppen" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Maandelijkse steun stoppen?" })).toBeVisible();
    await a11y("cancel confirmation");
    await page.getByRole("button", { name: "Ja, stoppen" }).click();
    await expect(page.getByText("Je maandelijkse steun is gestopt.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Maandelijkse steun" }).getByRole("listitem").filter({ hasText: "Buurtkeuken Oude Noorden" })).toContainText(
      "Gestopt",
    );
    await a11y("my support, gift stopped");
  });
});
