import type { SignupStatus } from "../../db/schema";

/** What pages show of a project's needs (safe for the browser bundle). */
export interface ShiftView {
  id: string;
  title: string;
  description: string;
  place: string;
  skills: string;
  startsAt: Date;
  endsAt: Date;
  needed: number;
  filled: number;
  status: "open" | "cancelled";
  /** Sign-up and withdrawal still possible (until 24 h before). */
  open: boolean;
  /** The viewer's own sign-up, if any. */
  mine: SignupStatus | null;
}

export interface ShiftVolunteer {
  signupId: string;
  userId: string;
  name: string;
  handle: string | null;
  status: SignupStatus;
  note: string;
  /** An offer made by lending a library item: answered on that loan. */
  loanId: string | null;
}

/** A skill or a thing the project asks for, with the viewer's own offer. */
export interface OfferNeedView {
  id: string;
  kind: "skill" | "item";
  title: string;
  description: string;
  effort: string;
  /** "YYYY-MM-DD" a thing is needed by, if said. */
  neededOn: string | null;
  needed: number;
  filled: number;
  mine: SignupStatus | null;
  /** The viewer's offer came with a loan from the lending library: answered on that loan. */
  myLoanId: string | null;
}
