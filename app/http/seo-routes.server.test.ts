import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as rootLoader } from "../root";
import { loader as manifestLoader } from "../routes/manifest[.]webmanifest";
import { loader as projectPageLoader } from "../routes/projects.$slug._index/route";
import { loader as feedLoader } from "../routes/projects.$slug.updates[.]atom";
import { loader as robotsLoader } from "../routes/robots[.]txt";
import { loader as sitemapLoader } from "../routes/sitemap[.]xml";
import { action as languageAction } from "../routes/settings.language";
import { applyProjectEvent, createProject } from "../projects/projects.server";
import { postUpdate } from "../projects/updates.server";
import { createCircle } from "../lending/circles.server";
import { makeCircleItem, makeItem } from "../test/lending-fixtures";
import { createTestDatabase } from "../test/db";
import { createLiveProject, createUsers, grantNeighbourLevel } from "../test/projects";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import { assertWellFormedXml } from "../test/xml";
import { createMemoryStorage } from "../storage/storage.server";
import { extensions } from "../wiring.server";
import type { DatabaseHandle } from "../utils/db.server";

/**
 * robots.txt, the sitemap, the updates feed and the manifest, called as Remix calls them
 * (docs/decisions/065-seo-and-feeds.md): what a crawler or a feed reader without an account gets.
 */
let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
const now = new Date("2026-12-01T10:00:00Z");
let appUrl: string;
const f = {} as {
  initiator: string;
  live: { id: string; slug: string };
  tricky: { id: string; slug: string };
  approved: { slug: string };
  inReview: { slug: string };
  hidden: { slug: string };
  suspendedProject: { slug: string };
  listedItem: string;
  pausedItem: string;
  circleItem: string;
  suspendedItem: string;
  suspendedHandle: string;
  initiatorHandle: string;
  bystanderHandle: string;
};

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database, { start: now }));
  appUrl = services.env.APP_URL;
  const db = database.db;
  const [initiator, other, suspended, bystander] = await createUsers(db, "seo", 4);
  const [moderator] = await createUsers(db, "seo-mod", 1, "moderator");
  f.initiator = initiator!;
  f.live = await createLiveProject(db, { initiatorId: initiator!, moderatorId: moderator!, now, title: "Moestuin voor iedereen" });
  // A title and an update with everything XML and HTML must escape.
  f.tricky = await createLiveProject(db, { initiatorId: other!, moderatorId: moderator!, now, title: `Bankjes & bloemen <voor> "iedereen"` });
  f.approved = await createLiveProject(db, { initiatorId: initiator!, moderatorId: moderator!, now, title: "Goedgekeurd nog niet live", launch: false });
  const draft = await createProject(
    { db, storage: createMemoryStorage() },
    {
      initiatorId: other!,
      now,
      project: {
        title: "Ter beoordeling",
        summary: "",
        story: "Verhaal",
        neighbourhoodId: "testwijk",
        category: "green",
        goal: 50_000,
        fundingModel: "all_or_nothing",
        durationDays: 30,
        removeCover: false,
        lines: [{ description: "Alles", amountCents: 50_000 }],
      },
    },
  );
  if (!draft.ok) throw new Error(draft.error);
  f.inReview = { slug: draft.slug };
  await grantNeighbourLevel(db, other!, now);
  const { id: reviewId } = await db.selectFrom("projects").select("id").where("slug", "=", draft.slug).executeTakeFirstOrThrow();
  const submitted = await applyProjectEvent(
    db,
    { projectId: reviewId, actor: { id: other!, role: "member" }, event: { type: "submit" }, now },
    extensions.projectTransitionEffects,
  );
  if (!submitted.ok) throw new Error(submitted.error);
  const hidden = await createLiveProject(db, { initiatorId: initiator!, moderatorId: moderator!, now, title: "Verborgen door moderator" });
  await db.updateTable("projects").set({ hidden_at: now, hidden_reason: "spam" }).where("id", "=", hidden.id).execute();
  f.hidden = hidden;
  f.suspendedProject = await createLiveProject(db, { initiatorId: suspended!, moderatorId: moderator!, now, title: "Van een geschorste buur" });

  await postUpdate(db, {
    projectId: f.live.id,
    actorId: initiator!,
    title: "Eerste oogst",
    body: "De **tomaten** zijn rijp.",
    now: new Date(now.getTime() + 3_600_000),
  });
  await postUpdate(db, {
    projectId: f.tricky.id,
    actorId: other!,
    title: `Zaag & "schroef" <klaar>`,
    body: `Kijk <script>alert(1)</script> en [hier](javascript:alert(2)) & **vet**`,
    now: new Date(now.getTime() + 7_200_000),
  });
  const hiddenUpdate = await postUpdate(db, { projectId: f.live.id, actorId: initiator!, title: "Verborgen bericht", body: "Weg ermee", now });
  if (!hiddenUpdate.ok) throw new Error("update");
  await db.updateTable("project_updates").set({ hidden_at: now, hidden_reason: "spam" }).where("id", "=", hiddenUpdate.updateId).execute();

  f.listedItem = await makeItem(db, other!, { title: "Ladder & emmer" }, now);
  f.pausedItem = await makeItem(db, other!, { title: "Gepauzeerde boor", status: "paused" }, now);
  const circle = await createCircle(db, { ownerId: other!, name: "Straat", now });
  if (!circle.ok) throw new Error(circle.error);
  f.circleItem = await makeCircleItem(db, other!, [circle.circleId], { title: "Alleen voor de kring" }, now);
  f.suspendedItem = await makeItem(db, suspended!, { title: "Van een geschorste" }, now);
  await db.updateTable("users").set({ suspended_at: now }).where("id", "=", suspended!).execute();
  const handle = async (id: string) => (await db.selectFrom("users").select("handle").where("id", "=", id).executeTakeFirstOrThrow()).handle;
  f.suspendedHandle = await handle(suspended!);
  f.initiatorHandle = await handle(initiator!);
  f.bystanderHandle = await handle(bystander!);
});
afterAll(async () => database?.close());

