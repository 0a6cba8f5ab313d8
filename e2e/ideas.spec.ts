import type { Page } from "@playwright/test";
import sharp from "sharp";
import { expect, login, test } from "./fixtures";

/**
 * Issue 14's journey, from a problem to a project: Eva posts a problem with a photo → Anna and Kees
 * support it, Mohammed says "ik help mee" → Ilse, for the municipality that answers the Indische
 * Buurt, sets it to "planned" with a response → Eva finds it in her bell → she turns it into a
 * project draft with her text carried over, and the post links to the draft.
 */
const POSTER = "eva@demo.buurtkracht.nl";
const TITLE = "Glasbak Molukkenstraat steeds vol";
const BODY = "De glasbak op de hoek van de Molukkenstraat zit elk weekend vol; er staan dan flessen naast.";
const RESPONSE = "We legen de glasbak vanaf januari twee keer per week en zetten er een tweede bij.";

async function switchTo(page: Page, email: string) {
  await page.context().clearCookies();
  await login(page, email);
}

test.describe("the neighbourhood board", () => {
  test("post a problem with a photo → two neighbours support it, one helps → the municipality plans it → the poster sees it in the bell → it becomes a project draft", async ({
    page,
    a11y,
  }) => {
    test.setTimeout(90_000);
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 120, b: 60 } } })
      .png()
      .toBuffer();

    // 1. Eva posts the problem, with a photo.
    await page.goto("/login");
    await a11y("login");
    await login(page, POSTER);
    await a11y("home");
    await page.getByRole("link", { name: "Ideeën", exact: true }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Ideeën en meldingen" })).toBeVisible();
    await expect(page.getByText("Berichten in Indische Buurt worden beantwoord door Gemeente Amsterdam.")).toBeVisible();
    await a11y("board");
    await page.getByRole("link", { name: "Plaats een idee of probleem" }).click();
    await a11y("new post");
    await page.getByLabel("Een probleem — iets wat stuk of onveilig is").check();
    await page.getByLabel("Titel").fill(TITLE);
    await page.getByLabel("Beschrijving").fill(BODY);
    await page.getByLabel("Onderwerp").selectOption({ label: "Afval en schoon" });
    await page.getByLabel("Straat of plek (optioneel)").fill("Hoek Molukkenstraat");
    await page.getByLabel("Postcodegebied (optioneel)").fill("1094");
    await page.getByLabel("Foto (optioneel)").setInputFiles({ name: "glasbak.png", mimeType: "image/png", buffer: photo });
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByText("Geplaatst. Buren kunnen het nu steunen.")).toBeVisible();
    await expect(page.getByRole("img", { name: TITLE })).toBeVisible();
    await expect(page.getByText("Nog geen antwoord.")).toBeVisible();
    await a11y("post");
    const postUrl = new URL(page.url()).pathname;

    // 2. Anna and Kees support it; Mohammed helps.
    for (const neighbour of ["anna@demo.buurtkracht.nl", "kees@demo.buurtkracht.nl"]) {
      await switchTo(page, neighbour);
      await page.goto(postUrl);
      await page.getByRole("button", { name: "Steun dit" }).click();
      await expect(page.getByText("Je steunt dit.").first()).toBeVisible();
    }
    await expect(page.getByText("2 buren steunen dit")).toBeVisible();
    await switchTo(page, "mohammed@demo.buurtkracht.nl");
    await page.goto(postUrl);
    await page.getByLabel("Wat kun je doen? (optioneel)").fill("Ik breng de flessen naast de bak weg.");
    await page.getByRole("button", { name: "Ik help mee" }).click();
    await expect(page.getByText("Genoteerd: je helpt mee.")).toBeVisible();
    await expect(page.getByText("— Ik breng de flessen naast de bak weg.")).toBeVisible();

    // 3. Ilse answers for the municipality: planned, with a response.
    await switchTo(page, "ilse@demo.buurtkracht.nl");
    await page.goto(postUrl);
    await a11y("post as the municipality");
    await page.getByLabel("Status").selectOption({ label: "Gepland" });
    await page.getByLabel("Antwoord", { exact: true }).fill(RESPONSE);
    await page.getByRole("button", { name: "Antwoord plaatsen" }).click();
    await expect(page.getByText("Je antwoord staat erbij; de plaatser, steuners en helpers krijgen bericht.")).toBeVisible();
    await expect(page.getByText("Gemeente Amsterdam: Gepland")).toBeVisible();
    await expect(page.getByText(RESPONSE)).toBeVisible();

    // 4. Eva sees it in her bell and follows it to the post.
    await switchTo(page, POSTER);
    await page.goto("/");
    await a11y("home with the bell");
    await page
      .getByRole("link", { name: /^Meldingen: \d+ ongelezen$/ })
      .first()
      .click();
    await a11y("bell");
    await page
      .getByRole("link", { name: new RegExp(`‘${TITLE}’: gepland`) })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByText(RESPONSE)).toBeVisible();

    // 5. She turns it into a project draft: her text is carried over; she adds the plan.
    await page.getByRole("link", { name: "Maak er een project van" }).click();
    await expect(page.getByText(`Dit concept komt uit het buurtbericht ‘${TITLE}’.`, { exact: false })).toBeVisible();
    await expect(page.getByLabel("Titel")).toHaveValue(TITLE);
    await expect(page.getByLabel("Verhaal")).toHaveValue(BODY);
    await a11y("draft from the post");
    await page.getByLabel("Titel").fill("Een tweede glasbak voor de Molukkenstraat");
    await page.getByLabel("Doel in euro").fill("400");
    await page.getByLabel("Looptijd in dagen").fill("30");
    await page.getByLabel("Waarvoor, regel 1").fill("Tweede glasbak en plaatsing");
    await page.getByLabel("Bedrag, regel 1").fill("400");
    await page.getByRole("button", { name: "Concept opslaan" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Een tweede glasbak voor de Molukkenstraat/ })).toBeVisible();
    await a11y("the draft's dashboard");

    // The post names its project, and offers no second one.
    await page.goto(postUrl);
    await expect(page.getByText("Er is een project van gemaakt:")).toBeVisible();
    await expect(page.getByRole("link", { name: "Een tweede glasbak voor de Molukkenstraat" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Maak er een project van" })).toHaveCount(0);
  });
});
