import type { Page } from "@playwright/test";
import { advanceClock, expect, login, runDueJobs, serverDay, test } from "./fixtures";

/**
 * Issue 11 end to end: money, time and things, co-funded under public rules. A fund's member opens
 * a matching pool → a new project in its neighbourhood gets a shift and a thing it needs → a
 * neighbour signs up for the shift, offers the thing and pledges money in ONE form → the project
 * shows the matching → the deadline passes and settlement books the fund's share in the ledger (charged on the card its admin saved)
 * (which verifies) → the shift is in the volunteer's calendar feed.
 *
 * Named to run after the others: it moves the server's clock a day (trust.spec.ts sorts after it and
 * takes its days from the server's clock).
 */
type A11y = (label?: string) => Promise<void>;

async function logOut(page: Page) {
  await page.getByRole("button", { name: "Uitloggen" }).first().click();
  await expect(page.getByRole("link", { name: "Inloggen" }).first()).toBeVisible();
}

async function logIn(page: Page, a11y: A11y, email: string) {
  await page.goto("/login");
  await a11y("login");
  await login(page, email);
  await a11y("after login");
}

/** The server's own day (its clock may have been moved by earlier journeys), in Amsterdam. */

test.describe("money, time and things together", () => {
  test("a fund opens a pool → a neighbour gives a shift, a thing and money in one form → matching shown → settled in the ledger → shift in the calendar", async ({
    page,
    a11y,
  }) => {
    test.setTimeout(300_000);
    const n = Date.now() % 100_000;
    const poolName = `Samen Sterker ${n}`;
    const title = `Bankjes Sumatraplantsoen ${n}`;

    // 1. A member of Wijkfonds Oost opens a pool: € 1 per € 1 for Indische Buurt projects, from one backer.
    await logIn(page, a11y, "wijkfonds@demo.buurtkracht.nl");
    await page.goto("/organisations/wijkfonds-oost");
    await a11y("organisation page");
    // Its admin saves a card for matching: at success the fund's share is charged, not transferred.
    await page.getByRole("button", { name: /Betaalmethode opslaan|Andere betaalmethode opslaan/ }).click();
    await expect(page).toHaveURL(/\/pay\/sim\//);
    await a11y("hosted card page (the fund's card)");
    await page.getByLabel("Kaartnummer").fill("4242 4242 4242 4242");
    await page.getByLabel("Vervaldatum (MM/JJ)").fill("12/34");
    await page.getByLabel("Beveiligingscode (CVC)").fill("123");
    await page.getByRole("button", { name: /Kaart opslaan/ }).click();
    await expect(page).toHaveURL(/\/organisations\/wijkfonds-oost\?method=saved$/);
    await expect(page.locator("#payment-method-state")).toHaveText(/Opgeslagen: .*4242/);
    await a11y("organisation page with a saved payment method");
    await page
      .getByRole("link", { name: /Nieuw fonds|fonds openen/i })
      .first()
      .click();
    await a11y("new pool form");
    await page.getByLabel("Naam van het fonds").fill(poolName);
    await page.getByLabel("Totaal budget").fill("1000");
    await page.getByLabel("Maximum per project").fill("200");
    await page.getByLabel(/Verdubbeling per euro/).fill("100");
    await page.getByLabel("Minimaal aantal verschillende buren").fill("1");
    await page.getByLabel("Laatste dag").fill(await serverDay(page, 60));
    await page.getByRole("checkbox", { name: "Indische Buurt" }).check();
    await page.getByRole("button", { name: "Fonds openen" }).click();
    await expect(page.getByText(/Het fonds is geopend/)).toBeVisible();
    await expect(page).toHaveURL(/\/pools\/[0-9a-f-]+$/);
    await expect(page.getByText("Alleen projecten in: Indische Buurt")).toBeVisible();
    await a11y("pool page with its public rules");
    const poolUrl = page.url();
    await logOut(page);

    // 2. Anna starts a project in the Indische Buurt; Kees approves it; she launches it and asks
    //    for hands (a shift in three days) and a thing (a trailer).
    await logIn(page, a11y, "anna@demo.buurtkracht.nl");
    await page.goto("/projects/new");
    await a11y("new project");
    await page.getByLabel("Titel").fill(title);
    await page.getByLabel("Samenvatting").fill("Twee bankjes voor het plantsoen.");
    await page.getByLabel("Verhaal").fill("Twee bankjes van hergebruikt hout, samen gebouwd.");
    await page.getByLabel("Categorie").selectOption({ label: "Sociaal" });
    await page.getByLabel("Doel in euro").fill("100");
    await page.getByLabel("Looptijd in dagen").fill("1");
    await page.getByLabel("Waarvoor, regel 1").fill("Hout en schroeven");
    await page.getByLabel("Bedrag, regel 1").fill("100");
    await page.getByRole("button", { name: "Concept opslaan" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    const slug = new URL(page.url()).pathname.split("/")[2]!;
    await page.getByRole("button", { name: "Indienen ter beoordeling" }).click();
    await expect(page.getByText("Je project is ingediend ter beoordeling.")).toBeVisible();
    await a11y("dashboard (submitted)");
    await logOut(page);
    await logIn(page, a11y, "kees@demo.buurtkracht.nl");
    await page.goto("/moderation");
    await a11y("moderation queue");
    await page.goto(`/moderation/projects/${slug}`);
    await a11y("review page");
    await page.getByRole("button", { name: "Goedkeuren" }).click();
    await expect(page.getByText("Project goedgekeurd.")).toBeVisible();
    await logOut(page);
    await logIn(page, a11y, "anna@demo.buurtkracht.nl");
    await page.goto(`/projects/${slug}/dashboard`);
    await page.getByRole("button", { name: "Lanceren" }).click();
    await expect(page.getByText("Je project is gelanceerd!")).toBeVisible();
    await a11y("dashboard (live)");
    await page.goto(`/projects/${slug}/needs`);
    await a11y("needs page");
    const addShift = page.locator("form").filter({ has: page.locator('input[name="intent"][value="add-shift"]') });
    await addShift.getByLabel("Wat ga je doen?").fill("Bankjes in elkaar zetten");
    await addShift.getByLabel("Datum").fill(await serverDay(page, 3));
    await addShift.getByLabel("Van").fill("10:00");
    await addShift.getByLabel("Tot").fill("13:00");
    await addShift.getByLabel("Plek").fill("Sumatraplantsoen");
    await addShift.getByLabel("Aantal mensen").fill("4");
    await addShift.getByRole("button", { name: "Dienst toevoegen" }).click();
    await expect(page.getByText("Dienst toegevoegd.")).toBeVisible();
    const addItem = page.locator("form").filter({ has: page.locator('input[name="intent"][value="add-item"]') });
    await addItem.getByLabel("Wat zoek je?").fill("Een aanhanger voor het hout");
    await addItem.getByRole("button", { name: "Spullen vragen" }).click();
    await expect(page.getByText("Toegevoegd.")).toBeVisible();
    await a11y("needs page with a shift and a thing");
    await logOut(page);

    // 3. Eva gives in one form: € 40, the shift, and her trailer — with a new card.
    await logIn(page, a11y, "eva@demo.buurtkracht.nl");
    await page.goto(`/projects/${slug}`);
    await a11y("project page (backer)");
    await page.getByRole("link", { name: "Steun dit project" }).first().click();
    await expect(page).toHaveURL(new RegExp(`/projects/${slug}/pledge`));
    await a11y("pledge form with time and things");
    const along = page.getByTestId("give-along");
    await page.getByLabel("Bedrag in euro").fill("60");
    await along.getByRole("checkbox", { name: /Bankjes in elkaar zetten/ }).check();
    await along.getByRole("radio", { name: /Een aanhanger voor het hout/ }).check();
    await along.getByLabel(/Toelichting bij je aanbod/).fill("Mijn aanhanger staat in de Balistraat.");
    await page.getByLabel("Nieuwe kaart of iDEAL toevoegen").check();
    await page.getByRole("button", { name: "Toezeggen" }).click();
    await expect(page).toHaveURL(/\/pay\/sim\//);
    await a11y("hosted card page");
    await page.getByLabel("Kaartnummer").fill("4242 4242 4242 4242");
    await page.getByLabel("Vervaldatum (MM/JJ)").fill("12/34");
    await page.getByLabel("Beveiligingscode (CVC)").fill("123");
    await page.getByRole("button", { name: /Kaart opslaan/ }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${slug}/backed/[0-9a-f-]+$`));
    await expect(page.getByRole("heading", { name: /^Je steunt .+ met €\s60,00$/ })).toBeVisible();
    await a11y("backed");

    // 4. The project page: the money with the fund's share, the volunteer, the trailer offered.
    await page.goto(`/projects/${slug}`);
    await expect(page.getByText(/\+ €\s?60(,00)? van Wijkfonds Oost/).first()).toBeVisible();
    await expect(page.getByRole("progressbar", { name: /120 toegezegd van .*100/ })).toBeVisible();
    const shift = page.locator("#shifts").getByRole("listitem").filter({ hasText: "Bankjes in elkaar zetten" });
    await expect(shift.getByText("Je bent aangemeld")).toBeVisible();
    await expect(shift.getByText("1 van 4 aangemeld")).toBeVisible();
    await expect(page.locator("#wanted").getByText(/Je hebt dit aangeboden/)).toBeVisible();
    await a11y("project page with matching, a volunteer and an offer");
    await page.goto(poolUrl);
    const listed = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title }) });
    await expect(listed.getByText("€ 60,00")).toBeVisible();
    await expect(listed.getByText(/Volgens de verhouding/)).toBeVisible();
    await a11y("pool page lists the project");

    // 5. The deadline passes; settlement books the fund's share; the ledger verifies.
    await advanceClock(page, 24 * 60 * 60 * 1000 + 60_000);
    await runDueJobs(page);
    await page.goto(`/projects/${slug}`);
    await expect(page.getByText("Dit project is geslaagd!")).toBeVisible();
    await a11y("project page (succeeded)");
    await page.goto(`/projects/${slug}/ledger`);
    await expect(page.getByRole("row", { name: /Verdubbeling toegezegd door Wijkfonds Oost.*€\s60,00/ })).toBeVisible();
    // Charged on the fund's saved card right after settlement (app/matching/charges.server.ts).
    await expect(page.getByRole("row", { name: /Verdubbeling ontvangen van Wijkfonds Oost.*€\s60,00/ })).toBeVisible();
    await a11y("public ledger with the matching line");
    const verify = await page.request.post("/__test/ledger-verify");
    const report = (await verify.json()) as { ok: boolean; results: { name: string; problems: string[] }[] };
    expect(report.results.filter((r) => r.problems.length > 0)).toEqual([]);
    expect(report.ok).toBe(true);

    // 6. The shift is in Eva's private calendar feed.
    await page.goto("/settings/notifications");
    await a11y("settings");
    await page.getByRole("button", { name: "Agenda-link maken" }).click();
    const url = await page.getByLabel("Jouw agenda-link").inputValue();
    await a11y("settings with calendar link");
    // Unfolded: long iCalendar lines continue on the next line after a space (RFC 5545 §3.1).
    const feed = (await (await page.request.get(url)).text()).replace(/\r?\n[ \t]/g, "");
    expect(feed).toContain(`Vrijwilligen: Bankjes in elkaar zetten (${title})`);
  });
});
