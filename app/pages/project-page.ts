import type { ProjectItemLoan } from "../lending/views";
import type { ProjectMatchLine } from "../matching/views";
import type { NeedsSummary } from "../needs/shift";
import type { OfferNeedView, ShiftView } from "../needs/views";
import type { PledgeStatus } from "../pledges/pledge";
import type { PublicBacker } from "../pledges/views";
import type { ProjectComment, ProjectDetail, ProjectUpdate } from "../projects/views";

/** What the project page shows (assembled in project-page.server.ts; safe for the browser bundle). */
export interface ProjectPage {
  project: ProjectDetail & { storyHtml: string };
  updates: (ProjectUpdate & { html: string })[];
  comments: ProjectComment[];
  backers: PublicBacker[];
  lentItems: ProjectItemLoan[];
  /** What matching pools add ("+ € 340 van Wijkfonds Oost"), oldest pool first (docs/matching.md). */
  matches: ProjectMatchLine[];
  /** The viewer's own listed items, to offer to this live project. */
  myLendableItems: { id: string; title: string }[];
  /** The viewer's standing pledge to this project. */
  standing: { id: string; amountCents: number; status: PledgeStatus; changeable: boolean } | null;
  viewer: { id: string; isInitiator: boolean; isModerator: boolean; canComment: boolean } | null;
  /** Others can open the page (not a draft or in review): share buttons and the embed are offered. */
  shareable: boolean;
  now: Date;
  og: { title: string; description: string; url: string; image: string | null };
  /** The head of the project's public ledger chain (docs/decisions/051): what a careful backer saves. */
  ledger: { seq: number; hash: string };
  /** Volunteer shifts (open ones, soonest first) with the viewer's own sign-up, and their totals. */
  shifts: ShiftView[];
  /** Skills and things it asks for, with the viewer's own offer. */
  wanted: OfferNeedView[];
  needs: NeedsSummary;
}
