/**
 * Text and attribute values for the XML the app writes (sitemap, Atom feed): the five special
 * characters escaped, and what XML 1.0 cannot hold at all (C0 controls other than tab, newline and
 * carriage return, lone surrogates, U+FFFE/U+FFFF) replaced with U+FFFD, so a member's title can never
 * make a feed unreadable.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(value: string): string {
  return value.replace(NOT_XML, "\uFFFD").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** An instant as XML Schema / RFC 3339 wants it (sitemaps' lastmod, Atom's updated). */
export function xmlDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