const request = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers });
const thrownStatus = async (run: () => Promise<unknown>): Promise<number> => {
  try {
    const result = await run();
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
};

describe("robots.txt", () => {
  it("lets crawlers in, keeps them out of private areas, and names the sitemap by its absolute URL", async () => {
    const res = await robotsLoader({ request: request("/robots.txt"), context: testContext(services), params: {} });
    expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const text = await res.text();
    const lines = text.split("\n");
    expect(lines[0]).toBe("User-agent: *");
    expect(lines).toContain("Allow: /");
    for (const path of [
      "/me/",
      "/admin/",
      "/moderation",
      "/settings/",
      "/pay/",
      "/projects/*/pledge",
      "/projects/*/dashboard",
      "/api/",
      "/loans/",
      "/calendar.ics",
    ]) {
      expect(lines).toContain(`Disallow: ${path}`);
    }
    // Public pages and the photos link previews fetch stay open.
    for (const open of ["/projects", "/items", "/u/", "/uploads/"]) expect(lines).not.toContain(`Disallow: ${open}`);
    expect(lines).toContain(`Sitemap: ${appUrl}/sitemap.xml`);
    expect(appUrl).toMatch(/^https?:\/\//);
  });
});

describe("sitemap.xml", () => {
  let xml: string;
  beforeAll(async () => {
    const res = await sitemapLoader({ request: request("/sitemap.xml"), context: testContext(services), params: {} });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    xml = await res.text();
  });
  const urls = () => [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1]!);
  const locs = () => urls().map((u) => /<loc>([^<]*)<\/loc>/.exec(u)![1]!);

  it("is well-formed XML in the sitemap namespace with the xhtml one for alternates", () => {
    assertWellFormedXml(xml);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">');
  });

  it("names the home page, the lists, public projects and items and their people's profiles", () => {
    const all = locs();
    for (const path of [
      "/",
      "/projects",
      "/items",
      `/projects/${f.live.slug}`,
      `/projects/${f.tricky.slug}`,
      `/items/${f.listedItem}`,
      `/u/${f.initiatorHandle}`,
    ]) {
      expect(all).toContain(`${appUrl}${path}`);
      expect(all).toContain(`${appUrl}${path}?lang=nl`);
      expect(all).toContain(`${appUrl}${path}?lang=en`);
    }
  });

  it("leaves out what a visitor without an account cannot open or find", () => {
    const all = locs().join("\n");
    for (const slug of [f.approved.slug, f.inReview.slug, f.hidden.slug, f.suspendedProject.slug]) expect(all).not.toContain(`/projects/${slug}`);
    for (const id of [f.pausedItem, f.circleItem, f.suspendedItem]) expect(all).not.toContain(`/items/${id}`);
    // Suspended members are not announced; members with nothing public are not either.
    expect(all).not.toContain(`/u/${f.suspendedHandle}`);
    expect(all).not.toContain(`/u/${f.bystanderHandle}`);
  });

  it("gives every address its lastmod and the full set of hreflang alternates (nl, en, x-default)", () => {
    const entry = urls().find((u) => u.includes(`<loc>${appUrl}/projects/${f.live.slug}?lang=en</loc>`))!;
    expect(entry).toBeDefined();
    // The newest visible update counts as a change of the project.
    expect(entry).toContain("<lastmod>2026-12-01T11:00:00Z</lastmod>");
    expect(entry).toContain(`<xhtml:link rel="alternate" hreflang="nl" href="${appUrl}/projects/${f.live.slug}?lang=nl"/>`);
    expect(entry).toContain(`<xhtml:link rel="alternate" hreflang="en" href="${appUrl}/projects/${f.live.slug}?lang=en"/>`);
    expect(entry).toContain(`<xhtml:link rel="alternate" hreflang="x-default" href="${appUrl}/projects/${f.live.slug}"/>`);
    for (const u of urls()) {
      expect(u).toMatch(/<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/lastmod>/);
      expect(u.match(/<xhtml:link /g)).toHaveLength(3);
    }
    // No raw ampersand or bracket from a title ever reaches the file (slugs are safe; the check is the parser's).
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  });
});

describe("the Atom feed of a project's updates", () => {
  const feed = async (slug: string, headers: Record<string, string> = {}) =>
    feedLoader({ request: request(`/projects/${slug}/updates.atom`, headers), context: testContext(services), params: { slug } });

  it("carries the visible updates, newest first, with ids, dates, the initiator as author, as Atom", async () => {
    const res = await feed(f.live.slug);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    assertWellFormedXml(xml);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl"');
    expect(xml).toContain(`<id>urn:uuid:${f.live.id}</id>`);
    expect(xml).toContain("<updated>2026-12-01T11:00:00Z</updated>");
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${appUrl}/projects/${f.live.slug}/updates.atom"/>`);
    expect(xml).toContain("<name>seo 0</name>");
    expect(xml).toContain(`<uri>${appUrl}/u/${f.initiatorHandle}</uri>`);
    expect(xml.match(/<entry>/g)).toHaveLength(1);
    expect(xml).toContain("<title>Eerste oogst</title>");
    expect(xml).toMatch(/<content type="html">&lt;p&gt;De &lt;strong&gt;tomaten&lt;\/strong&gt; zijn rijp\.&lt;\/p&gt;\s*<\/content>/);
    // A moderator's or initiator's hidden update never.
    expect(xml).not.toContain("Verborgen bericht");
  });

  it("escapes titles and carries the update's HTML through the page's sanitizer", async () => {
    const xml = await (await feed(f.tricky.slug)).text();
    assertWellFormedXml(xml);
    expect(xml).toContain("<title>Nieuws van Bankjes &amp; bloemen &lt;voor&gt; &quot;iedereen&quot;</title>");
    expect(xml).toContain("<title>Zaag &amp; &quot;schroef&quot; &lt;klaar&gt;</title>");
    const content = /<content type="html">([^<]*)<\/content>/.exec(xml)![1]!;
    // The sanitizer turned the typed script into text and made no javascript: link; the feed escaped it all once more.
    expect(content).not.toContain("<");
    expect(content).not.toMatch(/&lt;script/);
    expect(content).toContain("&amp;lt;script&amp;gt;");
    expect(content).not.toMatch(/href=&quot;javascript/);
    expect(content).toContain("&lt;strong&gt;vet&lt;/strong&gt;");
  });

  it("follows ?lang= for its words", async () => {
    const xml = await (await feed(f.tricky.slug, { "Accept-Language": "nl" }).then((r) => r)).text();
    expect(xml).toContain("Nieuws van");
    const en = await (
      await feedLoader({ request: request(`/projects/${f.tricky.slug}/updates.atom?lang=en`), context: testContext(services), params: { slug: f.tricky.slug } })
    ).text();
    expect(en).toContain('xml:lang="en"');
    expect(en).toContain("<title>News from Bankjes &amp; bloemen");
  });

  it("is a 404 for a project others cannot open, whoever asks (the initiator's session included)", async () => {
    for (const slug of [f.approved.slug, f.inReview.slug, f.hidden.slug, f.suspendedProject.slug, "bestaat-niet"]) {
      expect(await thrownStatus(() => feed(slug))).toBe(404);
    }
    const cookie = await sessionCookieFor(services, f.initiator);
    expect(await thrownStatus(() => feed(f.approved.slug, { Cookie: cookie }))).toBe(404);
  });

  it("is offered in the head of a public project page only", async () => {
    const load = async (slug: string, headers: Record<string, string> = {}) =>
      projectPageLoader({ request: request(`/projects/${slug}`, headers), context: testContext(services), params: { slug } });
    expect((await load(f.live.slug)).feedUrl).toBe(`${appUrl}/projects/${f.live.slug}/updates.atom`);
    const cookie = await sessionCookieFor(services, f.initiator);
    expect((await load(f.approved.slug, { Cookie: cookie })).feedUrl).toBeNull();
  });
});

describe("the language a URL names", () => {
  it("?lang= wins over the cookie, the browser and the account, for that request only", async () => {
    const root = async (path: string, headers: Record<string, string>) =>
      (await rootLoader({ request: request(path, headers), context: testContext(services), params: {} })).data.locale;
    expect(await root("/", { "Accept-Language": "en" })).toBe("en");
    expect(await root("/?lang=nl", { "Accept-Language": "en" })).toBe("nl");
    expect(await root("/?lang=en", { "Accept-Language": "nl" })).toBe("en");
    expect(await root("/?lang=de", { "Accept-Language": "en" })).toBe("en");
    const cookie = await sessionCookieFor(services, f.initiator);
    expect(await root("/", { Cookie: cookie })).toBe("nl");
    expect(await root("/?lang=en", { Cookie: cookie })).toBe("en");
  });
});

describe("switching the language on a page opened with ?lang=", () => {
  it("goes back to the page without it, so the choice just made shows", async () => {
    const body = new URLSearchParams({ locale: "nl", redirectTo: "/projects?lang=en&page=2" });
    const res = await languageAction({
      request: new Request("http://localhost/settings/language", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      context: testContext(services),
      params: {},
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/projects?page=2");
    expect(res.headers.get("Set-Cookie")).toMatch(/^bk_lang=/);
  });
});

describe("manifest.webmanifest", () => {
  it("describes the installable app with the theme's colours and 192, 512 and maskable icons", async () => {
    const res = await manifestLoader({ request: request("/manifest.webmanifest", { "Accept-Language": "en" }), context: testContext(services), params: {} });
    expect(res.headers.get("Content-Type")).toBe("application/manifest+json; charset=utf-8");
    const manifest = (await res.json()) as Record<string, unknown> & { icons: { src: string; sizes: string; type: string; purpose: string }[] };
    expect(manifest).toMatchObject({
      name: "Buurtkracht",
      short_name: "Buurtkracht",
      lang: "en",
      start_url: "/",
      scope: "/",
      display: "standalone",
      theme_color: "#137f49",
      background_color: "#fafaf9",
    });
    expect(manifest.description).toMatch(/neighbour/);
    expect(manifest.icons).toEqual([
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ]);
  });

  it("names icons that exist, at the sizes it says", async () => {
    const sharp = (await import("sharp")).default;
    const path = await import("node:path");
    for (const [file, size] of [
      ["icon-192.png", 192],
      ["icon-512.png", 512],
      ["icon-maskable-512.png", 512],
      ["apple-touch-icon.png", 180],
    ] as const) {
      const meta = await sharp(path.resolve(__dirname, "../../public/icons", file)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", size, size]);
    }
  });
});
