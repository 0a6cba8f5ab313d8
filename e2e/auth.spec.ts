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

  test("a page loads its own language's catalogue only; switching fetches the other and client-side navigation keeps it (issue 13 §21)", async ({
    page,
    a11y,
  }) => {
    // Every script the page runs: the app's chunks under /build/ and the catalogue under /i18n/.
    const scripts: { url: string; body: string; bytes: number }[] = [];
    const reading: Promise<void>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return;
      const script = { url: new URL(response.url()).pathname, body: "", bytes: 0 };
      scripts.push(script);
      reading.push(
        (async () => {
          script.body = await response.text().catch(() => "");
          script.bytes = (await response.request().sizes()).responseBodySize;
        })(),
      );
    });
    // The page hydrates with the catalogue its script brought: no mismatch (React's errors #418, #423, #425).
    const reactErrors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error" && /hydrat|Minified React error|catalogue/i.test(msg.text())) reactErrors.push(msg.text());
    });
    await page.goto("/");
    await a11y("home");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samen maken we de buurt");
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    await Promise.all(reading);
    const catalogues = () => scripts.filter((s) => s.url.startsWith("/i18n/"));
    expect(catalogues().map((s) => s.url)).toEqual([expect.stringMatching(/^\/i18n\/nl\.[0-9a-f]{12}\.js$/)]);
    expect(catalogues()[0]!.body).toContain("Samen maken we de buurt");
    expect(catalogues()[0]!.body).not.toContain("Building the neighbourhood together");
    const chunks = scripts.filter((s) => s.url.startsWith("/build/"));
    expect(chunks.length).toBeGreaterThan(3);
    for (const text of ["Samen maken we de buurt", "Building the neighbourhood together"]) {
      expect(chunks.filter((c) => c.body.includes(text)).map((c) => c.url)).toEqual([]);
    }
    const sum = (list: typeof scripts) => list.reduce((n, s) => n + s.bytes, 0);
    test.info().annotations.push({ type: "home page scripts (bytes on the wire, gzipped)", description: `app ${sum(chunks)}, catalogue ${sum(catalogues())}` });

    // With JavaScript the switch is a client-side form post: the page stays, the English catalogue comes.
    await page.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));
    await page.getByRole("button", { name: "Switch to English" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Building the neighbourhood together");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    expect(catalogues().map((s) => s.url.slice(0, 9))).toEqual(["/i18n/nl.", "/i18n/en."]);
    await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Projects" }).click();
    await expect(page).toHaveURL(/\/projects$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Neighbourhood projects");
    await expect(page.getByRole("button", { name: "Naar Nederlands" }).first()).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    await a11y("projects in English after a client-side navigation");

    // A fresh document in English loads the English catalogue alone.
    scripts.length = 0;
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Neighbourhood projects");
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    expect(catalogues().map((s) => s.url.slice(0, 9))).toEqual(["/i18n/en."]);
    await page.getByRole("button", { name: "Naar Nederlands" }).first().click();
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
    await page.getByRole("link", { name: "Buurtkracht" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samen maken we de buurt");
    expect(reactErrors).toEqual([]);
  });

  test("the profile's language and logging into an English account change the page's language in place (issue 13 §21)", async ({ page, a11y }) => {
    const email = uniqueEmail("taal");
    await page.goto("/signup");
    await a11y("signup");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Naam (zoals buren je zien)").fill("Tess Taal");
    await page.getByLabel("Wachtwoord").fill("een-goed-wachtwoord");
    await page.getByLabel("Buurt").selectOption({ label: "Lombok (Utrecht)" });
    await page.getByLabel("Postcode (4 cijfers)").fill("3531");
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    await confirmSignupByMail(page, a11y, email);
    await page.goto("/profile");
    await a11y("profile");
    const samePage = () => page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage === true);
    // The English catalogue is fetched by the page itself when its language changes.
    const fetched: string[] = [];
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith("/i18n/")) fetched.push(pathname.slice(0, 9));
    });
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    await page.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));
    await page.getByLabel("Taal van e-mails en de site").selectOption("en");
    await page.getByRole("button", { name: "Opslaan" }).click();
    // The action's answer (the "saved" notice) stays: the page is not reloaded, it changes language.
    await expect(page.getByRole("status").filter({ hasText: "Your profile has been saved." })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("button", { name: "Save" }).first()).toBeVisible();
    expect(await samePage()).toBe(true);
    expect(fetched).toEqual(["/i18n/en."]);

    // A Dutch visitor (no cookie) logs into the English account: the next page is English.
    await page.context().clearCookies();
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen");
    await a11y("login");
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    await page.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Wachtwoord").fill("een-goed-wachtwoord");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Building the neighbourhood together");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    expect(await samePage()).toBe(true);
    expect(fetched).toEqual(["/i18n/en.", "/i18n/nl.", "/i18n/en."]);
    await a11y("home in English after logging in");
  });

  test("unknown pages get a friendly 404 in the visitor's language", async ({ page, a11y }) => {
    const res = await page.goto("/bestaat-niet");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Deze pagina bestaat niet" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Terug naar de startpagina" })).toBeVisible();
    await a11y();
  });
});
