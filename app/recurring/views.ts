import type { SubscriptionStatus } from "./subscription";

/** A monthly gift as its giver sees it in "Mijn steun". */
export interface MyGiftView {
  id: string;
  /** Given to a project, or to an organisation's neighbourhood fund (decision 080). */
  targetKind: "project" | "fund";
  /** The project's title, or the organisation's name for its fund. */
  targetTitle: string;
  /** The project's page, or the fund's. */
  targetPath: string;
  amountCents: number;
  status: SubscriptionStatus;
  /** When the next month is charged (null: paused, cancelled, or being charged now). */
  nextChargeAt: Date | null;
  paidMonths: number;
  paidCents: number;
  /** A failed month waits for a new card (the fix flow). */
  fixable: boolean;
  createdAt: Date;
}

export interface GiftPaymentView {
  period: string;
  amountCents: number;
  status: "processing" | "paid" | "failed";
  attempts: number;
  paidAt: Date | null;
}

/** What a neighbourhood fund's page shows of its monthly givers (totals only: no names). */
export type FundMonthlyView = ProjectMonthlyView;

/** What an ongoing project's page and dashboard show: givers charged monthly and their monthly total. */
export interface ProjectMonthlyView {
  givers: number;
  monthlyCents: number;
  /** Every paid month of every gift: what the project received from monthly gifts. */
  receivedCents: number;
}
