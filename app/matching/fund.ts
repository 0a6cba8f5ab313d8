/**
 * A neighbourhood fund's reservations (docs/decisions/080-neighbourhood-funds.md). No database here.
 *
 * The fund's cash (ledger account `organisation_fund:<organisationId>`) is what monthly gifts brought
 * in minus the matches it paid. A pool funded from the fund reserves part of it:
 *   - while its period runs: its whole budget not yet paid (budget − paid): it may still promise that much;
 *   - once its period is over: only what it promised and has not paid yet (committed − paid): the rest
 *     of its budget is free again. (A match is frozen once the period is over: rules.ts, "period_over".)
 * Unallocated = cash − every pool's reservation. A new pool may reserve at most the unallocated money.
 * Reservations only shrink over time and a paid match lowers cash and reservation alike, so a fund that
 * was never over-reserved when a pool was created stays so (what ledger:verify checks).
 */

export interface FundPool {
  budgetCents: number;
  committedCents: number;
  paidCents: number;
  endsAt: Date;
}

/** What one pool holds back of the fund at `at`. */
export function poolReservation(pool: FundPool, at: Date): number {
  const open = at.getTime() < pool.endsAt.getTime();
  return Math.max(0, (open ? pool.budgetCents : pool.committedCents) - pool.paidCents);
}

export function reservedCents(pools: readonly FundPool[], at: Date): number {
  return pools.reduce((sum, p) => sum + poolReservation(p, at), 0);
}

/** The fund's cash no pool holds back (never below zero). */
export function unallocatedCents(cashCents: number, pools: readonly FundPool[], at: Date): number {
  return Math.max(0, cashCents - reservedCents(pools, at));
}

export type ReservationRefusal = "FundTooSmall";

/** May a new pool with this budget be funded from the fund now? */
export function checkReservation(input: {
  cashCents: number;
  pools: readonly FundPool[];
  budgetCents: number;
  at: Date;
}): { ok: true; unallocatedCents: number } | { ok: false; error: ReservationRefusal; unallocatedCents: number } {
  const free = unallocatedCents(input.cashCents, input.pools, input.at);
  if (!Number.isSafeInteger(input.budgetCents) || input.budgetCents <= 0 || input.budgetCents > free)
    return { ok: false, error: "FundTooSmall", unallocatedCents: free };
  return { ok: true, unallocatedCents: free - input.budgetCents };
}
