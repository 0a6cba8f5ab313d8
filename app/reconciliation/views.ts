import type { ReconciliationItem } from "./reconciliation";

/** A stored reconciliation run as the admin page shows it (app/routes/admin.reconciliation.tsx). */
export interface ReconciliationRunView {
  id: number;
  trigger: "schedule" | "manual";
  gateway: "simulated" | "stripe";
  status: "running" | "clean" | "differences" | "failed";
  windowSince: string;
  windowUntil: string;
  startedAt: string;
  finishedAt: string | null;
  graceMs: number;
  counts: { payments: number; refunds: number; matched: number; healed: number; pending: number; differences: number; newDifferences: number };
  notified: number;
  error: string | null;
  items: ReconciliationItem[];
  /** Differences (and pending items) of the previous run that this one no longer has. */
  resolved: ReconciliationItem[];
}
