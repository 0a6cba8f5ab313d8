import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "./foundation";

/** Reconciliation runs (docs/decisions/027): the gateway's own record compared with the ledger. */
export type ReconciliationRunStatus = "running" | "clean" | "differences" | "failed";

export interface ReconciliationRunsTable {
  id: Generated<number>;
  trigger: "schedule" | "manual";
  /** The hour a scheduled run is for (unique); null for runs started by hand. */
  slot: Timestamp | null;
  gateway: "simulated" | "stripe";
  window_since: Timestamp;
  window_until: Timestamp;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: ReconciliationRunStatus;
  payments: Generated<number>;
  refunds: Generated<number>;
  matched: Generated<number>;
  healed: Generated<number>;
  pending: Generated<number>;
  differences: Generated<number>;
  new_differences: Generated<number>;
  /** `{ items, resolved }` (app/reconciliation/reconciliation.ts), written when the run finishes. */
  report: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  notified: Generated<number>;
}

export interface ReconciliationTables {
  reconciliation_runs: ReconciliationRunsTable;
}
