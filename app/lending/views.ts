import type { ImageSet } from "../storage/images";
import type { Ymd } from "./days";
import type { ItemCategory, ItemCondition } from "./item";
import type { LoanActor, LoanEventType, LoanSide, LoanState } from "./loan";
import type { LoanRecord } from "./loan-record";

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
  /** The 4:3 card set of its first photo. */
  photo: ImageSet | null;
  ownerName: string;
}

export interface LoanSummary {
  id: string;
  state: LoanState;
  item: { id: string; title: string; photo: ImageSet | null };
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
  item: { id: string; title: string; photo: ImageSet | null };
  ownerName: string;
  startsOn: Ymd;
  endsOn: Ymd;
}

export interface LoanMessage {
  id: number;
  authorName: string;
  mine: boolean;
  body: string;
  sentAt: Date;
  /** Hidden by a moderator: no body; the author sees the reason. */
  hidden: boolean;
  hiddenReason: string | null;
}

export interface LoanPage {
  loan: Omit<LoanRecord, "ownerId" | "borrowerUserId" | "projectContactId" | "borrowerSideId" | "itemId" | "wantedPostId"> & {
    days: number;
    feeTotalCents: number;
  };
  viewer: LoanActor;
  item: { id: string; title: string; photo: ImageSet | null };
  owner: { displayName: string; handle: string };
  borrower: { displayName: string; handle: string };
  projectId: string | null;
  /** Only for the two parties while the item is (about to be) out. */
  pickupAddress: string | null;
  timeline: TimelineEntry[];
  messages: LoanMessage[];
  extension: { newEndsOn: Ymd; note: string | null } | null;
  claim: {
    amountCents: number;
    description: string;
    state: string;
    disputeNote: string | null;
    decidedAmountCents: number | null;
    decisionNote: string | null;
  } | null;
  photos: { kind: "handover" | "claim"; card: ImageSet; largeUrl: string }[];
  actions: LoanEventType[];
  /** The deposit as this viewer may see it (the authentication link only for the borrower). */
  deposit: {
    path: "hold" | "saved_method";
    state: string;
    amountCents: number;
    methodLabel: string | null;
    heldCents: number | null;
    holdExpiresAt: Date | null;
    collectedCents: number | null;
    actionUrl: string | null;
    lastFailure: string | null;
  } | null;
  /** The latest day an extension may run to (the item's maximum loan length). */
  maxEndsOn: Ymd;
  today: Ymd;
}
