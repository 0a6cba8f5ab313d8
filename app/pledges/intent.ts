import type { PledgeIntentStatus } from "../../db/schema";

/**
 * A pledge intent: what a backer asked to pledge while they are on the gateway's page saving a
 * new card or iDEAL (docs/decisions/055-one-step-backing.md). Pure rules; the one writer is
 * app/pledges/intents.server.ts.
 *
 * open ─confirm→ confirmed (the method is saved and the pledge made from it)
 * open ─fail→ failed (the method is saved, but a pledge rule refused it by then: sold out, ended…)
 * open ─expire→ expired (the page was never finished)
 */
export type { PledgeIntentStatus };

export type PledgeIntentEvent = { type: "confirm" } | { type: "fail" } | { type: "expire" };

export function transitionPledgeIntent(status: PledgeIntentStatus, event: PledgeIntentEvent): { ok: true; to: PledgeIntentStatus } | { ok: false } {
  if (status !== "open") return { ok: false };
  switch (event.type) {
    case "confirm":
      return { ok: true, to: "confirmed" };
    case "fail":
      return { ok: true, to: "failed" };
    case "expire":
      return { ok: true, to: "expired" };
    default: {
      const never: never = event;
      throw new Error(`Unknown pledge intent event ${JSON.stringify(never)}`);
    }
  }
}

/** A gateway's hosted page lives 24 hours (Stripe's default); an intent waits an hour longer for a late event. */
export const PLEDGE_INTENT_TTL_MS = 25 * 60 * 60 * 1000;
