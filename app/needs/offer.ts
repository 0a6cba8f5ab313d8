/**
 * Skills and things a project needs (issue 11, decision 057): neighbours offer, the initiator
 * accepts or declines. Pure rules; the one writer is ./offers.server.ts.
 *
 *   (none) | cancelled | declined ─offer→ offered      while the need is open and not yet filled
 *   offered | accepted ─cancel→ cancelled               the neighbour withdraws
 *   offered ─accept→ accepted                           the initiator, while a place is left (takes it)
 *   offered ─decline→ declined                          the initiator
 */
import type { NeedStatus, SignupStatus } from "../../db/schema";

export type OfferEvent = { type: "offer" } | { type: "cancel" } | { type: "accept" } | { type: "decline" };
export type OfferRuleError = "NeedCancelled" | "ProjectNotOpen" | "NeedFilled" | "IllegalTransition";

export interface NeedView {
  status: NeedStatus;
  needed: number;
  filled: number;
  projectStatus: string;
}

/** An offer takes one of the need's places once it is accepted. */
export function offerHoldsPlace(status: SignupStatus | null): boolean {
  return status === "accepted";
}

export function transitionOffer(
  current: SignupStatus | null,
  event: OfferEvent,
  need: NeedView,
): { ok: true; to: SignupStatus } | { ok: false; error: OfferRuleError } {
  switch (event.type) {
    case "offer":
      if (current !== null && current !== "cancelled" && current !== "declined") return { ok: false, error: "IllegalTransition" };
      if (need.status === "cancelled") return { ok: false, error: "NeedCancelled" };
      if (need.projectStatus !== "live" && need.projectStatus !== "succeeded") return { ok: false, error: "ProjectNotOpen" };
      if (need.filled >= need.needed) return { ok: false, error: "NeedFilled" };
      return { ok: true, to: "offered" };
    case "cancel":
      return current === "offered" || current === "accepted" ? { ok: true, to: "cancelled" } : { ok: false, error: "IllegalTransition" };
    case "accept":
      if (current !== "offered") return { ok: false, error: "IllegalTransition" };
      if (need.status === "cancelled") return { ok: false, error: "NeedCancelled" };
      if (need.filled >= need.needed) return { ok: false, error: "NeedFilled" };
      return { ok: true, to: "accepted" };
    case "decline":
      return current === "offered" ? { ok: true, to: "declined" } : { ok: false, error: "IllegalTransition" };
    default: {
      const never: never = event;
      throw new Error(`Unknown offer event ${JSON.stringify(never)}`);
    }
  }
}

export function offerFilledDelta(before: SignupStatus | null, after: SignupStatus): number {
  return (offerHoldsPlace(after) ? 1 : 0) - (offerHoldsPlace(before) ? 1 : 0);
}
