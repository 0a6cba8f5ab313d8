/**
 * Personal share links (issue 16, docs/decisions/076-ambassadors.md). Pure: the code's shape, the
 * link it makes, the day a visit counts for, and the ready links per channel.
 *
 * A code is 10 characters of lower-case base32 (a–z, 2–7): 50 random bits, short enough to type off
 * a poster and too many to guess. The link is the project page itself, `/projects/<slug>?via=<code>`:
 * no redirect to keep, and the page a neighbour lands on is the one they would share anyway.
 */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
export const SHARE_CODE_LENGTH = 10;
const SHAPE = /^[a-z2-7]{10}$/;

/** A code from at least 10 random bytes (each byte's low 5 bits: every letter equally likely). */
export function shareCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < SHARE_CODE_LENGTH) throw new RangeError("a share code needs 10 random bytes");
  let code = "";
  for (let i = 0; i < SHARE_CODE_LENGTH; i++) code += ALPHABET[bytes[i]! & 31];
  return code;
}

/** Whether a value (a query parameter, a cookie) has the shape of a share code; anything else is ignored. */
export function isShareCode(value: unknown): value is string {
  return typeof value === "string" && SHAPE.test(value);
}

/** The personal link: the project page with the code. */
export function shareLink(appUrl: string, slug: string, code: string | null): string {
  const base = `${appUrl.replace(/\/+$/, "")}/projects/${encodeURIComponent(slug)}`;
  return code ? `${base}?via=${code}` : base;
}

/** The visit's calendar day in Europe/Amsterdam ("YYYY-MM-DD"): one touch per visitor, code and day. */
export function touchDay(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

export const shareChannels = ["whatsapp", "email", "facebook", "x"] as const;
export type ShareChannel = (typeof shareChannels)[number];

/** The ready link per channel, from the text in the sharer's language and the personal link. */
export function shareChannelLinks(input: { text: string; subject: string; url: string }): Record<ShareChannel, string> {
  const withUrl = `${input.text} ${input.url}`;
  return {
    whatsapp: `https://wa.me/?text=${encodeURIComponent(withUrl)}`,
    email: `mailto:?subject=${encodeURIComponent(input.subject)}&body=${encodeURIComponent(withUrl)}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(input.url)}`,
    x: `https://x.com/intent/post?text=${encodeURIComponent(withUrl)}`,
  };
}
