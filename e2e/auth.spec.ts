import { confirmSignupByMail, DEMO_PASSWORD, expect, test, uniqueEmail } from "./fixtures";

test.describe("accounts", () => {
  test("sign up, log out, log in, and the profile shows the name", async ({ page, a11y }) => {
    const email = uniqueEmail("marieke");
    await page.goto("/");
    await a11y("home");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samen maken we de buurt");
    await expect(page.getByRole("heading", { name: "Indische Buurt" })).toBeVisible();

    await page.getByRole("link", { name: "Aanmelden" }).first().click();
    await expect(page).toHaveURL(/\/signup$/);
    await a11y("signup");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Naam (zoals buren je zien)").fill("Marieke Pronk");
    await page.getByLabel("Wachtwoord").fill("een-goed-wachtwoord");
    await page.getByLabel("Buurt").selectOption({ label: "Lombok (Utrecht)" });
    await page.getByLabel("Postcode (4 cijfers)").fill("3531");
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    // The link in the mail confirms the address and logs in, back where sign-up was headed.
    await confirmSignupByMail(page, a11y, email);

    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole("heading", { level: 1, name: "Marieke Pronk" })).toBeVisible();
    await expect(page.getByText("Buurt: Lombok")).toBeVisible();
    await a11y("profile");

    await page.getByRole("button", { name: "Uitloggen" }).first().click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("link", { name: "Inloggen" }).first()).toBeVisible();

    await page.goto("/profile");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprofile/);
    await a11y("login");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Wachtwoord").fill("een-goed-wachtwoord");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole("heading", { level: 1, name: "Marieke Pronk" })).toBeVisible();
  });

  test("bad sign-up input shows errors next to the fields and creates no account", async ({ page, a11y }) => {
    await page.goto("/signup");
    await a11y();
    // Everything wrong at once.
    await page.getByLabel("E-mailadres").fill("geen-emailadres");
    await page.getByLabel("Wachtwoord").fill("kort");
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    const email = page.getByLabel("E-mailadres");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Vul een geldig e-mailadres in")).toBeVisible();
    await expect(page.getByText("Vul je naam in.")).toBeVisible();
    await expect(page.getByText("Kies een wachtwoord van minstens 10 tekens.")).toBeVisible();
    await expect(page.getByText("Kies je buurt.")).toBeVisible();
    // The error text is tied to its field.
    const describedBy = await email.getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    await expect(page.locator(`[id="${describedBy!.split(" ")[0]}"]`)).toContainText("geldig e-mailadres");
    await a11y("signup with errors");

    // A taken address (a demo account): the form answers as for any address — it never tells who
    // has an account — and the owner gets a mail; the demo account keeps its own password.
    await page.getByLabel("E-mailadres").fill("anna@demo.buurtkracht.nl");
    await page.getByLabel("Naam (zoals buren je zien)").fill("Nep Anna");
    await page.getByLabel("Wachtwoord").fill("ander-wachtwoord-123");
    await page.getByLabel("Buurt").selectOption({ label: "Lombok (Utrecht)" });
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    await expect(page).toHaveURL(/\/signup\/check-email/);
    await expect(page.getByText("We hebben een bericht gestuurd naar anna@demo.buurtkracht.nl.")).toBeVisible();
    await a11y("check your e-mail, taken address");

    // Nothing was created: the invalid address cannot log in, and the demo password still works.
    await page.goto("/login");
    await page.getByLabel("E-mailadres").fill("anna@demo.buurtkracht.nl");
    await page.getByLabel("Wachtwoord").fill("ander-wachtwoord-123");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await expect(page.getByText("Dit e-mailadres en wachtwoord horen niet bij elkaar.")).toBeVisible();
    await a11y("login error");
    await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Inloggen" }).click();
    await expect(page).toHaveURL(/\/$/);
    await a11y("home, logged in");
    await page.goto("/profile");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Anna de Vries");
    await a11y("profile");
  });

  test("switch the language to English and back", async ({ page, a11y }) => {
    await page.goto("/signup");
    await a11y();
    await page.getByRole("button", { name: "Switch to English" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign up for Buurtkracht");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByLabel("E-mail address")).toBeVisible();
    await a11y("signup in English");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Please fill in this field.").first()).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Building the neighbourhood together");
    await a11y("home in English");
    await page.getByRole("button", { name: "Naar Nederlands" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samen maken we de buurt");
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  });

  test("unknown pages get a friendly 404 in the visitor's language", async ({ page, a11y }) => {
    const res = await page.goto("/bestaat-niet");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Deze pagina bestaat niet" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Terug naar de startpagina" })).toBeVisible();
    await a11y();
  });
});
