import type { StoredImage } from "../storage/images";
import type { BudgetLine, FundingModel, ProjectCategory, ProjectStatus } from "./project";

/** What pages and components show of projects (built in projects.server.ts; safe for the browser bundle). */
export interface ProjectPerson {
  id: string;
  handle: string;
  displayName: string;
}

export interface ProjectSummary {
  id: string;
  slug: string;
  title: string;
  summary: string;
  category: ProjectCategory;
  status: ProjectStatus;
  fundingModel: FundingModel;
  goalCents: number;
  pledgedCents: number;
  /** Committed by matching pools (docs/decisions/056); counts toward the goal. */
  matchedCents: number;
  collectedCents: number;
  backerCount: number;
  durationDays: number;
  launchedAt: Date | null;
  endsAt: Date | null;
  neighbourhood: { id: string; name: string; city: string };
  initiator: ProjectPerson;
  /** An organisation's own project, shown with its name (the initiator acts for it). */
  organisation: { slug: string; name: string } | null;
  cover: StoredImage | null;
  createdAt: Date;
  /** Why a moderator hid it (null: not hidden); only its initiator and moderators see such a page. */
  hiddenReason: string | null;
  initiatorSuspended: boolean;
}

export interface RewardTier {
  id: string;
  title: string;
  description: string;
  minCents: number;
  quantity: number | null;
  claimed: number;
  remaining: number | null;
  pickupNote: string;
}

export interface ProjectDetail extends ProjectSummary {
  story: string;
  budgetLines: BudgetLine[];
  tiers: RewardTier[];
  cancelReason: string | null;
  settledAt: Date | null;
  /** When the initiator marked it delivered (its backers may review them from then on). */
  deliveredAt: Date | null;
}

export interface ProjectHistoryEntry {
  event: string;
  from: string | null;
  to: string;
  note: string | null;
  at: Date;
  actor: { displayName: string; role: string } | null;
  /** A team event (`team_*`, decision 071): whom it was about, and their role. */
  member: { displayName: string; role: "co_initiator" | "helper" } | null;
}

/** Someone on a project's team as the project page shows them (decision 071). */
export interface TeamPersonView {
  userId: string;
  handle: string;
  displayName: string;
  role: "initiator" | "co_initiator" | "helper";
}

/** An invitation or a member in the dashboard's team section. */
export interface TeamMemberView {
  userId: string;
  handle: string;
  displayName: string;
  role: "co_initiator" | "helper";
  status: "invited" | "active";
  invitedAt: Date;
  acceptedAt: Date | null;
}

export interface LendableProject {
  id: string;
  slug: string;
  title: string;
  initiatorId: string;
  neighbourhoodName: string;
  endsAt: Date | null;
}

export interface ProjectUpdate {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  /** Corrected by the initiator since it was posted (issue 13 §15). */
  editedAt: Date | null;
  author: { handle: string; displayName: string };
}

export interface ProjectComment {
  id: string;
  body: string;
  hidden: boolean;
  /** A moderator's reason (shown to the author, the initiator and moderators). */
  hiddenReason: string | null;
  mine: boolean;
  createdAt: Date;
  author: { handle: string; displayName: string; isInitiator: boolean };
}
