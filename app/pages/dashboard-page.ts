import type { PayoutAccountView, PayoutBlocker, PayoutStatement } from "../payouts/payout";
import type { DashboardBacker, TierTotal } from "../pledges/views";
import type { ProjectDetail, ProjectHistoryEntry } from "../projects/views";

/** What the initiator's dashboard shows (assembled in dashboard-page.server.ts; safe for the browser bundle). */
export interface DashboardPage {
  project: ProjectDetail;
  /** The project's history, edits left out. */
  events: ProjectHistoryEntry[];
  backers: DashboardBacker[];
  tiers: TierTotal[];
  series: { at: Date; pledgedCents: number }[];
  now: Date;
  /** The funding plan's total (the goal must equal it to submit). */
  planTotalCents: number;
  /** Payout to the initiator (docs/decisions/053): their account, the statement, what it waits for. */
  payout: { account: PayoutAccountView; statement: PayoutStatement; blocker: PayoutBlocker } | null;
}
