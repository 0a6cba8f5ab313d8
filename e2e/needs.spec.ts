import { expect, login, test } from "./fixtures";

/** Time beside money (issue 11): a neighbour signs up for a volunteer shift on a phone. */
test.describe("volunteer shifts", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the project page shows volunteers beside the money; a neighbour signs up with a note and withdraws", async ({ page, a11y }) => {
    await page.goto("/login");
    await a11y("login (phone)");
    await login(page, "pieter@demo.buurtkracht.nl");
    await a11y("after login (phone)");
    await page.goto("/projects/moestuin-op-het-javaplein");
    await a11y("project page with shifts (phone)");
    await expect(page.getByRole("link", { name: "4 van 14 vrijwilligers" })).toBeVisible();
    const shifts = page.locator("#shifts");
    const sowing = shifts.getByRole("listitem").filter({ hasText: "Zaaien met de kinderen" });
    await expect(sowing.getByText("0 van 4 aangemeld")).toBeVisible();
    await sowing.getByLabel(/Opmerking voor de initiatiefnemer/).fill("Ik neem mijn dochter mee.");
    await sowing.getByRole("button", { name: /Ik help mee/ }).click();
    await expect(page.getByText("Dank je wel! Je bent aangemeld.")).toBeVisible();
    await expect(sowing.getByText("Je bent aangemeld")).toBeVisible();
    await expect(sowing.getByText("1 van 4 aangemeld")).toBeVisible();
    await expect(page.getByRole("link", { name: "5 van 14 vrijwilligers" })).toBeVisible();
    await a11y("project page, signed up for a shift (phone)");
    await sowing.getByRole("button", { name: /Afmelden/ }).click();
    await expect(page.getByText("Je bent afgemeld.")).toBeVisible();
    await expect(sowing.getByText("0 van 4 aangemeld")).toBeVisible();

    // Things and skills: the trailer is found; Pieter offers to design the flyer.
    await expect(page.getByText(/Een aanhanger voor de aarde.*: Gevonden/)).toBeVisible();
    const flyer = page.locator("#wanted").getByRole("listitem").filter({ hasText: "Iemand die een flyer kan ontwerpen" });
    await flyer.getByLabel(/Wat kun je of wat heb je/).fill("Ik ben grafisch ontwerper.");
    await flyer.getByRole("button", { name: /Ik kan dit/ }).click();
    await expect(page.getByText("Dank je wel! De initiatiefnemer krijgt je aanbod.")).toBeVisible();
    await expect(flyer.getByText(/Je hebt dit aangeboden/)).toBeVisible();
    await a11y("project page, a skill offered (phone)");
  });
});
