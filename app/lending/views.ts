import type { Ymd } from "./days";
import type { ItemCategory, ItemCondition } from "./item";
import type { LoanActor, LoanSide, LoanState } from "./loan";

/** What pages and components show of items and loans (built in *.server.ts; safe for the browser bundle). */
/** An item in a list: no address, no owner id. */
export interface ItemCard {
  id: string;
  title: string;
  category: ItemCategory;
  condition: ItemCondition;
  depositCents: number;
  feePerDayCents: number;
  maxLoanDays: number;
  neighbourhood: { id: string; name: string; city: string };
  postcode4: string | null;
  distanceKm: number | null;
  photo: { cardUrl: string } | null;
  ownerName: string;
}

export interface LoanSummary {
  id: string;
  state: LoanState;
  item: { id: string; title: string; photo: string | null };
  otherPartyName: string;
  forProject: boolean;
  initiatedBy: LoanSide;
  startsOn: Ymd;
  endsOn: Ymd;
  expiresAt: Date;
  /** Whose move it is: the viewer must answer this request. */
  awaitingViewer: boolean;
}

export interface TimelineEntry {
  id: number;
  kind: string;
  fromState: string | null;
  toState: string;
  actorRole: LoanActor;
  actorName: string | null;
  note: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

export interface ProjectItemLoan {
  loanId: string;
  state: LoanState;
  item: { id: string; title: string; photo: string | null };
  ownerName: string;
  startsOn: Ymd;
  endsOn: Ymd;
}
