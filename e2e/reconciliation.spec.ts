import { DEMO_PASSWORD, expect, login, test } from "./fixtures";

/** The reconciliation with the payment gateway, for admins (docs/decisions/027). */
test.describe("reconciliation", () => {
  test.describe.configure({ timeout: 240_000 });

  test("admins see the checks against the gateway and run one; members do not; it reads on a phone", async ({ page, a11y }) => {
    await page.goto("/login");
    await a11y("login");
    await login(page, "pieter@demo.buurtkracht.nl", DEMO_PASSWORD);
    await a11y("home");
    const denied = await page.goto("/admin/reconciliation");
    expect(denied?.status()).toBe(403);
    await a11y("forbidden");
    await page.getByRole("button", { name: "Uitloggen" }).first().click();
    await expect(page.getByRole("link", { name: "Inloggen" }).first()).toBeVisible();

    await login(page, "admin@demo.buurtkracht.nl", DEMO_PASSWORD);
    await page.goto("/admin/reconciliation");
    await expect(page.getByRole("heading", { level: 1, name: "Afstemming met de betaalprovider" })).toBeVisible();
    await a11y("reconciliation");
    await page.getByRole("button", { name: "Nu controleren" }).click();
    await expect(page.getByText("De controle is uitgevoerd.")).toBeVisible();
    const latest = page
      .getByRole("list")
      .filter({ has: page.getByRole("heading", { level: 3 }) })
      .getByRole("listitem")
      .first();
    await expect(latest).toContainText("met de hand");
    // The demo's payments agree with its ledger.
    await expect(latest).toContainText("In orde");
    await a11y("reconciliation, after a check");

    // In English too.
    await page.getByRole("button", { name: "English" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Reconciliation with the payment gateway" })).toBeVisible();
    await expect(latest).toContainText("by hand");
    await a11y("reconciliation, English");

    // A phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.reload();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await a11y("reconciliation, phone");
  });
});
