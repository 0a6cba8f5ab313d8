/**
 * A member's lending track record, computed from the lending ledger (loan_events) — earned, not
 * claimed: only what actually happened between real counterparties counts.
 */
export interface TrackRecordCounts {
  /** Loans where this member was the owner and the item was handed over. */
  lent: number;
  /** Loans where this member borrowed and the item was handed over. */
  borrowed: number;
  /** Of those borrowed: returned, and how many of them without ever being overdue. */
  returned: number;
  returnedOnTime: number;
  /** Claims against this member that were accepted or upheld with an amount above zero. */
  claimsUpheld: number;
}

export interface TrackRecord extends TrackRecordCounts {
  /** Whole percentage of returns on time; null without any return yet. */
  onTimePercent: number | null;
}

export function summarizeTrackRecord(counts: TrackRecordCounts): TrackRecord {
  return {
    ...counts,
    onTimePercent: counts.returned === 0 ? null : Math.floor((counts.returnedOnTime * 100) / counts.returned),
  };
}
