import { describe, expect, it } from "vitest";
import type { SimSessionStatus } from "../../../db/schema";
import { paymentTransition, type SimPaymentEvent, type SimPaymentFacts, type SimPaymentState, sessionTransition, type SimSessionEvent } from "./lifecycle";

const cardAuto: SimPaymentFacts = { captureMethod: "automatic", methodType: "card", onSession: false };
const cardAutoOnSession: SimPaymentFacts = { ...cardAuto, onSession: true };
const cardHold: SimPaymentFacts = { captureMethod: "manual", methodType: "card", onSession: false };
const sepa: SimPaymentFacts = { captureMethod: "automatic", methodType: "sepa_debit", onSession: false };
const ideal: SimPaymentFacts = { captureMethod: "automatic", methodType: "ideal", onSession: true };
const sepaHold: SimPaymentFacts = { captureMethod: "manual", methodType: "sepa_debit", onSession: false };

const states: SimPaymentState[] = ["new", "requires_action", "processing", "requires_capture", "succeeded", "failed", "canceled"];
const events: SimPaymentEvent[] = [
  { type: "attempt", outcome: "succeed" },
  { type: "attempt", outcome: "authenticate" },
  { type: "attempt", outcome: "decline" },
  { type: "authentication", approved: true },
  { type: "authentication", approved: false },
  { type: "abandon" },
  { type: "settlement", succeeded: true },
  { type: "settlement", succeeded: false },
  { type: "capture" },
  { type: "cancel", reason: "requested" },
  { type: "cancel", reason: "expired" },
];

const key = (e: SimPaymentEvent) => JSON.stringify(e);
/** The legal moves; every other (state, event) pair is illegal. */
const legal: [SimPaymentState, SimPaymentEvent, SimPaymentFacts, string][] = [
  ["new", { type: "attempt", outcome: "succeed" }, cardAuto, "succeeded"],
  ["new", { type: "attempt", outcome: "succeed" }, cardHold, "requires_capture"],
  ["new", { type: "attempt", outcome: "succeed" }, sepa, "processing"],
  ["new", { type: "attempt", outcome: "succeed" }, ideal, "succeeded"],
  ["new", { type: "attempt", outcome: "authenticate" }, cardAuto, "requires_action"],
  ["new", { type: "attempt", outcome: "decline" }, cardAuto, "failed"],
  ["failed", { type: "attempt", outcome: "succeed" }, cardAutoOnSession, "succeeded"],
  ["failed", { type: "attempt", outcome: "authenticate" }, cardAutoOnSession, "requires_action"],
  ["failed", { type: "attempt", outcome: "decline" }, cardAutoOnSession, "failed"],
  ["requires_action", { type: "authentication", approved: true }, cardAuto, "succeeded"],
  ["requires_action", { type: "authentication", approved: true }, cardHold, "requires_capture"],
  ["requires_action", { type: "authentication", approved: true }, ideal, "succeeded"],
  ["requires_action", { type: "authentication", approved: false }, cardAuto, "failed"],
  ["requires_action", { type: "abandon" }, cardAuto, "failed"],
  ["processing", { type: "settlement", succeeded: true }, sepa, "succeeded"],
  ["processing", { type: "settlement", succeeded: false }, sepa, "failed"],
  ["requires_capture", { type: "capture" }, cardHold, "succeeded"],
  ["requires_capture", { type: "cancel", reason: "requested" }, cardHold, "canceled"],
  ["requires_capture", { type: "cancel", reason: "expired" }, cardHold, "canceled"],
];

describe("simulated payment lifecycle", () => {
  it.each(legal)("%s + %j → %s", (state, event, facts, expected) => {
    expect(paymentTransition(state, event, facts)).toEqual({ ok: true, status: expected });
  });

  const illegal = states.flatMap((state) =>
    events
      .filter((event) => !legal.some(([s, e]) => s === state && key(e) === key(event)))
      .map((event) => [state, event] as [SimPaymentState, SimPaymentEvent]),
  );
  it.each(illegal)("%s + %j is illegal", (state, event) => {
    expect(paymentTransition(state, event, cardAuto)).toEqual({ ok: false, error: "IllegalTransition" });
  });

  it("an off-session failed payment is final (a new attempt is a new payment)", () => {
    expect(paymentTransition("failed", { type: "attempt", outcome: "succeed" }, cardAuto).ok).toBe(false);
  });

  it("SEPA cannot be held", () => {
    expect(paymentTransition("new", { type: "attempt", outcome: "succeed" }, sepaHold).ok).toBe(false);
  });

  it("rejects unknown events loudly", () => {
    expect(() => paymentTransition("new", { type: "nope" } as unknown as SimPaymentEvent, cardAuto)).toThrow(/unknown payment event/);
  });
});

const sessionStates: SimSessionStatus[] = ["open", "awaiting_authentication", "complete", "expired"];
const sessionEvents: SimSessionEvent[] = [
  { type: "submit", outcome: "succeed" },
  { type: "submit", outcome: "authenticate" },
  { type: "submit", outcome: "decline" },
  { type: "authentication", approved: true },
  { type: "authentication", approved: false },
  { type: "expire" },
];
const legalSession: [SimSessionStatus, SimSessionEvent, SimSessionStatus][] = [
  ["open", { type: "submit", outcome: "succeed" }, "complete"],
  ["open", { type: "submit", outcome: "authenticate" }, "awaiting_authentication"],
  ["open", { type: "submit", outcome: "decline" }, "open"],
  ["awaiting_authentication", { type: "authentication", approved: true }, "complete"],
  ["awaiting_authentication", { type: "authentication", approved: false }, "open"],
  ["open", { type: "expire" }, "expired"],
  ["awaiting_authentication", { type: "expire" }, "expired"],
];

describe("simulated hosted session lifecycle", () => {
  it.each(legalSession)("%s + %j → %s", (state, event, expected) => {
    expect(sessionTransition(state, event)).toEqual({ ok: true, status: expected });
  });
  const illegal = sessionStates.flatMap((state) =>
    sessionEvents
      .filter((event) => !legalSession.some(([s, e]) => s === state && JSON.stringify(e) === JSON.stringify(event)))
      .map((event) => [state, event] as [SimSessionStatus, SimSessionEvent]),
  );
  it.each(illegal)("%s + %j is illegal", (state, event) => {
    expect(sessionTransition(state, event)).toEqual({ ok: false, error: "IllegalTransition" });
  });
});
