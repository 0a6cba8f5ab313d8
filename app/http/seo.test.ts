import { describe, expect, it } from "vitest";
import type { MetaDescriptor } from "@remix-run/node";
import { meta as homeMeta } from "../routes/_index";
import { meta as itemMeta } from "../routes/items.$itemId._index";
import { meta as itemsMeta } from "../routes/items._index";
import { meta as projectMeta } from "../routes/projects.$slug._index/route";
import { meta as projectsMeta } from "../routes/projects._index";
import { meta as profileMeta } from "../routes/u.$handle";
import { languageUrl } from "../utils/app-url";
import { sitemapEntries } from "../pages/sitemap.server";
import { assertWellFormedXml } from "../test/xml";
import { renderSitemap } from "../utils/sitemap";
import { escapeXml } from "../utils/xml";
import { pageUrl, seoContext } from "./seo";

/**
 * The head of public pages (docs/decisions/065-seo-and-feeds.md): canonical, hreflang alternates
 * and OpenGraph/Twitter tags, from the meta functions themselves, as Remix calls them.
 */
const appUrl = "https://buurtkracht.example";
const root = (locale = "nl") => [{ id: "root", data: { appUrl, locale } }];
const at = (pathname: string, search = "") => ({ pathname, search, hash: "", state: null, key: "default" });
type AnyMeta = (args: never) => MetaDescriptor[] | undefined;
const run = (fn: AnyMeta, data: unknown, location = at("/"), locale = "nl") =>
  (fn as (args: unknown) => MetaDescriptor[])({ data, params: {}, location, matches: root(locale), error: undefined });
const prop = (tags: MetaDescriptor[], property: string) =>
  tags.filter((t) => "property" in t && t.property === property).map((t) => (t as { content: string }).content);
const named = (tags: MetaDescriptor[], name: string) => tags.filter((t) => "name" in t && t.name === name).map((t) => (t as { content: string }).content);
const links = (tags: MetaDescriptor[]) =>
  tags.filter((t) => "tagName" in t && t.tagName === "link").map((t) => t as { rel: string; href: string; hrefLang?: string; type?: string; title?: string });

describe("language addresses", () => {
  it.each([
    ["/projects/a", "en", `${appUrl}/projects/a?lang=en`],
    ["/projects/a", null, `${appUrl}/projects/a`],
    ["/projects?page=2", "nl", `${appUrl}/projects?page=2&lang=nl`],
    ["/projects?lang=en&page=2", null, `${appUrl}/projects?page=2`],
    ["/projects?lang=en", "nl", `${appUrl}/projects?lang=nl`],
  ])("%s in %s → %s", (path, lang, url) => expect(languageUrl(`${appUrl}/`, path, lang)).toBe(url));

  it("keeps only the query parameters that make another page, in a fixed order", () => {
    expect(pageUrl(appUrl, at("/projects", "?sort=newest&utm_source=x&page=3&status=funded"), ["status", "page"], "en")).toBe(
      `${appUrl}/projects?status=funded&page=3&lang=en`,
    );
  });

  it("reads the base URL and the language from the root's data", () => {
    expect(seoContext(root("en"))).toEqual({ appUrl, locale: "en" });
    expect(seoContext([{ id: "root", data: null }])).toBeNull();
  });
});

