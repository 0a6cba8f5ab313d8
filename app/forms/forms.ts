import type { z } from "zod";
import { type MessageKey, isMessageKey } from "../i18n/i18n";
import { isCleanText, REPLACEMENT } from "../utils/text";

/**
 * One zod schema per form, shared by the action and the form. Schema messages are i18n keys
 * (`z.string().min(1, "form.required")`), so errors reach the page in the user's language.
 */
export type FieldErrors = Partial<Record<string, MessageKey>>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

function issueToKey(issue: z.core.$ZodIssue): MessageKey {
  if (isMessageKey(issue.message)) return issue.message;
  if (issue.code === "invalid_type" && issue.input === undefined) return "form.required";
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) return "form.required";
  if (issue.code === "too_big" && issue.origin === "string") return "form.tooLong";
  return "form.invalid";
}

/** Values echoed back into the form after an error (never passwords). */
function echoValues(raw: Record<string, string | string[]>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (/password|token|card/i.test(key)) continue;
    values[key] = Array.isArray(value) ? value.join(",") : value;
  }
  return values;
}

/**
 * The edge (server/edge/input.ts) turns what is not text — U+0000, other control characters, lone
 * surrogates, invalid UTF-8 — into U+FFFD before a request reaches the app; here such a field gets
 * its message, whatever the schema says about it.
 */
const NOT_STORABLE = REPLACEMENT;

export function parseForm<S extends z.ZodType>(schema: S, input: FormData | Record<string, unknown>): FormResult<z.output<S>> {
  const raw = input instanceof FormData ? formDataToObject(input) : (input as Record<string, string | string[]>);
  const errors: FieldErrors = {};
  for (const [field, value] of Object.entries(raw)) {
    const values = Array.isArray(value) ? value : [value];
    // A multipart body's fields are not rewritten by the edge (only url-encoded ones are): a NUL or
    // another control character can arrive here as it was sent, and Postgres cannot store U+0000.
    if (values.some((v) => typeof v === "string" && (v.includes(NOT_STORABLE) || !isCleanText(v)))) errors[field] = "form.invalidText";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: echoValues(raw) };
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  for (const issue of result.error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "_form";
    errors[field] ??= issueToKey(issue);
  }
  return { ok: false, errors, values: echoValues(raw) };
}

/** A business failure shown next to one field (or the whole form with field "_form"). */
export function fieldError(field: string, key: MessageKey): { ok: false; errors: FieldErrors; values: Record<string, string> } {
  return { ok: false, errors: { [field]: key }, values: {} };
}

/**
 * A multi-intent form (one action, several buttons): `schema` is a zod discriminated union on
 * `intent`, and a form posted without one counts as `defaultIntent`. The intent comes back too, so
 * the page can show the errors next to the form that was sent.
 */
export function parseIntentForm<S extends z.ZodType>(schema: S, input: FormData, defaultIntent?: string): FormResult<z.output<S>> & { intent: string } {
  const raw = formDataToObject(input);
  if ((raw.intent === undefined || raw.intent === "") && defaultIntent) raw.intent = defaultIntent;
  const intent = typeof raw.intent === "string" ? raw.intent : "";
  return { ...parseForm(schema, raw), intent };
}
