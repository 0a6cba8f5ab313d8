import type { Page } from "@playwright/test";
import { advanceClock, expect, login, runDueJobs, test } from "./fixtures";

async function loginChecked(page: Page, a11y: (label?: string) => Promise<void>, email: string) {
  await page.goto("/login");
  await a11y("login");
  await login(page, email);
  await a11y("after login");
}

/**
 * The simulated payment gateway's hosted pages, driven from the payments try-out page
 * (/dev/payments, test hooks only). Outcomes show up there because they arrived as gateway events.
 */
test.describe("simulated payments", () => {
  const fillCard = async (page: Page, number: string, submit = "Kaart opslaan") => {
    await page.getByLabel("Kaartnummer").fill(number);
    await page.getByLabel("Vervaldatum (MM/JJ)").fill("12/34");
    await page.getByLabel("Beveiligingscode (CVC)").fill("123");
    await page.getByRole("button", { name: submit }).click();
  };

  test("save a card: 4000 0000 0000 0002 is declined, 4242 4242 4242 4242 is saved", async ({ page, a11y }) => {
    test.setTimeout(120_000);
    await loginChecked(page, a11y, "eva@demo.buurtkracht.nl");
    const methods = page.getByRole("region", { name: "Opgeslagen betaalmethoden" });
    await page.goto("/dev/payments");
    await expect(page.getByRole("heading", { level: 1, name: "Betalingen uitproberen" })).toBeVisible();
    await a11y("try-out page");

    await page.getByRole("button", { name: "Betaalmethode opslaan" }).click();
    await expect(page).toHaveURL(/\/pay\/sim\/cs_sim_/);
    await expect(page.getByRole("heading", { level: 1, name: "Betaalmethode opslaan" })).toBeVisible();
    await expect(page.getByText("Gesimuleerde betaling: er wordt geen echt geld gebruikt.")).toBeVisible();
    await a11y("hosted setup page");

    await fillCard(page, "4000 0000 0000 0002");
    await expect(page.getByText("Je betaalmethode is geweigerd. Probeer een andere kaart of kies iDEAL.")).toBeVisible();
    await expect(page.getByLabel("Kaartnummer")).toHaveAttribute("aria-invalid", "true");
    await a11y("declined card");

    await fillCard(page, "4242 4242 4242 4242");
    await expect(page).toHaveURL(/\/dev\/payments$/);
    await expect(methods.getByText("Visa •••• 4242")).toBeVisible();
    const events = page.getByRole("list", { name: "Ontvangen gebeurtenissen" });
    await expect(events.getByText("setup.succeeded")).toBeVisible();
    await expect(events.getByText("setup.failed")).toBeVisible();
    await a11y("saved 4242");
  });

  test("3-D Secure: failed, then approved when saving 4000 0027 6000 3184; and again for an off-session charge", async ({ page, a11y }) => {
    test.setTimeout(120_000);
    await loginChecked(page, a11y, "mohammed@demo.buurtkracht.nl");
    const methods = page.getByRole("region", { name: "Opgeslagen betaalmethoden" });
    await page.goto("/dev/payments");
    await a11y("try-out page");
    await page.getByRole("button", { name: "Betaalmethode opslaan" }).click();
    await expect(page).toHaveURL(/\/pay\/sim\/cs_sim_/);
    await a11y("hosted setup page");
    await fillCard(page, "4000 0027 6000 3184");
    await expect(page).toHaveURL(/\/pay\/sim\/authenticate\/sa_sim_/);
    await expect(page.getByRole("heading", { level: 1, name: "Bevestig met 3-D Secure" })).toBeVisible();
    await a11y("3-D Secure page");
    await page.getByRole("button", { name: "Bevestiging laten mislukken" }).click();
    await expect(page).toHaveURL(/\/pay\/sim\/cs_sim_/);
    await expect(page.getByText("De bevestiging (3-D Secure) is mislukt.", { exact: false })).toBeVisible();
    await a11y("after failed 3-D Secure");
    await fillCard(page, "4000 0027 6000 3184");
    await expect(page).toHaveURL(/\/pay\/sim\/authenticate\/sa_sim_/);
    await a11y("3-D Secure page, second try");
    await page.getByRole("button", { name: "Bevestiging voltooien" }).click();
    await expect(page).toHaveURL(/\/dev\/payments$/);
    await expect(methods.getByText("Visa •••• 3184")).toBeVisible();

    // An off-session charge on this card needs the customer: approve it at the action URL.
    await methods
      .getByRole("listitem")
      .filter({ hasText: "Visa •••• 3184" })
      .getByRole("button", { name: /afschrijven/ })
      .click();
    await expect(page.getByRole("status")).toContainText("requires_action");
    const pending = page.locator('[data-payment-status="requires_action"]');
    await expect(pending).toHaveCount(1);
    await a11y("charge needs authentication");
    await pending.getByRole("link", { name: "Bevestigen" }).click();
    await expect(page).toHaveURL(/\/pay\/sim\/authenticate\/sa_sim_/);
    await expect(page.getByText("Bedrag: € 12,50")).toBeVisible();
    await a11y("3-D Secure for an off-session charge");
    await page.getByRole("button", { name: "Bevestiging voltooien" }).click();
    await expect(page).toHaveURL(/\/dev\/payments$/);
    await expect(page.locator('[data-payment-status="succeeded"]')).toHaveCount(1);
    await expect(page.getByRole("list", { name: "Ontvangen gebeurtenissen" }).getByText("payment.succeeded")).toBeVisible();
  });

  test("iDEAL saves a SEPA mandate; a charge is processing until the clock moves; a hold is captured", async ({ page, a11y }) => {
    test.setTimeout(120_000);
    await loginChecked(page, a11y, "pieter@demo.buurtkracht.nl");
    const methods = page.getByRole("region", { name: "Opgeslagen betaalmethoden" });
    await page.goto("/dev/payments");
    await a11y("try-out page");
    await page.getByRole("button", { name: "Betaalmethode opslaan" }).click();
    await expect(page).toHaveURL(/\/pay\/sim\/cs_sim_/);
    await a11y("hosted setup page");
    await page.getByRole("button", { name: "Verder naar je bank" }).click();
    await expect(page.getByText("Kies je bank.").first()).toBeVisible();
    await a11y("bank missing");
    await page.getByLabel("Je bank").selectOption({ label: "ING" });
    await page.getByRole("button", { name: "Verder naar je bank" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "ING: iDEAL" })).toBeVisible();
    await a11y("bank page");
    await page.getByRole("button", { name: "Goedkeuren" }).click();
    await expect(page).toHaveURL(/\/dev\/payments$/);
    await expect(methods.getByText("ING •••• 3000 (SEPA)")).toBeVisible();

    await methods
      .getByRole("listitem")
      .filter({ hasText: "ING •••• 3000" })
      .getByRole("button", { name: /afschrijven/ })
      .click();
    await expect(page.getByRole("status")).toContainText("processing");
    await expect(page.locator('[data-payment-status="processing"]')).toHaveCount(1);
    await advanceClock(page, 3 * 60_000);
    await runDueJobs(page);
    await page.reload();
    await expect(page.locator('[data-payment-status="succeeded"]')).toHaveCount(1);
    await a11y("SEPA settled");

    // A hold on a card, authorized on the hosted page, then collected.
    await page
      .getByRole("button", { name: /reserveren$/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Bedrag reserveren" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Met iDEAL" })).toHaveCount(0);
    await a11y("hold page");
    await page.getByLabel("Kaartnummer").fill("4242424242424242");
    await page.getByLabel("Vervaldatum (MM/JJ)").fill("01/35");
    await page.getByLabel("Beveiligingscode (CVC)").fill("321");
    await page.getByRole("button", { name: /^Reserveer/ }).click();
    await expect(page).toHaveURL(/\/dev\/payments$/);
    const held = page.locator('[data-payment-status="requires_capture"]');
    await expect(held).toHaveCount(1);
    await held.getByRole("button", { name: /innen$/ }).click();
    await expect(page.getByRole("status")).toContainText("captured");
    await expect(page.locator('[data-payment-status="succeeded"]')).toHaveCount(2);
  });
});
