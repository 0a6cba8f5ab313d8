import { type Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, login, runDueJobs, test, uniqueEmail } from "./fixtures";

/**
 * E-mail flows through the dev mailbox. The e2e server runs the production build with
 * BUURTKRACHT_TEST_HOOKS=1, in which the mailbox is open (docs/decisions/012-email-and-unsubscribe.md).
 */
async function openLatestMail(page: Page, a11y: (label?: string) => Promise<void>, to: string, subject: string) {
  // Deliver now rather than waiting for the worker's next poll.
  await runDueJobs(page);
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
  await a11y("mailbox");
  await page.getByRole("link", { name: subject }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await a11y("mail");
}

test.describe("notifications", () => {
  // Long journeys with an axe check on every page; the shared 2-core machine can be slow.
  test.describe.configure({ timeout: 240_000 });

  test("sign up → verify the e-mail from the mailbox → reset the password by e-mail → log in with it", async ({ page, a11y }) => {
    const email = uniqueEmail("noor");
    await page.goto("/signup");
    await a11y("signup");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Naam (zoals buren je zien)").fill("Noor Bakker");
    await page.getByLabel("Wachtwoord").fill("mijn-eerste-wachtwoord");
    await page.getByLabel("Buurt").selectOption({ label: "Lombok (Utrecht)" });
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    // "Check your e-mail" — for a new address and a taken one alike.
    await expect(page).toHaveURL(/\/signup\/check-email/);
    await expect(page.getByText(`We hebben een bericht gestuurd naar ${email}.`)).toBeVisible();
    await a11y("check your e-mail");

    await openLatestMail(page, a11y, email, "Bevestig je e-mailadres");
    await expect(page.getByText("Hallo Noor Bakker,")).toBeVisible();
    await page.getByRole("link", { name: /\/verify-email\?token=/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "E-mailadres bevestigen" })).toBeVisible();
    await a11y("verify e-mail");
    await page.getByRole("button", { name: "Bevestig mijn e-mailadres" }).click();
    // Confirmed and logged in: the bell is there, the reminder is not.
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole("status").filter({ hasText: "Je e-mailadres is bevestigd." })).toBeVisible();
    await expect(page.getByText("Bevestig je e-mailadres: we hebben")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Meldingen", exact: true }).first()).toBeAttached();
    await a11y("profile, verified");

    // Forgot the password: log out, ask for a link.
    await page.getByRole("button", { name: "Uitloggen" }).first().click();
    await expect(page.getByRole("link", { name: "Inloggen" }).first()).toBeVisible();
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1, name: "Inloggen" })).toBeVisible();
    await a11y("login");
    await page.getByRole("link", { name: "Wachtwoord vergeten?" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await a11y("forgot password");
    await page.getByLabel("E-mailadres").fill(email.toUpperCase());
    await page.getByRole("button", { name: "Stuur de link" }).click();
    await expect(page.getByText("Als er een account is met dit e-mailadres, hebben we een e-mail gestuurd.")).toBeVisible();
    await a11y("forgot password, sent");

    await openLatestMail(page, a11y, email, "Kies een nieuw wachtwoord");
    await page.getByRole("link", { name: /\/reset-password\?token=/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Nieuw wachtwoord kiezen" })).toBeVisible();
    await a11y("reset password");
    await page.getByLabel("Nieuw wachtwoord").fill("kort");
    await page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
    await expect(page.getByText("Kies een wachtwoord van minstens 10 tekens.")).toBeVisible();
    await a11y("reset password, error");
    await page.getByLabel("Nieuw wachtwoord").fill("mijn-nieuwe-wachtwoord");
    await page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText("Je wachtwoord is gewijzigd. Log in met je nieuwe wachtwoord.")).toBeVisible();
    await a11y("login after reset");

    // The old password no longer works; the new one does.
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Wachtwoord", { exact: true }).fill("mijn-eerste-wachtwoord");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await expect(page.getByText("Dit e-mailadres en wachtwoord horen niet bij elkaar.")).toBeVisible();
    await page.getByLabel("Wachtwoord", { exact: true }).fill("mijn-nieuwe-wachtwoord");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("link", { name: "Noor Bakker" }).first()).toBeAttached();
    await a11y("home, logged in with the new password");
  });

  test("bell, notification page, e-mail preferences and the private calendar link", async ({ page, a11y }) => {
    await page.goto("/login");
    await a11y("login");
    await login(page, "eva@demo.buurtkracht.nl", DEMO_PASSWORD);
    await a11y("home");
    // The bell names its unread count when there is one (earlier journeys may leave Eva some).
    await page
      .getByRole("link", { name: /^Meldingen(: \d+ ongelezen)?$/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Meldingen" })).toBeVisible();
    await a11y("notifications");
    await page.getByRole("link", { name: "Meldingen instellen" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Meldingen en agenda" })).toBeVisible();
    await a11y("settings");

    // Eva turned loan e-mails off in the demo; she now opts in to the digest as well.
    const loans = page.getByLabel("E-mail over Lenen en uitlenen");
    const digest = page.getByLabel("E-mail over Wekelijkse buurtdigest");
    await expect(loans).not.toBeChecked();
    await expect(digest).not.toBeChecked();
    await digest.check();
    await page.getByRole("button", { name: "Opslaan" }).click();
    await expect(page.getByText("Je meldingsinstellingen zijn opgeslagen.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("E-mail over Wekelijkse buurtdigest")).toBeChecked();
    await expect(page.getByLabel("E-mail over Lenen en uitlenen")).not.toBeChecked();

    await page.getByRole("button", { name: "Agenda-link maken" }).click();
    const url = await page.getByLabel("Jouw agenda-link").inputValue();
    expect(url).toMatch(/\/calendar\.ics\?token=/);
    await a11y("settings with calendar link");
    const feed = await page.request.get(url);
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]).toContain("text/calendar");
    expect(await feed.text()).toContain("BEGIN:VCALENDAR");
    await page.getByRole("button", { name: "Agenda-link uitzetten" }).click();
    await expect(page.getByText("Je agenda-link is uitgezet. De oude link werkt niet meer.")).toBeVisible();
    expect((await page.request.get(url)).status()).toBe(404);
    await a11y("settings, calendar link revoked");

    // A broken unsubscribe link explains itself.
    await page.goto("/unsubscribe?token=kapot");
    await expect(page.getByText("Deze afmeldlink klopt niet.", { exact: false })).toBeVisible();
    await a11y("unsubscribe, bad link");
  });

  test("admins see e-mail delivery problems; members do not", async ({ page, a11y }) => {
    await page.goto("/login");
    await a11y("login");
    await login(page, "pieter@demo.buurtkracht.nl", DEMO_PASSWORD);
    await a11y("home");
    const denied = await page.goto("/admin/notifications");
    expect(denied?.status()).toBe(403);
    await a11y("forbidden");
    await page.getByRole("button", { name: "Uitloggen" }).first().click();
    await expect(page.getByRole("link", { name: "Inloggen" }).first()).toBeVisible();
    await login(page, "admin@demo.buurtkracht.nl", DEMO_PASSWORD);
    await page.goto("/admin/notifications");
    await expect(page.getByRole("heading", { level: 1, name: "E-mailbezorging" })).toBeVisible();
    await a11y("admin deliveries");
  });
});
