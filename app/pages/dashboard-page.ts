import type { PayoutAccountView, PayoutBlocker, PayoutStatement } from "../payouts/payout";
import type { DashboardBacker, TierTotal } from "../pledges/views";
import type { ProjectPermission } from "../projects/team";
import type { QuestionView } from "../questions/views";
import type { ProjectDetail, ProjectHistoryEntry, TeamMemberView } from "../projects/views";

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
  /** `monthly`: an ongoing project, paid out once a month while it runs (decision 079). */
  payout: { account: PayoutAccountView; statement: PayoutStatement; blocker: PayoutBlocker; monthly?: boolean } | null;
  /** Questions waiting for the team's answer, oldest first (issue 15). */
  openQuestions: QuestionView[];
  /** What the viewer may do here (the initiator everything; a co-initiator no team, lifecycle or payout: decision 071). */
  can: Record<ProjectPermission, boolean>;
  /** The team section: pending invitations and members, and whom the payout goes to (the initiator's one verified account). */
  team: { members: TeamMemberView[]; payoutTo: string };
}
