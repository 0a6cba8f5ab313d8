import type { Trx } from "../utils/db.server";
import type { LoanNoticeKind } from "./loan";

/**
 * Notifications the lending feature sends, in the notifications module's contract
 * (HELPER_GUIDE, "notify() contract"). They are written inside the caller's transaction, so a
 * notice exists exactly when the change it announces was committed.
 */
export type LendingNoticeKind = LoanNoticeKind | "loan.pickup_reminder" | "loan.return_reminder" | "loan.overdue" | "wanted.match";

export interface LendingNotice {
  userId: string;
  kind: LendingNoticeKind;
  data: Record<string, string | number>;
  dedupeKey?: string;
}

/**
 * Hands notices to the notifications module. Until feat/notifications is on main this only
 * returns how many there were (the integration replaces the body with `notify(trx, notice)`).
 */
export async function sendNotices(_trx: Trx, notices: LendingNotice[]): Promise<number> {
  return notices.length;
}
