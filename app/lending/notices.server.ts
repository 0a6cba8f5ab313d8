import type { NotificationData } from "../notifications/kinds";
import { notify } from "../notifications/notify.server";
import type { Trx } from "../utils/db.server";
import type { LoanNoticeKind } from "./loan";

/**
 * Notifications the lending feature sends, through the notifications module
 * (docs/decisions/010-notifications-outbox.md). They are written inside the caller's transaction,
 * so a notice exists exactly when the change it announces was committed; a dedupe key makes a
 * rerun (a sweep, a retried request) a no-op.
 */
export type LendingNoticeKind = LoanNoticeKind | "loan.pickup_reminder" | "loan.return_reminder" | "loan.overdue" | "wanted.match";

export type LendingNotice = {
  [K in LendingNoticeKind]: { userId: string; kind: K; data: NotificationData<K>; dedupeKey?: string };
}[LendingNoticeKind];

export async function sendNotices(trx: Trx, notices: LendingNotice[]): Promise<number> {
  for (const notice of notices) await notify(trx, notice);
  return notices.length;
}
