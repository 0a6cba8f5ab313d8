import { z } from "zod";

/**
 * THE id check: ids are UUIDs (gen_random_uuid()). Anything else — a typo in a URL, a probe, a
 * NUL byte — is "not found" before it reaches the database, where a malformed uuid would be an
 * error (a 500) instead of a 404.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** A form field holding an id; `message` is the i18n key shown next to the field when it is not one. */
export function uuidField<M extends string>(message: M) {
  return z.string().trim().regex(UUID, message);
}
