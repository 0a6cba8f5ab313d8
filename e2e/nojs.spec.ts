import { confirmSignupByMail, expect, login, serverDay, test, uniqueEmail } from "./fixtures";

/**
 * Issue 13 §11, in the "no-javascript" project (playwright.config.ts: JavaScript disabled): the
 * forms neighbours need most work as plain HTML — sign up, search, ask to borrow, pledge with a new
 * card on the payment page — so a slow phone, a failed script or a strict browser never blocks them.
 */
test.describe("without JavaScript", () => {
  test("sign up → search → ask to borrow → pledge with a new card", async ({ page, a11y }) => {
    test.setTimeout(180_000);
    const email = uniqueEmail("zonderjs");
    await page.goto("/signup");
    await a11y("signup without JavaScript");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Naam (zoals buren je zien)").fill("Bram Zonder");
    await page.getByLabel("Wachtwoord").fill("een-goed-wachtwoord");
    await page.getByLabel("Buurt").selectOption({ label: "Indische Buurt (Amsterdam)" });
    await page.getByLabel("Postcode (4 cijfers)").fill("1094");
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    await confirmSignupByMail(page, a11y, email);
    await a11y("signed up without JavaScript");
    // Logging in is a plain form too.
    await page.goto("/login");
    await a11y("login without JavaScript");
    await login(page, email, "een-goed-wachtwoord");
    await expect(page.getByRole("button", { name: "Uitloggen" }).first()).toBeVisible();

    // Search with a typo; the results are a plain GET.
    await page.goto("/items");
    await a11y("items without JavaScript");
    await page.getByLabel("Wat zoek je?").fill("ladder");
    await page.getByRole("button", { name: "Zoeken" }).click();
    await expect(page).toHaveURL(/q=ladder/);
    await a11y("search results without JavaScript");
    await page.getByRole("link", { name: "Aluminium ladder 3-delig" }).click();
    await a11y("item page without JavaScript");

    // The day picker is a script; the two date fields work without it.
    const from = await serverDay(page, 30);
    const to = await serverDay(page, 31);
    await page.getByLabel("Van", { exact: true }).fill(from);
    await page.getByLabel("Tot en met").fill(to);
    await page.getByLabel(/Bericht aan/).fill("Mag ik hem een weekend lenen?");
    await page.getByRole("button", { name: "Verzoek versturen" }).click();
    await expect(page).toHaveURL(/\/loans\/[0-9a-f-]{36}$/);
    await expect(page.getByText("Je verzoek is verstuurd.")).toBeVisible();
    await a11y("loan page without JavaScript");

    // A pledge with a new card: the form, the payment page, back to the confirmation.
    await page.goto("/projects/moestuin-op-het-javaplein/pledge");
    await a11y("pledge form without JavaScript");
    await page.getByLabel("Bedrag in euro").fill("15");
    await page.getByLabel("Nieuwe kaart of iDEAL toevoegen").check();
    await page.getByRole("button", { name: "Toezeggen" }).click();
    await expect(page).toHaveURL(/\/pay\/sim\//);
    await a11y("hosted card page without JavaScript");
    await page.getByLabel("Kaartnummer").fill("4242 4242 4242 4242");
    await page.getByLabel("Vervaldatum (MM/JJ)").fill("12/34");
    await page.getByLabel("Beveiligingscode (CVC)").fill("123");
    await page.getByRole("button", { name: /Kaart opslaan/ }).click();
    await expect(page).toHaveURL(/\/backed\/[0-9a-f-]+$/);
    await expect(page.getByRole("heading", { name: /^Je steunt .+ met €\s15,00$/ })).toBeVisible();
    await a11y("backed without JavaScript");
  });

  test("switch the language and follow a link: the next page is in that language too (issue 13 §21)", async ({ page, a11y }) => {
    await page.goto("/");
    await a11y("home without JavaScript");
    // Each document names its own language's catalogue (for the scripts a browser with JavaScript runs).
    const catalogue = page.locator('script[src^="/i18n/"]');
    await expect(catalogue).toHaveAttribute("src", /^\/i18n\/nl\.[0-9a-f]{12}\.js$/);
    await page.getByRole("button", { name: "Switch to English" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Building the neighbourhood together");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(catalogue).toHaveAttribute("src", /^\/i18n\/en\.[0-9a-f]{12}\.js$/);
    await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Projects" }).click();
    await expect(page).toHaveURL(/\/projects$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Neighbourhood projects");
    await a11y("projects in English without JavaScript");
    await page.getByRole("button", { name: "Naar Nederlands" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Projecten in de buurt");
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  });

  test("the map's list: the same markers as links, filtered by a plain GET form (decision 068)", async ({ page, a11y }) => {
    await page.goto("/map");
    await a11y("the map without JavaScript");
    await page.getByLabel("Buurt").selectOption({ label: "Lombok (Utrecht)" });
    await page.getByLabel("Projecten", { exact: true }).uncheck();
    await page.getByLabel("Ideeën en meldingen", { exact: true }).uncheck();
    await page.getByRole("button", { name: "Toon op de kaart" }).click();
    await expect(page).toHaveURL(/show=item&neighbourhood=lombok/);
    await expect(page.locator('[data-map-kind="project"]')).toHaveCount(0);
    await expect(page.locator('[data-map-kind="idea"]')).toHaveCount(0);
    const first = page.locator('[data-map-kind="item"] li a').first();
    await expect(first).toBeVisible();
    const href = (await first.getAttribute("href"))!;
    await first.click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await a11y("an item from the map's list without JavaScript");
  });
});
