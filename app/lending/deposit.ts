import { daysBetween, type Ymd } from "./days";
import { isFinal, type LoanState } from "./loan";

/**
 * Loan deposits (docs/decisions/043-loan-deposits.md). Card holds (manual capture) expire after
 * 5–7 days and iDEAL/SEPA cannot be held at all, so:
 *  - "hold": the return day is at most 5 days after the hold (placed at pickup) — the deposit is
 *    held on the borrower's card, then released, or captured in part or in full for a claim;
 *  - "saved_method": longer loans — the borrower's saved card or SEPA mandate is charged only if a
 *    claim is upheld.
 */
export type DepositPath = "hold" | "saved_method";
export const HOLD_MAX_DAYS = 5;

export function depositPath(holdDay: Ymd, returnDay: Ymd): DepositPath {
  return daysBetween(holdDay, returnDay) <= HOLD_MAX_DAYS ? "hold" : "saved_method";
}

export const depositStates = ["awaiting_method", "method_saved", "held", "released", "captured", "charged", "charge_failed", "cancelled"] as const;
export type DepositState = (typeof depositStates)[number];

/**
 * awaiting_method ─method_saved→ method_saved ─hold_placed→ held ─released→ released
 *        ↑ hold_failed ┘     │ ─released→ released                 ├captured→ captured
 *        └ cancelled         │ ─charged→ charged / charge_failed   └hold_expired→ method_saved
 * (cancelled also from method_saved; released also from method_saved when nothing is owed)
 */
export type DepositEvent =
  "method_saved" | "hold_placed" | "hold_failed" | "hold_expired" | "released" | "captured" | "charged" | "charge_failed" | "cancelled";
export const depositEvents = [
  "method_saved",
  "hold_placed",
  "hold_failed",
  "hold_expired",
  "released",
  "captured",
  "charged",
  "charge_failed",
  "cancelled",
] as const satisfies readonly DepositEvent[];

export function depositTransition(state: DepositState, event: DepositEvent): { ok: true; to: DepositState } | { ok: false; error: "IllegalTransition" } {
  const to = ((): DepositState | null => {
    switch (event) {
      case "method_saved":
        return state === "awaiting_method" ? "method_saved" : null;
      case "hold_placed":
        return state === "method_saved" ? "held" : null;
      case "hold_failed":
        // The card could not be held: the borrower chooses another one.
        return state === "method_saved" ? "awaiting_method" : null;
      case "hold_expired":
        // The hold lapsed before settlement; the saved card remains for a charge if needed.
        return state === "held" ? "method_saved" : null;
      case "released":
        return state === "held" || state === "method_saved" ? "released" : null;
      case "captured":
        return state === "held" ? "captured" : null;
      case "charged":
        return state === "method_saved" ? "charged" : null;
      case "charge_failed":
        return state === "method_saved" ? "charge_failed" : null;
      case "cancelled":
        return state === "awaiting_method" || state === "method_saved" ? "cancelled" : null;
      default: {
        const unreachable: never = event;
        throw new Error(`Unknown deposit event ${String(unreachable)}`);
      }
    }
  })();
  return to ? { ok: true, to } : { ok: false, error: "IllegalTransition" };
}

/** Whether the deposit allows the handover to complete. */
export function depositSecured(deposit: { path: DepositPath; state: DepositState } | null, depositCents: number): boolean {
  if (depositCents === 0) return true;
  if (!deposit) return false;
  return deposit.path === "hold" ? deposit.state === "held" : deposit.state === "method_saved";
}

/** A deposit is settled (released, captured, charged or dropped) when its loan reaches a final state. */
export function loanStateSettlesDeposit(state: LoanState): boolean {
  return isFinal(state);
}

export type Settlement =
  { action: "none" } | { action: "cancel" } | { action: "release" } | { action: "capture"; amountCents: number } | { action: "charge"; amountCents: number };

/**
 * What to do with a deposit once its loan is over (pure; deposits.server.ts carries it out):
 * release it after a clean return or a claim of € 0, capture/charge the decided amount for an
 * accepted or upheld claim, drop it when the loan never started.
 */
export function settlementFor(
  loan: { state: LoanState; decidedClaimCents: number | null },
  deposit: { state: DepositState; heldCents: number | null },
): Settlement {
  const open = deposit.state === "awaiting_method" || deposit.state === "method_saved" || deposit.state === "held";
  if (!open) return { action: "none" };
  switch (loan.state) {
    case "declined":
    case "expired":
    case "cancelled":
      return deposit.state === "held" ? { action: "release" } : { action: "cancel" };
    case "closed":
      return deposit.state === "awaiting_method" ? { action: "cancel" } : { action: "release" };
    case "resolved": {
      const amount = loan.decidedClaimCents ?? 0;
      if (deposit.state === "awaiting_method") return { action: "cancel" };
      if (amount <= 0) return { action: "release" };
      if (deposit.state === "held") return { action: "capture", amountCents: Math.min(amount, deposit.heldCents ?? amount) };
      return { action: "charge", amountCents: amount };
    }
    default:
      return { action: "none" };
  }
}
