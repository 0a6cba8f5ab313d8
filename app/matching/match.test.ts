import { describe, expect, it } from "vitest";
import { type MatchEvent, type MatchStatus, matchStatuses, transitionMatch } from "./match";

const events: MatchEvent[] = [
  { type: "recompute", cents: 500 },
  { type: "project_succeeded" },
  { type: "project_ended" },
  { type: "mark_paid", reference: "NL12 betaling 42" },
];

// status → event type → the status after it, or the error.
const table: Record<MatchStatus, Record<MatchEvent["type"], MatchStatus | string>> = {
  committed: { recompute: "committed", project_succeeded: "obligated", project_ended: "released", mark_paid: "IllegalTransition" },
  obligated: { recompute: "IllegalTransition", project_succeeded: "IllegalTransition", project_ended: "released", mark_paid: "paid" },
  paid: { recompute: "IllegalTransition", project_succeeded: "IllegalTransition", project_ended: "IllegalTransition", mark_paid: "IllegalTransition" },
  released: { recompute: "IllegalTransition", project_succeeded: "IllegalTransition", project_ended: "IllegalTransition", mark_paid: "IllegalTransition" },
};

describe("transitionMatch: every status × event", () => {
  const cases = matchStatuses.flatMap((status) => events.map((event) => [status, event.type, event, table[status][event.type]] as const));
  it.each(cases)("%s + %s", (status, _type, event, expected) => {
    const r = transitionMatch({ status, cents: 300 }, event);
    expect(r.ok ? r.to : r.error).toBe(expected);
  });

  it("recompute sets the new amount; the others keep it", () => {
    expect(transitionMatch({ status: "committed", cents: 300 }, { type: "recompute", cents: 900 })).toEqual({ ok: true, to: "committed", cents: 900 });
    expect(transitionMatch({ status: "committed", cents: 300 }, { type: "project_succeeded" })).toEqual({ ok: true, to: "obligated", cents: 300 });
  });

  it("paying needs an amount and a bank reference", () => {
    expect(transitionMatch({ status: "obligated", cents: 0 }, { type: "mark_paid", reference: "x" })).toEqual({ ok: false, error: "NothingToPay" });
    expect(transitionMatch({ status: "obligated", cents: 10 }, { type: "mark_paid", reference: "  " })).toEqual({ ok: false, error: "ReferenceRequired" });
  });

  it("a negative amount is refused", () => {
    expect(transitionMatch({ status: "committed", cents: 0 }, { type: "recompute", cents: -1 })).toEqual({ ok: false, error: "IllegalTransition" });
  });
});
