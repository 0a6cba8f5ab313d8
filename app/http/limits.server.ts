import { type AppLoadContext, data } from "@remix-run/node";
import type { FieldErrors } from "../forms/forms";
import type { LimitPolicy } from "../limits/policies";

/**
 * The route side of the abuse limits (app/limits/policies.ts). `limitReached` counts `points` uses
 * of `policy` for `key` and says whether the allowance was already used up; `tooMany` answers like a
 * form error — 429, Retry-After, the message at the top of the form in the visitor's language — so
 * the page and what was typed stay.
 */
export async function limitReached(context: AppLoadContext, policy: LimitPolicy, key: string, points = 1): Promise<{ retryAfterSeconds: number } | null> {
  if (points <= 0) return null;
  const result = await context.services.limits.consume(policy, key, points);
  if (result.ok) return null;
  context.logger.warn({ policy }, "rate-limited");
  return { retryAfterSeconds: result.retryAfterSeconds };
}

export function tooMany<T extends Record<string, unknown>>(limited: { retryAfterSeconds: number }, extra: T = {} as T) {
  return data(
    {
      ok: false as const,
      errors: { _form: "form.tooMany" } as FieldErrors,
      values: {} as Record<string, string>,
      ...extra,
      retryAfterSeconds: limited.retryAfterSeconds,
    },
    { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
  );
}

/** Both in one: null while allowed, else the 429 answer. */
export async function overLimit(context: AppLoadContext, policy: LimitPolicy, key: string, values: Record<string, string> = {}) {
  const limited = await limitReached(context, policy, key);
  return limited ? tooMany(limited, { values }) : null;
}
