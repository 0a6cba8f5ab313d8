/**
 * Hostile form values for the fuzzer (fast-check arbitraries): what a careless or malicious client
 * sends — long strings, control characters (NUL included), emoji, right-to-left overrides, lone
 * surrogates, SQL and HTML payloads, wrong types, huge and negative numbers, dates in 1900 and
 * 9999, money in every spelling — plus missing and repeated fields and bodies that are not forms.
 */
import fc from "fast-check";

export const payloads = [
  "",
  " ",
  "\u0000",
  "Jan\u0000Jansen",
  "\u0001\u0002\u0003\u0007\b\u001b[31m",
  "\t\n\r\u000b\f",
  "\u202eevil\u202c",
  "\u200f\u200e\u2066\u2069",
  "\ufeff",
  "\ufffd",
  "\ud800",
  "a\udc00b",
  "🌳👨‍👩‍👧‍👦🏳️‍🌈",
  "Zalgo t̸̢̛e̵̡͠x̶̨̛t̷̢̛",
  "ǅǈǋ İı ß ﬁ",
  "' OR '1'='1",
  "'; drop table users; --",
  '" OR ""="',
  "1; select pg_sleep(5)",
  "$1",
  "%00",
  "%",
  "\\",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "{{7*7}}${7*7}<%= 7*7 %>",
  "../../../../etc/passwd",
  "[object Object]",
  "undefined",
  "null",
  "true",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-1",
  "0",
  "-0",
  "2147483648",
  "-2147483649",
  "9007199254740993",
  "99999999999999999999999999",
  "0x10",
  "1_000",
  "12,50",
  ",50",
  "12.505",
  "€ 1.000.000,00",
  "€-5",
  "1900-01-01",
  "9999-12-31",
  "0000-00-00",
  "2026-02-30",
  "2026-13-01",
  "1900-01-01T00:00:00Z",
  "99999-01-01",
  "1093",
  "1093AB",
  "0000",
  "00000000-0000-0000-0000-000000000000",
  "a".repeat(300),
  "é".repeat(2001),
  "x".repeat(20_001),
];

/** One field's value: a payload, a random string (any Unicode), or a long one. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...payloads) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.date({ min: new Date("1900-01-01"), max: new Date("9999-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...payloads), fc.string({ maxLength: 10 })).map(([a, b]) => a + b) },
);

/** A field as sent: missing, once, or repeated (the parser must pick one or refuse). */
export const fieldValue: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<string[]>([]) },
  { weight: 6, arbitrary: hostileValue.map((v) => [v]) },
  { weight: 1, arbitrary: fc.array(hostileValue, { minLength: 2, maxLength: 3 }) },
);

export type Encoding = "form" | "multipart" | "json" | "raw";

export interface HostileBody {
  encoding: Encoding;
  fields: [string, string[]][];
  /** For "raw": bytes that are not a well-formed form (broken percent-escapes, invalid UTF-8). */
  raw: string;
}

const rawBodies = ["%", "a=%ZZ", "a=%ED%A0%80", "a=%FF%FE", "=&=&&==", "a".repeat(1000), "\u0000\u0000", "intent=%00", "%E0%A4%A"];

/** A whole request body for a form with these field names (and an intent among `intents`). */
export function hostileBody(fieldNames: string[], intents: string[]): fc.Arbitrary<HostileBody> {
  const names = fieldNames.length ? fieldNames : ["x"];
  const intent = fc.oneof(
    fc.constantFrom(...(intents.length ? intents : [""])).map((v) => [v]),
    fieldValue,
  );
  return fc.record({
    encoding: fc.constantFrom<Encoding>("form", "form", "form", "form", "multipart", "json", "raw"),
    fields: fc
      .tuple(
        intent,
        fc.tuple(...names.map((n) => fieldValue.map((v) => [n, v] as [string, string[]]))),
        fc.array(fc.tuple(hostileValue, fieldValue), { maxLength: 2 }),
      )
      .map(([i, known, extra]) => [["intent", i] as [string, string[]], ...known, ...extra]),
    raw: fc.constantFrom(...rawBodies),
  });
}

/** The request init for a hostile body. */
export function encodeBody(body: HostileBody): { headers: Record<string, string>; body: BodyInit } {
  switch (body.encoding) {
    case "form": {
      const params = new URLSearchParams();
      for (const [k, vs] of body.fields) for (const v of vs) params.append(k, v);
      return { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: params.toString() };
    }
    case "multipart": {
      const form = new FormData();
      for (const [k, vs] of body.fields) for (const v of vs) form.append(k, v);
      return { headers: {}, body: form };
    }
    case "json":
      return {
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(Object.fromEntries(body.fields.map(([k, v]) => [k, v.length === 1 ? v[0] : v]))),
      };
    case "raw":
      return { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body.raw };
  }
}
