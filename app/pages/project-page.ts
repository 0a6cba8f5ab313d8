import type { ProjectItemLoan } from "../lending/views";
import type { ProjectMatchLine } from "../matching/views";
import type { NeedsSummary } from "../needs/shift";
import type { OfferNeedView, ShiftView } from "../needs/views";
import type { PledgeStatus } from "../pledges/pledge";
import type { PublicBacker } from "../pledges/views";
import type { ProjectComment, ProjectDetail, ProjectUpdate, TeamPersonView } from "../projects/views";
import type { QuestionsSection } from "../questions/views";

/** What the project page shows (assembled in project-page.server.ts; safe for the browser bundle). */
export interface ProjectPage {
  project: ProjectDetail & { storyHtml: string };
  updates: (ProjectUpdate & { html: string })[];
  comments: ProjectComment[];
  backers: PublicBacker[];
  lentItems: ProjectItemLoan[];
  dropped: { count: number; cents: number } | null;
  /** What matching pools add ("+ € 340 van Wijkfonds Oost"), oldest pool first (docs/matching.md). */
  matches: ProjectMatchLine[];
  /** The viewer's own listed items, to offer to this live project. */
  myLendableItems: { id: string; title: string }[];
  /** The viewer's standing pledge to this project. */
  standing: { id: string; amountCents: number; status: PledgeStatus; changeable: boolean } | null;
  viewer: {
    id: string;
    isInitiator: boolean;
    isModerator: boolean;
    canComment: boolean;
    /** Their invitation or place on the team (decision 071). */
    team: { status: "invited" | "active"; role: "co_initiator" | "helper" } | null;
  } | null;
  /** Who backers can talk to: the initiator, then the active co-initiators and helpers. */
  team: TeamPersonView[];
  /** Others can open the page (not a draft or in review): share buttons and the embed are offered. */
  shareable: boolean;
  now: Date;
  og: { title: string; description: string; url: string; image: string | null };
  /** The Atom feed of its updates (absolute), when anyone may open the page; null otherwise. */
  feedUrl: string | null;
  /** The head of the project's public ledger chain (docs/decisions/051): what a careful backer saves. */
  ledger: { seq: number; hash: string };
  /** Volunteer shifts (open ones, soonest first) with the viewer's own sign-up, and their totals. */
  shifts: ShiftView[];
  /** Skills and things it asks for, with the viewer's own offer. */
  wanted: OfferNeedView[];
  needs: NeedsSummary;
  /** Questions to the team (issue 15): those the viewer may see, and whether they may ask or answer. */
  questions: QuestionsSection;
}
