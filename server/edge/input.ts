/**
 * What the edge lets in (docs/decisions/009-input-at-the-edge.md). Text that Postgres cannot store
 * (U+0000) or that is not text at all (invalid UTF-8, lone UTF-16 surrogates) never reaches the app:
 * - in a path it is a 404 (no page has such an address), in a query string a 400 — both the app's
 *   normal error page in the visitor's language;
 * - in a form field it becomes U+FFFD, which the one form parser (app/forms/forms.ts) reports next
 *   to the field ("form.invalidText"), so the form comes back with what was typed and a message.
 * What counts as text: app/utils/text.ts.
 */
import { cleanText, isCleanText, REPLACEMENT } from "../../app/utils/text";

export { cleanText, isCleanText, REPLACEMENT };

/** Decodes one percent-encoded component; null when it is not valid UTF-8 or not clean text. */
export function decodeComponent(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return null;
  }
  return isCleanText(decoded) ? decoded : null;
}

export type UrlProblem = "path" | "query" | null;

/**
 * Checks a request target ("/u/anna?x=1"): every path segment and every query key and value must
 * decode to clean text. Returns which part is bad, or null.
 */
export function urlProblem(target: string): UrlProblem {
  const q = target.indexOf("?");
  const pathname = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? "" : target.slice(q + 1);
  const hash = query.indexOf("#");
  const search = hash === -1 ? query : query.slice(0, hash);
  for (const segment of pathname.split("/")) {
    if (decodeComponent(segment) === null) return "path";
  }
  if (search) {
    for (const pair of search.split("&")) {
      if (!pair) continue;
      const eq = pair.indexOf("=");
      const key = eq === -1 ? pair : pair.slice(0, eq);
      const value = eq === -1 ? "" : pair.slice(eq + 1);
      if (decodeComponent(key) === null || decodeComponent(value) === null) return "query";
    }
  }
  return null;
}

/**
 * An application/x-www-form-urlencoded body with every non-text character of its keys and values
 * replaced by U+FFFD (invalid UTF-8 already decodes to U+FFFD), re-encoded. Returns the same
 * string when it was clean.
 */
export function cleanUrlEncodedBody(body: string): { body: string; changed: boolean } {
  const params = new URLSearchParams(body);
  let changed = false;
  const out = new URLSearchParams();
  for (const [key, value] of params) {
    const k = cleanText(key);
    const v = cleanText(value);
    if (k !== key || v !== value || v.includes(REPLACEMENT) || k.includes(REPLACEMENT)) changed = true;
    out.append(k, v);
  }
  return changed ? { body: out.toString(), changed } : { body, changed: false };
}

/** Body limits by kind (bytes). Forms are small; uploads carry photos straight from a phone. */
export interface BodyLimits {
  form: number;
  json: number;
  multipart: number;
  other: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  form: 1024 * 1024,
  json: 1024 * 1024,
  // Up to five photos of up to 15 MB each would be too much for a form post: the documented limit
  // for one upload request (docs/deploy.md) is 40 MB; each photo is resized on the server.
  multipart: 40 * 1024 * 1024,
  other: 1024 * 1024,
};

export type BodyKind = keyof BodyLimits;

export function bodyKind(contentType: string | undefined): BodyKind {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type === "multipart/form-data") return "multipart";
  if (type === "application/json" || type.endsWith("+json")) return "json";
  return "other";
}
