/**
 * What counts as text (docs/decisions/009-input-at-the-edge.md): anything but U+0000 and the other
 * C0 control characters (tab, newline and carriage return are text), DEL, and lone UTF-16
 * surrogates. Postgres cannot store U+0000, and the rest is never something a person typed. The
 * edge replaces such characters with U+FFFD; the form parser reports a field that holds one.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The replacement character: what the edge puts where something was not text. */
export const REPLACEMENT = "\uFFFD";

export function isCleanText(value: string): boolean {
  NOT_TEXT.lastIndex = 0;
  return !NOT_TEXT.test(value);
}

export function cleanText(value: string): string {
  return value.replace(NOT_TEXT, REPLACEMENT);
}
