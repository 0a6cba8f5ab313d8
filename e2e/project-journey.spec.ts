import type { Page } from "@playwright/test";
import { advanceClock, confirmSignupByMail, DEMO_PASSWORD, expect, runDueJobs, test, uniqueEmail } from "./fixtures";

type A11y = (label?: string) => Promise<void>;

async function logIn(page: Page, a11y: A11y, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await a11y("login");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await a11y("after login");
}

async function logOut(page: Page) {
  await page.getByRole("button", { name: "Uitloggen" }).first().click();
  await expect(page.getByRole("link", { name: "Inloggen" }).first()).toBeVisible();
}

async function signUp(page: Page, a11y: A11y, name: string): Promise<string> {
  const email = uniqueEmail(name.toLowerCase().replace(/\s+/g, "-"));
  await page.goto("/signup");
  await a11y("signup");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Naam (zoals buren je zien)").fill(name);
  await page.getByLabel("Wachtwoord").fill("een-goed-wachtwoord");
  await page.getByLabel("Buurt").selectOption({ label: "Indische Buurt (Amsterdam)" });
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await confirmSignupByMail(page, a11y, email);
  await a11y("after signup");
  return email;
}

/** On the simulated gateway's hosted page: a test card. */
async function payWithCard(page: Page, a11y: A11y, number: string, submit: RegExp) {
  await expect(page).toHaveURL(/\/pay\/sim\//);
  await a11y("hosted payment page");
  await page.getByLabel("Kaartnummer").fill(number);
  await page.getByLabel("Vervaldatum (MM/JJ)").fill("12/34");
  await page.getByLabel("Beveiligingscode (CVC)").fill("123");
  await page.getByRole("button", { name: submit }).click();
}

/**
 * One step (decision 055): the backer types an amount (the fee text follows it), chooses a new card,
 * saves it on the gateway's page and lands on the confirmation — no second "Toezeggen".
 */
async function pledge(page: Page, a11y: A11y, slug: string, o: { amount: string; card: string; fee: string; name?: string }) {
  await page.goto(`/projects/${slug}`);
  await a11y("project page (backer)");
  await page.getByRole("link", { name: "Steun dit project" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}/pledge`));
  await a11y("pledge form");
  await page.getByLabel("Bedrag in euro").fill(o.amount);
  await expect(page.getByTestId("fee-notice")).toContainText(o.fee);
  if (o.name) await page.getByLabel("Mijn naam openbaar tonen").check();
  await page.getByLabel("Nieuwe kaart of iDEAL toevoegen").check();
  await page.getByRole("button", { name: "Toezeggen" }).click();
  // Save the card on the gateway's page (nothing is charged): the pledge is made from it.
  await payWithCard(page, a11y, o.card, /Kaart opslaan/);
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}/backed/[0-9a-f-]+$`));
  await expect(page.getByRole("heading", { name: new RegExp(`^Je steunt .+ met €\\s${o.amount},00$`) })).toBeVisible();
  await a11y("backed: confirmation with share links");
  await expect(page.getByRole("link", { name: /WhatsApp/ })).toBeVisible();
  if (o.name) {
    // The public ledger shows the pledge line, with the name as the backer chose.
    await page.getByRole("link", { name: "Openbaar grootboek" }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${slug}/ledger$`));
    await expect(page.getByRole("row", { name: new RegExp(`Toezegging van ${o.name}.*€\\s${o.amount},00`) })).toBeVisible();
    await a11y("public ledger after a pledge");
    await page.goBack();
  }
  await page.getByRole("link", { name: "Bekijk je bewijs" }).click();
  await expect(page).toHaveURL(/\/me\/pledges\/[0-9a-f-]+$/);
  await expect(page.getByTestId("receipt-fees")).toBeVisible();
  await a11y("receipt");
}

test.describe("a neighbourhood project from idea to money", () => {
  test("create → review with changes → approve → launch → two backers pledge → deadline → charged / failed → fixed → ledger verifies", async ({
    page,
    a11y,
  }) => {
    test.setTimeout(300_000);
    const title = `Picknicktafels Javaplein ${Date.now() % 100_000}`;

    // 1. The initiator creates the project and submits it.
    await logIn(page, a11y, "anna@demo.buurtkracht.nl");
    await page.goto("/projects");
    await a11y("projects");
    await page.getByRole("link", { name: "Start een project" }).click();
    await a11y("new project");
    await page.getByLabel("Titel").fill(title);
    await page.getByLabel("Samenvatting").fill("Drie picknicktafels voor het plein.");
    await page.getByLabel("Verhaal").fill("## Plan\nDrie **stevige** tafels van hergebruikt hout.");
    await page.getByLabel("Categorie").selectOption({ label: "Sociaal" });
    await page.getByLabel("Doel in euro").fill("600");
    // One day: the test clock then moves only a day, which leaves the demo's other deadlines alone.
    await page.getByLabel("Looptijd in dagen").fill("1");
    await page.getByLabel("Waarvoor, regel 1").fill("Drie tafels");
    await page.getByLabel("Bedrag, regel 1").fill("450");
    await page.getByRole("button", { name: "Concept opslaan" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await a11y("dashboard (draft)");
    const slug = new URL(page.url()).pathname.split("/")[2]!;
    // The plan (€ 450) does not add up to the goal (€ 600): submitting is refused with a reason.
    await page.getByRole("button", { name: "Indienen ter beoordeling" }).click();
    await expect(page.getByText("Het financieringsplan telt niet op tot het doel").first()).toBeVisible();
    await page.getByRole("link", { name: "Project aanpassen" }).click();
    await a11y("edit project");
    await page.getByLabel("Waarvoor, regel 2").fill("Schroeven, beits en transport");
    await page.getByLabel("Bedrag, regel 2").fill("150,00");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.getByRole("button", { name: "Indienen ter beoordeling" }).click();
    await expect(page.getByText("Je project is ingediend ter beoordeling.")).toBeVisible();
    await a11y("dashboard (submitted)");
    await logOut(page);

    // 2. The moderator asks for a change.
    await logIn(page, a11y, "kees@demo.buurtkracht.nl");
    await page.goto("/moderation");
    await a11y("moderation queue");
    await page.getByRole("link", { name: title }).click();
    await a11y("review page");
    await expect(page.getByRole("cell", { name: "Schroeven, beits en transport" })).toBeVisible();
    await page.getByLabel("Wat moet er anders?").fill("Graag ook een offerte voor het hout noemen in het verhaal.");
    await page.getByRole("button", { name: "Aanpassingen vragen" }).click();
    await expect(page.getByText("Je verzoek is naar de initiatiefnemer gestuurd.")).toBeVisible();
    await a11y("moderation after request");
    await logOut(page);

    // 3. The initiator reads the message, fixes the story and resubmits.
    await logIn(page, a11y, "anna@demo.buurtkracht.nl");
    await page.goto(`/projects/${slug}/dashboard`);
    await expect(page.getByText("Graag ook een offerte voor het hout noemen in het verhaal.").first()).toBeVisible();
    await a11y("dashboard (changes requested)");
    await page.getByRole("link", { name: "Project aanpassen" }).click();
    await page.getByLabel("Verhaal").fill("## Plan\nDrie **stevige** tafels van hergebruikt hout. Offerte: Houthandel Oost, € 450.");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.getByRole("button", { name: "Opnieuw indienen" }).click();
    await expect(page.getByText("Je project is ingediend ter beoordeling.")).toBeVisible();
    await logOut(page);

    // 4. The moderator approves.
    await logIn(page, a11y, "kees@demo.buurtkracht.nl");
    await page.goto(`/moderation/projects/${slug}`);
    await a11y("review page (resubmitted)");
    await page.getByRole("button", { name: "Goedkeuren" }).click();
    await expect(page.getByText("Project goedgekeurd.")).toBeVisible();
    await logOut(page);

    // 5. The initiator launches: the deadline is fixed now.
    await logIn(page, a11y, "anna@demo.buurtkracht.nl");
    await page.goto(`/projects/${slug}/dashboard`);
    await expect(page.getByText(/Je project loopt dan 1 dag,/)).toBeVisible();
    await page.getByRole("button", { name: "Lanceren" }).click();
    await expect(page.getByText("Je project is gelanceerd!")).toBeVisible();
    await a11y("dashboard (live)");
    await logOut(page);

    // 6. Two new neighbours back it: one card that works, one that saves but declines charges.
    await signUp(page, a11y, "Bram Hendriks");
    // € 400 by card: 1,5 % + € 0,25 = € 6,25 in payment costs.
    await pledge(page, a11y, slug, {
      amount: "400",
      card: "4242 4242 4242 4242",
      fee: "van je € 400,00 gaat € 393,75 naar het project",
      name: "Bram Hendriks",
    });
    await logOut(page);
    const ritaEmail = await signUp(page, a11y, "Rita Kok");
    await pledge(page, a11y, slug, { amount: "250", card: "4000 0000 0000 0341", fee: "van je € 250,00 gaat € 246,00 naar het project" });
    await page.goto(`/projects/${slug}`);
    await expect(page.getByRole("progressbar", { name: /650 toegezegd van .*600 \(108%\)/ })).toBeVisible();
    await expect(page.getByRole("definition").first()).toHaveText("2");

    // 7. The deadline passes (test clock) and the settlement job runs.
    await advanceClock(page, 24 * 60 * 60 * 1000 + 60_000);
    await runDueJobs(page);

    // 8. Succeeded: one pledge charged (€ 400 collected of € 650 pledged), one payment failed;
    //    the backer fixes it with another card.
    await page.goto(`/projects/${slug}`);
    await expect(page.getByText("Dit project is geslaagd!")).toBeVisible();
    await expect(page.getByText("€ 400 daadwerkelijk geïnd")).toBeVisible();
    await page.goto("/me/pledges");
    await a11y("my pledges (failed)");
    const row = page.getByRole("row", { name: new RegExp(title) });
    await expect(row.getByText("Betaling mislukt")).toBeVisible();
    await row.getByRole("link", { name: "Betaling herstellen" }).click();
    await a11y("fix payment");
    await page.getByRole("button", { name: "Nu betalen" }).click();
    await payWithCard(page, a11y, "4242 4242 4242 4242", /^Betaal/);
    await expect(page).toHaveURL(/\/me\/pledges\/[0-9a-f-]+$/);
    await a11y("receipt after fix");
    await expect(page.getByText("Afgeschreven").first()).toBeVisible();
    expect(ritaEmail).toContain("@example.nl");

    await page.goto(`/projects/${slug}`);
    await a11y("project page (succeeded)");
    await expect(page.getByText("Dit project is geslaagd!")).toBeVisible();
    await expect(page.getByText("€ 650 daadwerkelijk geïnd")).toBeVisible();

    // 9. The ledger verifies: every journal balances, the project's balance equals what was collected.
    const res = await page.request.post("/__test/ledger-verify");
    expect(res.ok()).toBe(true);
    const report = (await res.json()) as { ok: boolean; journals: number; results: { name: string; problems: string[] }[] };
    expect(report.results.filter((r) => r.problems.length > 0)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
