/**
 * A pool's match on one project: its lifecycle, pure (docs/matching.md has the diagram).
 *
 *   committed ──recompute──▶ committed      (the rules give another amount while the project is live)
 *   committed ──project_succeeded──▶ obligated   (booked in the ledger: the organisation owes it)
 *   committed | obligated ──project_ended──▶ released  (failed or cancelled: the budget is free again)
 *   obligated ──mark_paid──▶ paid            (an admin saw the organisation's bank transfer)
 * Released and paid are final.
 */
export const matchStatuses = ["committed", "obligated", "paid", "released"] as const;
export type MatchStatus = (typeof matchStatuses)[number];

export type MatchEvent =
  { type: "recompute"; cents: number } | { type: "project_succeeded" } | { type: "project_ended" } | { type: "mark_paid"; reference: string };
export type MatchEventType = MatchEvent["type"];

export type MatchTransition = { ok: true; to: MatchStatus; cents: number } | { ok: false; error: "IllegalTransition" | "NothingToPay" | "ReferenceRequired" };

const illegal = { ok: false, error: "IllegalTransition" } as const;

/** `cents` is the match's amount after the event (a release keeps the amount as history). */
export function transitionMatch(state: { status: MatchStatus; cents: number }, event: MatchEvent): MatchTransition {
  switch (event.type) {
    case "recompute":
      if (state.status !== "committed") return illegal;
      if (!Number.isSafeInteger(event.cents) || event.cents < 0) return illegal;
      return { ok: true, to: "committed", cents: event.cents };
    case "project_succeeded":
      if (state.status !== "committed") return illegal;
      return { ok: true, to: "obligated", cents: state.cents };
    case "project_ended":
      if (state.status !== "committed" && state.status !== "obligated") return illegal;
      return { ok: true, to: "released", cents: state.cents };
    case "mark_paid":
      if (state.status !== "obligated") return illegal;
      if (state.cents <= 0) return { ok: false, error: "NothingToPay" };
      if (!event.reference.trim()) return { ok: false, error: "ReferenceRequired" };
      return { ok: true, to: "paid", cents: state.cents };
    default: {
      const never: never = event;
      throw new Error(`Unknown match event ${JSON.stringify(never)}`);
    }
  }
}

/** Does the match hold part of the pool's budget? Released ones gave it back. */
export function holdsBudget(status: MatchStatus): boolean {
  return status !== "released";
}
