import type { MatchChargeState } from "./match-charge";
/** What pages show of organisations and matching (built in the .server files; safe for the browser bundle). */
import type { MatchStatus } from "./match";
import type { OrganisationKind, OrganisationRole, OrganisationStatus } from "./organisation";
import type { MatchReason } from "./rules";

export interface OrganisationView {
  id: string;
  slug: string;
  name: string;
  kind: OrganisationKind;
  description: string;
  website: string;
  status: OrganisationStatus;
}

export interface PoolView {
  id: string;
  name: string;
  description: string;
  organisation: { slug: string; name: string };
  budgetCents: number;
  committedCents: number;
  paidCents: number;
  ratioBps: number;
  capPerProjectCents: number;
  /** Empty: every neighbourhood. */
  neighbourhoods: { id: string; name: string }[];
  /** Empty: every category. */
  categories: string[];
  minBackers: number;
  thresholdBps: number | null;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
}

/** One project on a pool's public page: what it gets and why, in words from `reason`. */
export interface PoolProjectLine {
  slug: string;
  title: string;
  neighbourhoodName: string;
  projectStatus: string;
  cents: number;
  matchStatus: MatchStatus | null;
  reason: MatchReason;
  thresholdCents?: number;
  backersNeeded?: number;
}

/** "+ € 340 van Wijkfonds Oost" on the project page. */
export interface ProjectMatchLine {
  poolId: string;
  poolName: string;
  organisationName: string;
  organisationSlug: string;
  cents: number;
  status: MatchStatus;
}

export interface DashboardMatch {
  projectId: string;
  projectSlug: string;
  projectTitle: string;
  projectStatus: string;
  status: MatchStatus;
  cents: number;
  paidAt: Date | null;
  paidReference: string | null;
  /** The charge on the organisation's saved method (match-charge.ts), null when paid by transfer. */
  chargeState: MatchChargeState | null;
  chargeFailure: string | null;
}

export interface OrganisationDashboard {
  organisation: OrganisationView;
  role: OrganisationRole;
  pools: (PoolView & { matches: DashboardMatch[] })[];
  totals: { budgetCents: number; committedCents: number; owedCents: number; paidCents: number };
  members: { handle: string; displayName: string; role: OrganisationRole }[];
}

/** A neighbourhood fund's page (decision 080). `fund` is null for its admins before it is opened. */
export interface FundPageView {
  organisation: OrganisationView;
  canEdit: boolean;
  isMember: boolean;
  fund: {
    story: string;
    openedAt: Date;
    /** In the fund's account now. */
    cashCents: number;
    /** Every paid month together, less its fees (decision 079): the cash plus what it paid to projects. */
    receivedCents: number;
    /** Held back by its pools (their budgets while they run, their unpaid promises after). */
    reservedCents: number;
    unallocatedCents: number;
    /** Paid to projects as matches. */
    paidOutCents: number;
    pools: { id: string; name: string; budgetCents: number; committedCents: number; paidCents: number; endsAt: Date; open: boolean }[];
    paidMatches: { projectSlug: string; projectTitle: string; cents: number; paidAt: Date | null; poolName: string }[];
  } | null;
}
