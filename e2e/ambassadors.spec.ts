import type { Page } from "@playwright/test";
import { confirmSignupByMail, expect, login, test, uniqueEmail } from "./fixtures";

/**
 * Ambassadors (issue 16, decision 076): Pieter, a backer of Sanne's Buurtbibliotheek Kanaalstraat,
 * opens his share kit and copies his own link; a new neighbour opens that link signed out, signs up
 * and pledges through the simulated gateway's hosted page; Sanne sees Pieter on her dashboard with
 * one backer and the amount. Its own project: no other journey pledges to the Buurtbibliotheek.
 */
const PROJECT = "/projects/buurtbibliotheek-kanaalstraat";
type A11y = (label?: string) => Promise<void>;

async function logout(page: Page) {
  await page.getByRole("button", { name: "Uitloggen" }).first().click();
  await expect(page.getByRole("link", { name: "Inloggen" }).first()).toBeVisible();
}

async function signUp(page: Page, a11y: A11y, name: string): Promise<void> {
  const email = uniqueEmail("nieuwe-buur");
  await page.goto("/signup");
  await a11y("signup");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Naam (zoals buren je zien)").fill(name);
  await page.getByLabel("Wachtwoord").fill("een-goed-wachtwoord");
  await page.getByLabel("Buurt").selectOption({ label: "Indische Buurt (Amsterdam)" });
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await confirmSignupByMail(page, a11y, email);
  await a11y("after signup");
}

test.describe("ambassadors", () => {
  test("a backer shares his link, a new neighbour signs up through it and pledges, the initiator sees the ambassador", async ({ page, a11y }) => {
    test.setTimeout(180_000);
    // 1. Pieter opens his share kit from the project page and takes his own link.
    await page.goto("/login");
    await a11y("login");
    await login(page, "pieter@demo.buurtkracht.nl");
    await a11y("home as Pieter");
    await page.goto(PROJECT);
    await a11y("project page (Pieter)");
    await page.getByRole("link", { name: "Deel dit project met je eigen link" }).click();
    await expect(page).toHaveURL(`${PROJECT}/share`);
    await expect(page.getByRole("heading", { level: 1, name: "Deel Buurtbibliotheek Kanaalstraat" })).toBeVisible();
    await a11y("share kit");
    const field = page.getByRole("textbox", { name: "Je eigen link" });
    await expect(field).toHaveAttribute("readonly", "");
    const link = await field.inputValue();
    expect(link).toMatch(/\/projects\/buurtbibliotheek-kanaalstraat\?via=[a-z2-7]{10}$/);
    await expect(page.getByRole("link", { name: /WhatsApp/ })).toHaveAttribute("href", new RegExp(`^https://wa\\.me/\\?text=.*${encodeURIComponent(link)}$`));
    await expect(page.getByRole("link", { name: /^X/ })).toHaveAttribute("href", /^https:\/\/x\.com\/intent\/post\?text=/);
    await page.setViewportSize({ width: 375, height: 800 });
    await a11y("share kit at 375 px");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("link", { name: "Print een poster (A5) met QR-code" }).click();
    await expect(page).toHaveURL(`${PROJECT}/poster`);
    await expect(page.getByRole("img", { name: /QR-code naar/ })).toBeVisible();
    await expect(page.getByRole("link", { name: link.replace(/^https?:\/\//, "") })).toBeVisible();
    await a11y("poster");
    await logout(page);
    await a11y("after logout");

    // 2. A new neighbour opens the link signed out: the page drops the code from the address, the
    //    browser keeps it (first-party cookies); they sign up and pledge through the hosted page.
    await page.goto(link);
    await expect(page).toHaveURL(new RegExp(`${PROJECT}$`));
    await a11y("project page through the link");
    await signUp(page, a11y, "Noor Ambassadetest");
    await page.goto(PROJECT);
    await page.getByRole("link", { name: "Steun dit project" }).first().click();
    await expect(page).toHaveURL(new RegExp(`${PROJECT}/pledge`));
    await a11y("pledge form");
    await page.getByLabel("Bedrag in euro").fill("20");
    await page.getByLabel("Nieuwe kaart of iDEAL toevoegen").check();
    await page.getByRole("button", { name: "Toezeggen" }).click();
    await expect(page).toHaveURL(/\/pay\/sim\//);
    await a11y("hosted payment page");
    await page.getByLabel("Kaartnummer").fill("4242 4242 4242 4242");
    await page.getByLabel("Vervaldatum (MM/JJ)").fill("12/34");
    await page.getByLabel("Beveiligingscode (CVC)").fill("123");
    await page.getByRole("button", { name: /Kaart opslaan/ }).click();
    await expect(page).toHaveURL(new RegExp(`${PROJECT}/backed/[0-9a-f-]+$`));
    await a11y("backed");
    await expect(page.getByRole("link", { name: "Vertel je buren erover: deel je eigen link" })).toBeVisible();
    await logout(page);

    // 3. Sanne, the initiator, sees Pieter with one backer and the amount.
    await a11y("after the neighbour's logout");
    await login(page, "sanne@demo.buurtkracht.nl");
    await a11y("home as Sanne");
    await page.goto(`${PROJECT}/dashboard`);
    await a11y("dashboard with ambassadors");
    const row = page.locator("#ambassadors").getByRole("row", { name: /Pieter Bakker/ });
    await expect(row.getByRole("cell").nth(0)).toHaveText("1");
    await expect(row.getByRole("cell").nth(1)).toHaveText(/€\s20,00/);
  });
});
