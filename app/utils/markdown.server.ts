import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * User Markdown (project stories, updates) → safe HTML. markdown-it runs with raw HTML off (typed
 * HTML is shown as text) and rejects javascript:/data: links; sanitize-html then allows only a small
 * set of tags as defence in depth. External links get rel="nofollow ugc noopener".
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "s", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "code", "pre", "hr"],
  allowedAttributes: { a: ["href", "rel", "target"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  transformTags: {
    h1: "h2",
    a: (tagName, attribs) => ({
      tagName,
      attribs: { href: attribs.href ?? "#", rel: "nofollow ugc noopener noreferrer" },
    }),
  },
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(source.slice(0, 50_000)), SANITIZE);
}

/** Plain text for summaries, meta descriptions and e-mails. */
export function markdownToText(source: string, maxLength = 300): string {
  const text = sanitizeHtml(md.render(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}
