import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, test } from "./fixtures";

/** Logs in through the form, checking the login page and the page it lands on. */
export async function signIn(page: Page, a11y: (label?: string) => Promise<void>, email: string, to?: string): Promise<void> {
  await page.goto(to ? `/login?redirectTo=${encodeURIComponent(to)}` : "/login");
  await a11y("login");
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByLabel(/wachtwoord|password/i).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /^(inloggen|log in)$/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await a11y("after login");
}

/** Logs out and waits until it is done (a navigation started earlier must not race with it). */
async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Uitloggen" }).first().click();
  await expect(page.getByRole("link", { name: "Inloggen" }).first()).toBeVisible();
}

test.describe("projects", () => {
  test("browse the list with filters, open a project, read its plan, tiers and share links", async ({ page, a11y }) => {
    await page.goto("/projects");
    await a11y("projects list");
    await expect(page.getByRole("heading", { level: 1, name: "Projecten in de buurt" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Moestuin op het Javaplein" })).toBeVisible();

    await page.getByLabel("Buurt").selectOption({ label: "Lombok (Utrecht)" });
    await page.getByLabel("Status").selectOption({ label: "Alle" });
    await page.getByRole("button", { name: "Toon projecten" }).click();
    await expect(page).toHaveURL(/neighbourhood=lombok/);
    await expect(page.getByRole("link", { name: "Buurtbibliotheek Kanaalstraat" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Moestuin op het Javaplein" })).toHaveCount(0);
    await a11y("filtered list");

    await page.goto("/projects/moestuin-op-het-javaplein");
    await a11y("project page");
    await expect(page.getByRole("heading", { level: 1, name: "Moestuin op het Javaplein" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Financieringsplan" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "Twaalf plantenbakken van lariks" })).toBeVisible();
    await expect(page.getByText(/Nog \d+ van 12 over/)).toBeVisible();
    await expect(page.getByRole("link", { name: /WhatsApp/ })).toHaveAttribute("href", /wa\.me/);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /Moestuin op het Javaplein/);
    await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", /summary/);
    // Story Markdown is rendered.
    await expect(page.getByRole("heading", { name: "Waarom" })).toBeVisible();
  });

  test("the public API and the embeddable card", async ({ page, request, a11y }) => {
    const list = await request.get("/api/projects?status=all");
    expect(list.ok()).toBe(true);
    expect(list.headers()["access-control-allow-origin"]).toBe("*");
    const body = (await list.json()) as { projects: { slug: string; goalCents: number }[] };
    expect(body.projects.map((p) => p.slug)).toContain("moestuin-op-het-javaplein");
    const one = await request.get("/api/projects/moestuin-op-het-javaplein");
    const project = (await one.json()) as Record<string, unknown>;
    expect(project).toMatchObject({
      slug: "moestuin-op-het-javaplein",
      goalCents: 250_000,
      fundingModel: "all_or_nothing",
      initiator: { handle: "anna-de-vries", displayName: "Anna de Vries" },
    });
    expect(JSON.stringify(project)).not.toMatch(/@demo\.buurtkracht\.nl/);
    expect((await request.get("/api/projects/speeltuin-sumatraplantsoen")).status()).toBe(404);

    const embed = await page.goto("/embed/projects/moestuin-op-het-javaplein");
    expect(embed?.headers()["x-frame-options"]).toBeUndefined();
    expect(embed?.headers()["content-security-policy"]).toContain("frame-ancestors *");
    await expect(page.getByRole("heading", { name: "Moestuin op het Javaplein" })).toBeVisible();
    await a11y("embed");
    // The share snippet's frame holds the whole card: the totals and the button are not cut off (issue 13 §12).
    await page.goto("/projects/moestuin-op-het-javaplein");
    await a11y("project page with the share snippet");
    const snippet = (await page.locator("code", { hasText: "<iframe" }).textContent()) ?? "";
    const [, src, width, height] = /src="([^"]+)" width="(\d+)" height="(\d+)"/.exec(snippet) ?? [];
    expect(new URL(src!).searchParams.get("lang")).toBe("nl");
    await page.setViewportSize({ width: Number(width), height: Number(height) });
    await page.goto(new URL(src!).pathname + new URL(src!).search);
    const fits = await page.evaluate(() => ({
      scroll: document.documentElement.scrollHeight,
      button: document.querySelector("a.btn")!.getBoundingClientRect().bottom,
      lang: document.documentElement.lang,
    }));
    expect(fits.lang).toBe("nl");
    expect(fits.button).toBeLessThanOrEqual(Number(height));
    expect(fits.scroll).toBeLessThanOrEqual(Number(height));
    await page.setViewportSize({ width: 1280, height: 720 });
    const normal = await request.get("/projects/moestuin-op-het-javaplein");
    expect(normal.headers()["x-frame-options"]).toBe("DENY");
  });

  test("a draft is private; moderators see the review queue, members do not", async ({ page, a11y }) => {
    expect((await page.goto("/projects/speeltuin-sumatraplantsoen"))?.status()).toBe(404);
    await a11y("404");
    await signIn(page, a11y, "eva@demo.buurtkracht.nl");
    expect((await page.goto("/moderation"))?.status()).toBe(403);
    await a11y("403");
    await signOut(page);
    await signIn(page, a11y, "kees@demo.buurtkracht.nl");
    await page.getByRole("link", { name: "Moderatie" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Moderatie" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Bankjes voor de Javastraat" })).toBeVisible();
    await a11y("moderation queue");
  });
});

test.describe("initiator and backer pages", () => {
  test("the dashboard: chart, tier totals, backers table, CSV, an update; a backer comments, the initiator hides it", async ({ page, a11y }) => {
    test.setTimeout(180_000);
    await signIn(page, a11y, "anna@demo.buurtkracht.nl");
    await page.goto("/me/projects");
    await a11y("my projects");
    await page.getByRole("link", { name: "Moestuin op het Javaplein" }).first().click();
    await expect(page).toHaveURL(/\/projects\/moestuin-op-het-javaplein\/dashboard$/);
    await a11y("dashboard");
    await expect(page.getByRole("img", { name: /Toegezegd in de tijd/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Per beloning" })).toBeVisible();
    const backers = page.getByRole("table").filter({ hasText: "Bericht" });
    await expect(backers.getByRole("cell", { name: "Eva Visser" })).toBeVisible();
    await expect(backers.getByRole("cell", { name: "Anoniem" })).toBeVisible();
    const csv = await page.request.get("/projects/moestuin-op-het-javaplein/backers.csv");
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain("Eva Visser,7500,75.00,Eigen plantenbak");
    expect(text).not.toContain("@demo.buurtkracht.nl");

    await page.getByLabel("Titel").fill("De bakken zijn besteld");
    await page.getByLabel("Bericht").fill("Volgende week **zaterdag** bouwen we ze samen.");
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await expect(page.getByText("Je nieuws is geplaatst.")).toBeVisible();
    await signOut(page);

    await signIn(page, a11y, "eva@demo.buurtkracht.nl");
    await page.goto("/projects/moestuin-op-het-javaplein");
    await expect(page.getByRole("heading", { name: "De bakken zijn besteld" })).toBeVisible();
    await page.getByLabel("Jouw reactie").fill("Ik neem koffie mee!");
    await page.getByRole("button", { name: "Reageren" }).click();
    await expect(page.getByText("Je reactie is geplaatst.")).toBeVisible();
    await expect(page.getByText("Ik neem koffie mee!")).toBeVisible();
    await a11y("project page with comment");
    await signOut(page);

    await signIn(page, a11y, "anna@demo.buurtkracht.nl");
    await page.goto("/projects/moestuin-op-het-javaplein");
    const comment = page.getByRole("listitem").filter({ hasText: "Ik neem koffie mee!" });
    await comment.getByRole("button", { name: "Verbergen" }).click();
    await expect(page.getByText("De reactie is verborgen.")).toBeVisible();
    await signOut(page);
    await page.goto("/projects/moestuin-op-het-javaplein");
    await expect(page.getByText("Ik neem koffie mee!")).toHaveCount(0);
  });

  test("rewards of a draft; a backer changes and withdraws a pledge; My pledges and the receipt", async ({ page, a11y }) => {
    test.setTimeout(180_000);
    await signIn(page, a11y, "anna@demo.buurtkracht.nl");
    await page.goto("/projects/speeltuin-sumatraplantsoen/tiers");
    await a11y("tiers");
    await page.getByLabel("Naam van de beloning").fill("Tegel met je naam");
    await page.getByLabel("Minimaal bedrag in euro").fill("25");
    await page.getByLabel("Aantal beschikbaar").fill("30");
    await page.getByRole("button", { name: "Beloning toevoegen" }).click();
    await expect(page.getByText("Beloning opgeslagen.")).toBeVisible();
    await expect(page.getByRole("heading", { name: /Tegel met je naam · Vanaf € 25/ })).toBeVisible();
    await signOut(page);

    // Eva backs the Moestuin with € 75 for a planter (seeded); she lowers it below the tier minimum → told the minimum (issue 13 §4), then changes tier.
    await signIn(page, a11y, "eva@demo.buurtkracht.nl");
    await page.goto("/projects/moestuin-op-het-javaplein/pledge");
    await a11y("change pledge");
    await expect(page.getByRole("heading", { level: 1, name: /Je toezegging voor/ })).toBeVisible();
    await page.getByLabel("Bedrag in euro").fill("20");
    await page.getByRole("button", { name: "Wijziging opslaan" }).click();
    await expect(page.getByText(/^Minimaal €\s75 voor deze beloning\.$/)).toBeVisible();
    await expect(page.getByLabel("Bedrag in euro")).toHaveAttribute("aria-invalid", "true");
    await a11y("change pledge with error");
    await page.getByLabel(/^Zakje zaden/).check();
    await page.getByLabel("Bedrag in euro").fill("20");
    await page.getByRole("button", { name: "Wijziging opslaan" }).click();
    await expect(page.getByText("Je toezegging is gewijzigd.")).toBeVisible();
    await a11y("my pledges");
    const row = page.getByRole("row", { name: /Moestuin op het Javaplein/ });
    await expect(row.getByText("Zakje zaden")).toBeVisible();
    await expect(row.getByText("Toegezegd")).toBeVisible();
    await row.getByRole("link", { name: /Bewijs/ }).click();
    await a11y("receipt");
    await expect(page.getByRole("heading", { name: "Bewijs van je toezegging" })).toBeVisible();
    await expect(page.getByText("€ 20,00").first()).toBeVisible();
    // Printable (issue 13 §17): on paper only the receipt, no header, footer or buttons.
    await expect(page.getByRole("button", { name: "Afdrukken" })).toBeVisible();
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("banner")).toBeHidden();
    await expect(page.getByRole("contentinfo")).toBeHidden();
    await expect(page.getByRole("button", { name: "Afdrukken" })).toBeHidden();
    await expect(page.getByRole("heading", { name: "Bewijs van je toezegging" })).toBeVisible();
    await page.emulateMedia({ media: "screen" });
    // The change reads as a change, not as a second pledge (issue 13 §15).
    await expect(page.getByText(/Gewijzigd: €\s75,00 → €\s20,00, beloning Eigen plantenbak → Zakje zaden/)).toBeVisible();

    await page.goto("/projects/moestuin-op-het-javaplein/pledge");
    // Withdrawing asks first (issue 13 §3): saying no keeps the pledge, saying yes withdraws it.
    page.once("dialog", (d) => void d.dismiss());
    await page.getByRole("button", { name: "Toezegging intrekken" }).click();
    await expect(page.getByRole("button", { name: "Toezegging intrekken" })).toBeVisible();
    await expect(page.getByText("Je toezegging is ingetrokken.")).toHaveCount(0);
    const asked = new Promise<string>((resolve) =>
      page.once("dialog", (d) => {
        resolve(d.message());
        void d.accept();
      }),
    );
    await page.getByRole("button", { name: "Toezegging intrekken" }).click();
    expect(await asked).toMatch(/Je toezegging intrekken\?/);
    await expect(page.getByText("Je toezegging is ingetrokken.")).toBeVisible();
    await expect(page.getByRole("row", { name: /Moestuin op het Javaplein/ }).getByText("Ingetrokken")).toBeVisible();
  });
});
