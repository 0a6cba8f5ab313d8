import { escapeXml, xmlDate } from "./xml";

/** An Atom 1.0 feed (RFC 4287). Every text is escaped here; `html` is markup already sanitized by the caller. */
export interface AtomFeed {
  /** A permanent, unique IRI (a `urn:uuid:` of the thing the feed is about). */
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's language (xml:lang). */
  lang: string;
  updated: Date;
  /** The feed's own address and the page it belongs to. */
  selfUrl: string;
  alternateUrl: string;
  author: { name: string; uri?: string };
  entries: AtomEntry[];
}

export interface AtomEntry {
  id: string;
  title: string;
  url: string;
  published: Date;
  updated: Date;
  /** Sanitized HTML: written as escaped text (`type="html"`), never as markup of the feed itself. */
  html: string;
}

export function renderAtom(feed: AtomFeed): string {
  const author = (a: AtomFeed["author"], indent: string) => [
    `${indent}<author>`,
    `${indent}  <name>${escapeXml(a.name)}</name>`,
    ...(a.uri ? [`${indent}  <uri>${escapeXml(a.uri)}</uri>`] : []),
    `${indent}</author>`,
  ];
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    // xml:base: a relative link in an update resolves against the project's page, as it does there.
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.lang)}" xml:base="${escapeXml(feed.alternateUrl)}">`,
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`] : []),
    `  <updated>${xmlDate(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternateUrl)}"/>`,
    ...author(feed.author, "  "),
    "  <generator>Buurtkracht</generator>",
  ];
  for (const e of feed.entries) {
    lines.push(
      "  <entry>",
      `    <id>${escapeXml(e.id)}</id>`,
      `    <title>${escapeXml(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(e.url)}"/>`,
      `    <published>${xmlDate(e.published)}</published>`,
      `    <updated>${xmlDate(e.updated)}</updated>`,
      `    <content type="html">${escapeXml(e.html)}</content>`,
      "  </entry>",
    );
  }
  lines.push("</feed>", "");
  return lines.join("\n");
}
