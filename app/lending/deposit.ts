import { daysBetween, type Ymd } from "./days";

/**
 * How a deposit is secured (docs/decisions/043-loan-deposits.md). Card holds (manual capture)
 * expire after 5–7 days and iDEAL/SEPA cannot be held at all, so:
 *  - "hold": the return day is at most 5 days after the hold (placed at pickup) — the deposit is
 *    held on the borrower's card and released or (partly) captured;
 *  - "saved_method": longer loans — the borrower's saved payment method is charged only if a
 *    claim is upheld.
 */
export type DepositPath = "hold" | "saved_method";
export const HOLD_MAX_DAYS = 5;

export function depositPath(holdDay: Ymd, returnDay: Ymd): DepositPath {
  return daysBetween(holdDay, returnDay) <= HOLD_MAX_DAYS ? "hold" : "saved_method";
}