describe("canonical and hreflang on public pages", () => {
  it("a project page: canonical, nl, en and x-default alternates, and its feed", () => {
    const data = {
      og: { title: "Moestuin · Buurtkracht", description: "Groenten", url: `${appUrl}/projects/moestuin`, image: `${appUrl}/uploads/cover.webp` },
      feedUrl: `${appUrl}/projects/moestuin/updates.atom`,
      project: { title: "Moestuin & co" },
    };
    const tags = run(projectMeta as AnyMeta, data, at("/projects/moestuin"));
    expect(links(tags)).toEqual([
      { tagName: "link", rel: "canonical", href: `${appUrl}/projects/moestuin` },
      { tagName: "link", rel: "alternate", hrefLang: "nl", href: `${appUrl}/projects/moestuin?lang=nl` },
      { tagName: "link", rel: "alternate", hrefLang: "en", href: `${appUrl}/projects/moestuin?lang=en` },
      { tagName: "link", rel: "alternate", hrefLang: "x-default", href: `${appUrl}/projects/moestuin` },
      { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Nieuws van Moestuin & co", href: `${appUrl}/projects/moestuin/updates.atom` },
    ]);
    expect(prop(tags, "og:image")).toEqual([`${appUrl}/uploads/cover.webp`]);
    expect(named(tags, "twitter:card")).toEqual(["summary_large_image"]);
    expect(named(tags, "robots")).toEqual([]);
  });

  it("a language version is its own canonical, and og:locale follows the page's language", () => {
    const data = { og: { title: "T", description: "D", url: `${appUrl}/projects/moestuin`, image: null }, feedUrl: null, project: { title: "T" } };
    const tags = run(projectMeta as AnyMeta, data, at("/projects/moestuin", "?lang=en&fbclid=1"), "en");
    expect(links(tags).find((l) => l.rel === "canonical")?.href).toBe(`${appUrl}/projects/moestuin?lang=en`);
    expect(prop(tags, "og:url")).toEqual([`${appUrl}/projects/moestuin?lang=en`]);
    expect(prop(tags, "og:locale")).toEqual(["en_GB"]);
    expect(prop(tags, "og:locale:alternate")).toEqual(["nl_NL"]);
    // Not open to others (a draft its initiator looks at): no feed, and not for search engines.
    expect(links(tags).some((l) => l.type === "application/atom+xml")).toBe(false);
    expect(named(tags, "robots")).toEqual(["noindex"]);
  });

  it("the lists keep their filters and page (its cursor, decision 085) in the canonical, not the order or a search", () => {
    const projects = run(projectsMeta as AnyMeta, { title: "Projecten", description: "D" }, at("/projects", "?sort=newest&status=funded&after=WyJ4Il0"));
    expect(links(projects)[0]).toEqual({ tagName: "link", rel: "canonical", href: `${appUrl}/projects?status=funded&after=WyJ4Il0` });
    const items = run(itemsMeta as AnyMeta, { title: "Spullen", description: "D" }, at("/items", "?q=boor&category=tools"));
    expect(links(items)[0]).toEqual({ tagName: "link", rel: "canonical", href: `${appUrl}/items?category=tools` });
    expect(named(items, "description")).toEqual(["D"]);
    const home = run(homeMeta as AnyMeta, { title: "Buurtkracht", description: "Samen" }, at("/"));
    expect(links(home).map((l) => l.hrefLang ?? l.rel)).toEqual(["canonical", "nl", "en", "x-default"]);
  });
});

describe("OpenGraph on item and profile pages", () => {
  const item = (over: Record<string, unknown> = {}) => ({
    title: "Ladder · Buurtkracht",
    description: "Een lange ladder",
    page: {
      item: {
        title: "Ladder",
        status: "listed",
        hiddenReason: null,
        audience: "everyone",
        photos: [{ id: "p", cardUrl: "/uploads/c.webp", largeUrl: "/uploads/l.webp" }],
        ...over,
      },
    },
  });

  it("an item: title, description, its first photo as an absolute URL, og:locale, a large card", () => {
    const tags = run(itemMeta as AnyMeta, item(), at("/items/abc"));
    expect(prop(tags, "og:title")).toEqual(["Ladder · Buurtkracht"]);
    expect(prop(tags, "og:description")).toEqual(["Een lange ladder"]);
    expect(prop(tags, "og:image")).toEqual([`${appUrl}/uploads/l.webp`]);
    expect(prop(tags, "og:image:alt")).toEqual(["Ladder"]);
    expect(prop(tags, "og:url")).toEqual([`${appUrl}/items/abc`]);
    expect(prop(tags, "og:locale")).toEqual(["nl_NL"]);
    expect(prop(tags, "og:type")).toEqual(["website"]);
    expect(named(tags, "twitter:card")).toEqual(["summary_large_image"]);
    expect(named(tags, "twitter:image")).toEqual([`${appUrl}/uploads/l.webp`]);
    expect(links(tags).map((l) => l.hrefLang ?? l.rel)).toEqual(["canonical", "nl", "en", "x-default"]);
    expect(named(tags, "robots")).toEqual([]);
  });

  it("an item without photos shows the app icon in a small card; a paused or circles-only one is not for search engines", () => {
    const tags = run(itemMeta as AnyMeta, item({ photos: [] }), at("/items/abc"));
    expect(prop(tags, "og:image")).toEqual([`${appUrl}/icons/icon-512.png`]);
    expect(named(tags, "twitter:card")).toEqual(["summary"]);
    expect(named(run(itemMeta as AnyMeta, item({ status: "paused" }), at("/items/abc")), "robots")).toEqual(["noindex"]);
    expect(named(run(itemMeta as AnyMeta, item({ audience: "circles" }), at("/items/abc")), "robots")).toEqual(["noindex"]);
  });

  it("a profile: og:type profile, the member's handle, the icon, the page's language", () => {
    const data = { title: "Anna · Buurtkracht", description: "Anna uit de Indische Buurt", profile: { handle: "anna" } };
    const tags = run(profileMeta as AnyMeta, data, at("/u/anna", "?lang=en"), "en");
    expect(prop(tags, "og:type")).toEqual(["profile"]);
    expect(prop(tags, "profile:username")).toEqual(["anna"]);
    expect(prop(tags, "og:title")).toEqual(["Anna · Buurtkracht"]);
    expect(prop(tags, "og:description")).toEqual(["Anna uit de Indische Buurt"]);
    expect(prop(tags, "og:image")).toEqual([`${appUrl}/icons/icon-512.png`]);
    expect(prop(tags, "og:locale")).toEqual(["en_GB"]);
    expect(named(tags, "twitter:card")).toEqual(["summary"]);
    expect(links(tags)[0]).toEqual({ tagName: "link", rel: "canonical", href: `${appUrl}/u/anna?lang=en` });
  });
});

describe("the sitemap's XML", () => {
  it("escapes addresses and writes every alternate, well-formed", () => {
    const xml = renderSitemap(sitemapEntries(appUrl, [{ path: "/projects?status=funded&page=2", lastmod: new Date("2026-12-01T10:00:00.123Z") }]));
    assertWellFormedXml(xml);
    expect(xml).toContain(`<loc>${appUrl}/projects?status=funded&amp;page=2&amp;lang=en</loc>`);
    expect(xml).toContain(`<xhtml:link rel="alternate" hreflang="x-default" href="${appUrl}/projects?status=funded&amp;page=2"/>`);
    expect(xml).toContain("<lastmod>2026-12-01T10:00:00Z</lastmod>");
    expect(xml.match(/<url>/g)).toHaveLength(3);
    expect(() => renderSitemap(Array.from({ length: 50_001 }, () => ({ loc: appUrl, lastmod: null, alternates: [] })))).toThrow(/at most 50000/);
  });

  it("XML text never carries what XML 1.0 cannot hold", () => {
    expect(escapeXml(`a\u0000b\u001Fc & <d> "e" 'f'`)).toBe("a\uFFFDb\uFFFDc &amp; &lt;d&gt; &quot;e&quot; &apos;f&apos;");
  });
});
