import type { Ymd } from "./days";
import type { LoanSide, LoanState } from "./loan";

/** A loan row as the lending module uses it (dates as "YYYY-MM-DD"). */
export interface LoanRecord {
  id: string;
  itemId: string;
  ownerId: string;
  borrowerUserId: string | null;
  borrowerProjectId: string | null;
  projectContactId: string | null;
  borrowerSideId: string;
  initiatedBy: LoanSide;
  wantedPostId: string | null;
  state: LoanState;
  startsOn: Ymd;
  endsOn: Ymd;
  message: string;
  depositCents: number;
  feePerDayCents: number;
  maxLoanDays: number;
  expiresAt: Date;
  ownerHandoverAt: Date | null;
  borrowerHandoverAt: Date | null;
  handoverNote: string | null;
  pickedUpAt: Date | null;
  returnedAt: Date | null;
  returnNote: string | null;
  closedAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
}
