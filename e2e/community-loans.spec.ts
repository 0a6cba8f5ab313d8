import { expect, login, test } from "./fixtures";

/**
 * Community loans (issue 16, decision 078): the demo's oven loan for buurtcafé De Kroon succeeded and
 * Sanne repaid the first installment (app/demo/community-loans.server.ts). Eva, one of the five
 * lenders, finds it from "Mijn steun", sees the first repayment and what is outstanding, and
 * downloads her agreement. Then the live loan (Lombok's cargo bike): the risk warning on the project
 * page, and the lend form refuses a loan without the tick (nothing is pledged), on a phone.
 * Only reads and a refused form: no other journey's state changes.
 */
test.describe("a community loan", () => {
  test("the lender sees the first repayment and downloads the agreement; the lend form asks for the risk tick", async ({ page, a11y }) => {
    test.setTimeout(120_000);
    await page.goto("/login");
    await a11y("login");
    await login(page, "eva@demo.buurtkracht.nl");
    await a11y("home as Eva");
    await page.goto("/me/pledges");
    await a11y("my pledges");
    await page.getByRole("link", { name: "Mijn buurtleningen" }).click();
    await expect(page.getByRole("heading", { name: "Mijn buurtleningen" })).toBeVisible();
    await a11y("my community loans");
    const loan = page.getByTestId("community-loan").filter({ hasText: "Een nieuwe oven voor buurtcafé De Kroon" });
    await expect(loan).toBeVisible();
    await expect(loan.getByTestId("repaid")).not.toHaveText("€ 0,00");
    await expect(loan.getByTestId("installment-1")).toContainText("Betaald");
    await expect(loan.getByTestId("installment-2")).toContainText("Open");

    const downloading = page.waitForEvent("download");
    await loan.getByRole("link", { name: "Download de leenovereenkomst (pdf)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("buurtlening-oven-buurtcafe-de-kroon.pdf");
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe("%PDF-");

    // On a phone: the live loan's page with its warning, and the lend form without the tick.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/projects/deelbakfiets-lombok");
    await expect(page.getByTestId("risk-warning")).toContainText("Let op: een buurtlening is geen spaarrekening.");
    await a11y("live loan project at 375 px");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.goto("/projects/deelbakfiets-lombok/pledge");
    await expect(page.getByTestId("risk-warning")).toBeVisible();
    await a11y("lend form at 375 px");
    await page.getByLabel("Bedrag in euro").fill("25");
    await page.getByRole("button", { name: "Toezeggen", exact: true }).click();
    await expect(page.getByText("Lees de risicowaarschuwing en vink aan dat je hem begrepen hebt.").first()).toBeVisible();
    await a11y("lend form refused without the tick");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});
