import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * The map (issue 14, docs/decisions/068-map.md): markers for what the lists show, the accessible
 * list of the same markers, and a marker that opens the right page. No tile server is reachable
 * here: playwright.config.ts points MAP_TILE_URL at the app's fixture tile (/__test/tiles/…).
 */
async function countIn(page: Page, text: RegExp): Promise<number> {
  const found = (await page.getByText(text).first().textContent()) ?? "";
  return Number(found.match(/\d+/)?.[0] ?? Number.NaN);
}

test.describe("the map", () => {
  test("shows a marker for every project and item the lists show; a marker opens its page", async ({ page, a11y }) => {
    test.setTimeout(120_000);
    await page.goto("/projects");
    const projects = await countIn(page, /^\d+ projecten?$/);
    await page.goto("/items");
    await a11y("items with the map link");
    const items = await countIn(page, /^\d+ items?$/);
    await page.goto("/ideas?neighbourhood=all");
    await a11y("the board with the map link");
    const posts = await countIn(page, /^\d+ berichten?$/);
    expect(projects).toBeGreaterThan(0);
    expect(items).toBeGreaterThan(0);
    expect(posts).toBeGreaterThan(0);

    // From the projects list to the map of the same projects, and then everything.
    await page.goto("/projects");
    await a11y("projects with the map link");
    await page.getByRole("link", { name: "Bekijk op de kaart" }).click();
    await expect(page).toHaveURL(/\/map\?show=project/);
    await expect(page.locator(".bk-marker-project")).toHaveCount(projects);
    await expect(page.locator(".bk-marker-item")).toHaveCount(0);

    await page.goto("/map");
    await expect(page.locator(".bk-marker-project")).toHaveCount(projects);
    await expect(page.locator(".bk-marker-item")).toHaveCount(items);
    // The list is the same markers, as links.
    await expect(page.locator('[data-map-kind="project"] li')).toHaveCount(projects);
    await expect(page.locator('[data-map-kind="item"] li')).toHaveCount(items);
    await expect(page.locator(".bk-marker-idea")).toHaveCount(posts);
    await expect(page.locator('[data-map-kind="idea"] li')).toHaveCount(posts);
    // The tiles come from the configured source (the fixture tile), and its attribution is shown.
    await expect(page.locator("img.leaflet-tile-loaded").first()).toHaveAttribute("src", /\/__test\/tiles\/\d+\/\d+\/\d+\.png$/);
    await expect(page.locator(".leaflet-control-attribution")).toContainText("OpenStreetMap");
    await a11y("the map");

    // A click on a project's marker opens its popup; its link opens the project's page.
    const first = page.locator('[data-map-kind="project"] li a').first();
    const title = (await first.textContent())!;
    const href = (await first.getAttribute("href"))!;
    // Projects of one neighbourhood share its centroid (the newest demo project, Lombok's cargo bike,
    // lies under the Kanaalstraat library): open the marker from the keyboard, as for items and posts.
    const projectMarker = page.getByRole("button", { name: `Projecten: ${title}` });
    await projectMarker.focus();
    await projectMarker.press("Enter");
    const popup = page.locator(".leaflet-popup");
    await expect(popup).toBeVisible();
    // The popup pans the map into view: a pointer click can land while it moves (CI once clicked
    // the map beside the link, which closes the popup). Follow the link from the keyboard.
    const projectLink = popup.getByRole("link", { name: title });
    await expect(projectLink).toBeVisible();
    await projectLink.focus();
    await projectLink.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await a11y("the project from the map");

    // An item's marker from the keyboard: focus, Enter, follow the popup's link.
    await page.goto("/map?show=item");
    const item = page.locator('[data-map-kind="item"] li a').first();
    const itemTitle = (await item.textContent())!;
    const itemHref = (await item.getAttribute("href"))!;
    const marker = page.getByRole("button", { name: `Spullen om te lenen: ${itemTitle}` });
    await marker.focus();
    await marker.press("Enter");
    const itemLink = page.locator(".leaflet-popup").getByRole("link", { name: itemTitle });
    await expect(itemLink).toBeVisible();
    await itemLink.focus();
    await itemLink.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${itemHref}$`));
    await a11y("the item from the map");

    // From the board to its posts on the map; a post's marker opens the post.
    await page.goto("/ideas?neighbourhood=all");
    await page.getByRole("link", { name: "Bekijk op de kaart" }).click();
    await expect(page).toHaveURL(/\/map\?show=idea/);
    await expect(page.locator(".bk-marker-idea")).toHaveCount(posts);
    await expect(page.locator(".bk-marker-project")).toHaveCount(0);
    const post = page.locator('[data-map-kind="idea"] li a').first();
    const postTitle = (await post.textContent())!;
    const postHref = (await post.getAttribute("href"))!;
    // Posts of one postcode area lie close together: from the keyboard, as a screen-reader user would.
    const postMarker = page.getByRole("button", { name: `Ideeën en meldingen: ${postTitle}` });
    await postMarker.focus();
    await postMarker.press("Enter");
    const postLink = page.locator(".leaflet-popup").getByRole("link", { name: postTitle });
    await expect(postLink).toBeVisible();
    await postLink.focus();
    await postLink.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${postHref}$`));
    await expect(page.getByRole("heading", { level: 1, name: postTitle })).toBeVisible();
    await a11y("the post from the map");
  });

  test("filters as on the lists: a neighbourhood shows only its markers", async ({ page, a11y }) => {
    await page.goto("/items?neighbourhood=lombok");
    await a11y("items in Lombok");
    const items = await countIn(page, /^\d+ items?$/);
    await page.goto("/map");
    await page.getByLabel("Buurt").selectOption({ label: "Lombok (Utrecht)" });
    await page.getByRole("button", { name: "Toon op de kaart" }).click();
    await expect(page).toHaveURL(/neighbourhood=lombok/);
    await expect(page.locator(".bk-marker-item")).toHaveCount(items);
    await expect(page.locator('[data-map-kind="item"] li')).toHaveCount(items);
    await a11y("the map of Lombok");
  });

  test("near a postcode: projects by real distance, and a clear word for a postcode we do not know", async ({ page, a11y }) => {
    await page.goto("/projects?status=all");
    await page.getByLabel("Dichtbij postcode").fill("3531");
    await page.getByRole("button", { name: "Toon projecten" }).click();
    await expect(page).toHaveURL(/near=3531/);
    await expect(page.getByText("Op afstand vanaf 3531 Utrecht")).toBeVisible();
    // The nearest first: a Utrecht project, a fraction of a kilometre away.
    await expect(page.locator("article").first()).toContainText("Lombok");
    await expect(page.locator("article").first()).toContainText(/· 0,\d km/);
    await a11y("projects near 3531");

    await page.getByLabel("Dichtbij postcode").fill("1000");
    await page.getByRole("button", { name: "Toon projecten" }).click();
    const field = page.getByLabel("Dichtbij postcode");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Deze postcode kennen we (nog) niet")).toBeVisible();
    await a11y("projects near an unknown postcode");
  });
});
