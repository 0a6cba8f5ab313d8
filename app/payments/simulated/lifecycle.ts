/**
 * The simulated gateway's two lifecycles — payments (PaymentIntents) and hosted sessions — as pure
 * transition functions (docs/decisions/022-simulated-gateway.md). The simulator changes a payment's
 * or a session's status only through these; every change emits a gateway event.
 */
import type { SimPaymentStatus, SimSessionStatus } from "../../../db/schema";

export type PaymentMethodKind = "card" | "sepa_debit" | "ideal";

export interface SimPaymentFacts {
  captureMethod: "automatic" | "manual";
  methodType: PaymentMethodKind;
  /** Made on a hosted page with the customer present: a declined attempt may be retried there. */
  onSession: boolean;
}

/** "new" is the state before the first attempt (the row does not exist yet). */
export type SimPaymentState = SimPaymentStatus | "new";

export type SimPaymentEvent =
  | { type: "attempt"; outcome: "succeed" | "authenticate" | "decline" }
  | { type: "authentication"; approved: boolean }
  /** A session expired while its payment waited for authentication. */
  | { type: "abandon" }
  | { type: "settlement"; succeeded: boolean }
  | { type: "capture" }
  | { type: "cancel"; reason: "requested" | "expired" };

export type TransitionResult<S> = { ok: true; status: S } | { ok: false; error: "IllegalTransition" };

/** Where a payment goes once the customer's bank said yes. */
export function acceptedStatus(facts: Pick<SimPaymentFacts, "captureMethod" | "methodType">): SimPaymentStatus {
  if (facts.captureMethod === "manual") return "requires_capture";
  // SEPA Direct Debit takes days to confirm; cards and iDEAL are immediate.
  return facts.methodType === "sepa_debit" ? "processing" : "succeeded";
}

const illegal = { ok: false, error: "IllegalTransition" } as const;
const to = <S>(status: S): TransitionResult<S> => ({ ok: true, status });

export function paymentTransition(state: SimPaymentState, event: SimPaymentEvent, facts: SimPaymentFacts): TransitionResult<SimPaymentStatus> {
  switch (event.type) {
    case "attempt": {
      const canAttempt = state === "new" || (state === "failed" && facts.onSession);
      if (!canAttempt) return illegal;
      if (facts.captureMethod === "manual" && facts.methodType !== "card") return illegal;
      if (event.outcome === "succeed") return to(acceptedStatus(facts));
      return to(event.outcome === "authenticate" ? "requires_action" : "failed");
    }
    case "authentication":
      if (state !== "requires_action") return illegal;
      return to(event.approved ? acceptedStatus(facts) : "failed");
    case "abandon":
      return state === "requires_action" ? to("failed") : illegal;
    case "settlement":
      if (state !== "processing") return illegal;
      return to(event.succeeded ? "succeeded" : "failed");
    case "capture":
      return state === "requires_capture" ? to("succeeded") : illegal;
    case "cancel":
      return state === "requires_capture" ? to("canceled") : illegal;
    default: {
      const never: never = event;
      throw new Error(`unknown payment event ${JSON.stringify(never)}`);
    }
  }
}

export type SimSessionEvent =
  { type: "submit"; outcome: "succeed" | "authenticate" | "decline" } | { type: "authentication"; approved: boolean } | { type: "expire" };

export function sessionTransition(state: SimSessionStatus, event: SimSessionEvent): TransitionResult<SimSessionStatus> {
  switch (event.type) {
    case "submit":
      if (state !== "open") return illegal;
      return to(event.outcome === "succeed" ? "complete" : event.outcome === "authenticate" ? "awaiting_authentication" : "open");
    case "authentication":
      if (state !== "awaiting_authentication") return illegal;
      return to(event.approved ? "complete" : "open");
    case "expire":
      return state === "open" || state === "awaiting_authentication" ? to("expired") : illegal;
    default: {
      const never: never = event;
      throw new Error(`unknown session event ${JSON.stringify(never)}`);
    }
  }
}
