import fs from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "@playwright/test";
import { confirmSignupByMail, expect, runDueJobs, test, uniqueEmail } from "./fixtures";

/**
 * Issue 15, "your data is yours" (docs/decisions/074): a new neighbour asks for their data, the job
 * prepares it, the bell says so, the zip holds their JSON; then they delete their account, are
 * logged out and cannot log in again. Its own fresh account, so it depends on no other journey.
 */
async function fits(page: Page, what: string) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page, `${what}: the page is wider than the screen`).toBeLessThanOrEqual(widths.screen);
}

test.describe("my data", () => {
  test("download my data, then delete my account", async ({ page, a11y }) => {
    test.setTimeout(180_000);
    const email = uniqueEmail("jip");
    const password = "een-goed-wachtwoord";
    await page.goto("/signup");
    await a11y("signup");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Naam (zoals buren je zien)").fill("Jip Gegevens");
    await page.getByLabel("Wachtwoord").fill(password);
    await page.getByLabel("Buurt").selectOption({ label: "Lombok (Utrecht)" });
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    await confirmSignupByMail(page, a11y, email);
    await expect(page).toHaveURL(/\/profile$/);
    await a11y("profile");

    await page.getByRole("link", { name: "Je gegevens downloaden of je account verwijderen" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Je gegevens" })).toBeVisible();
    await a11y("your data");
    await page.getByRole("button", { name: "Vraag mijn gegevens aan" }).click();
    await expect(page.getByText("Je aanvraag is ontvangen.")).toBeVisible();
    await expect(page.getByText("Wordt klaargezet")).toBeVisible();
    await a11y("your data, requested");

    // The job prepares the archive; the bell announces it.
    await runDueJobs(page);
    await page.goto("/notifications");
    await expect(page.getByText("Je gegevens staan klaar").first()).toBeVisible();
    await a11y("notifications");

    await page.goto("/settings/data");
    await a11y("your data, ready");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download (zip)" }).first().click()]);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["data.json", "csv/profile.csv", "csv/sessions.csv"]));
    const archive = JSON.parse(strFromU8(files["data.json"]!)) as { tables: { profile: { email: string; display_name: string }[] } };
    expect(archive.tables.profile).toEqual([expect.objectContaining({ email, display_name: "Jip Gegevens" })]);

    // On a phone the page fits the screen.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.reload();
    await fits(page, "your data on a phone");
    await page.setViewportSize({ width: 1280, height: 720 });

    // Deleting asks for the password and the tick; a wrong password is refused next to the field.
    await page.getByLabel("Je wachtwoord").fill("niet-mijn-wachtwoord");
    await page.getByLabel("Ik begrijp dat mijn account voorgoed verdwijnt.").check();
    await page.getByRole("button", { name: "Verwijder mijn account" }).click();
    await expect(page.getByText("Dat wachtwoord klopt niet.").first()).toBeVisible();
    await a11y("delete refused");
    await page.getByLabel("Je wachtwoord").fill(password);
    await page.getByLabel("Ik begrijp dat mijn account voorgoed verdwijnt.").check();
    await page.getByRole("button", { name: "Verwijder mijn account" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText("Je account is verwijderd.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Inloggen" }).first()).toBeVisible();
    await a11y("home after deleting");

    // Logged out, and the account cannot log in again.
    await page.goto("/settings/data");
    await expect(page).toHaveURL(/\/login/);
    await a11y("login");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Wachtwoord").fill(password);
    await page.getByRole("button", { name: "Inloggen" }).click();
    await expect(page.getByText("Dit e-mailadres en wachtwoord horen niet bij elkaar.")).toBeVisible();
    await a11y("login refused");
  });
});
