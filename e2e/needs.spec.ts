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
  test("a thing from the lending library: Eva lends her soup pan for the garden's need; once Anna accepts the loan, it is found", async ({ page, a11y }) => {
    const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date(Date.now() + offset * 86_400_000));
    await page.goto("/login");
    await a11y("login (phone)");
    await login(page, "eva@demo.buurtkracht.nl");
    await a11y("after login as Eva (phone)");
    await page.goto("/projects/moestuin-op-het-javaplein");
    await a11y("project page, a thing still wanted (phone)");
    const pan = page.locator("#wanted").getByRole("listitem").filter({ hasText: "Een grote soeppan voor de opening" });
    await pan.getByRole("link", { name: /Grote soeppan \(20 liter\) uitlenen aan dit project/ }).click();
    await expect(page).toHaveURL(/lend-to-project\?project=moestuin-op-het-javaplein&need=/);
    // The project and the need come chosen; the owner picks the days.
    await expect(page.getByLabel("Project", { exact: true })).toHaveValue(/.+/);
    await expect(page.getByLabel("Voor welke vraag van een project?").locator("option:checked")).toHaveText(/Een grote soeppan voor de opening/);
    await page.getByLabel("Van", { exact: true }).fill(day(18));
    await page.getByLabel("Tot en met", { exact: true }).fill(day(20));
    await a11y("lend to a project for a need (phone)");
    await page.getByRole("button", { name: "Aanbieden aan het project" }).click();
    await expect(page.getByText("Je aanbod is naar de initiatiefnemer verstuurd.")).toBeVisible();
    const loanUrl = page.url();
    expect(loanUrl).toMatch(/\/loans\//);
    await page.goto("/projects/moestuin-op-het-javaplein");
    await expect(pan.getByRole("link", { name: /uitgeleend uit de bibliotheek: bekijk de lening/ })).toBeVisible();
    await a11y("project page, a thing lent for a need (phone)");

    // Anna, the initiator, accepts the loan: the need is found.
    await page.context().clearCookies();
    await page.goto("/login");
    await login(page, "anna@demo.buurtkracht.nl");
    await a11y("after login as Anna (phone)");
    await page.goto(loanUrl);
    await page.getByRole("button", { name: "Accepteren" }).click();
    await expect(page.getByText("Geaccepteerd").first()).toBeVisible();
    await a11y("loan for a need, accepted (phone)");
    await page.goto("/projects/moestuin-op-het-javaplein");
    await expect(page.getByText(/Een grote soeppan voor de opening.*: Gevonden/)).toBeVisible();
    await expect(page.locator("#wanted").getByRole("listitem").filter({ hasText: "Een grote soeppan voor de opening" }).getByText("✓ Gevonden")).toBeVisible();
    await a11y("project page, the need found (phone)");
  });
});
