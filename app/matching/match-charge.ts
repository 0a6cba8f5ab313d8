/**
 * The charge of a matching obligation on the organisation's saved method, pure (docs/decisions/062,
 * docs/matching.md). It runs beside the match's own status (match.ts): only an obligation is charged,
 * and only a succeeded charge pays the match.
 *
 *   (none) ──due──▶ due            the project succeeded and the organisation has a saved method
 *   due ──start──▶ pending         an attempt row is written before the gateway is called
 *   pending ──processing──▶ processing   (SEPA Direct Debit: the result comes days later)
 *   pending | processing ──succeeded──▶ succeeded   (the match becomes paid, in the same transaction)
 *   pending | processing ──failed──▶ failed         (the match stays an obligation: transfer, or …)
 *   failed | (none) ──due──▶ due   … an admin saves a new method, and it is tried again
 * A gateway answer may arrive twice and in any order (the synchronous answer and the event): a
 * repeated answer is no change, and an answer after the final one is ignored.
 */
export const matchChargeStates = ["due", "pending", "processing", "succeeded", "failed"] as const;
export type MatchChargeState = (typeof matchChargeStates)[number];

export type MatchChargeEvent = "due" | "start" | "processing" | "succeeded" | "failed";

export type MatchChargeTransition = { ok: true; to: MatchChargeState; changed: boolean } | { ok: false; error: "IllegalTransition" };

const illegal = { ok: false, error: "IllegalTransition" } as const;
const to = (from: MatchChargeState | null, next: MatchChargeState): MatchChargeTransition => ({ ok: true, to: next, changed: from !== next });

export function transitionMatchCharge(from: MatchChargeState | null, event: MatchChargeEvent): MatchChargeTransition {
  switch (event) {
    case "due":
      return from === null || from === "failed" || from === "due" ? to(from, "due") : illegal;
    case "start":
      return from === "due" ? to(from, "pending") : illegal;
    case "processing":
      return from === "pending" || from === "processing" ? to(from, "processing") : illegal;
    case "succeeded":
      return from === "pending" || from === "processing" || from === "succeeded" ? to(from, "succeeded") : illegal;
    case "failed":
      return from === "pending" || from === "processing" || from === "failed" ? to(from, "failed") : illegal;
    default: {
      const never: never = event;
      throw new Error(`Unknown charge event ${String(never)}`);
    }
  }
}

/** Is money possibly moving? A payout waits; an admin may not record a transfer meanwhile. */
export function chargeInFlight(state: MatchChargeState | null): boolean {
  return state === "due" || state === "pending" || state === "processing";
}
