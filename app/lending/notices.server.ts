import type { NotificationData } from "../notifications/kinds";
import { notify } from "../notifications/notify.server";
import type { Trx } from "../utils/db.server";
import type { Ymd } from "./days";
import { type LoanActor, type LoanEvent, type LoanNoticeKind, noticesFor } from "./loan";
import type { LoanRecord } from "./loan-record";

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

// ——— Loan notices: who hears what about a loan event (kinds and texts in app/notifications)

async function partyNames(trx: Trx, loan: LoanRecord) {
  const rows = await trx.selectFrom("users").select(["id", "display_name"]).where("id", "in", [loan.ownerId, loan.borrowerSideId]).execute();
  const item = await trx.selectFrom("items").select("title").where("id", "=", loan.itemId).executeTakeFirstOrThrow();
  const name = (id: string) => rows.find((r) => r.id === id)?.display_name ?? "";
  return { itemTitle: item.title, ownerName: name(loan.ownerId), borrowerName: name(loan.borrowerSideId) };
}

export async function noticesForEvent(
  trx: Trx,
  loan: LoanRecord,
  event: LoanEvent["type"] | "created",
  actor: LoanActor,
  extra: { amountCents?: number; askedEndsOn?: Ymd; at?: Date } = {},
) {
  const wanted = noticesFor(loan, event, actor);
  if (wanted.length === 0) return 0;
  const names = await partyNames(trx, loan);
  const notices: LendingNotice[] = wanted.map(({ to, kind }): LendingNotice => {
    const userId = to === "owner" ? loan.ownerId : loan.borrowerSideId;
    const otherPartyName = to === "owner" ? names.borrowerName : names.ownerName;
    // A decline or cancellation may happen more than once per loan and kind only in theory; the key
    // includes the event so a rerun of the same step never notifies twice.
    // Extensions can be asked and answered more than once per loan: their keys carry the moment.
    const dedupeKey = event.endsWith("_extension")
      ? `${kind}:${loan.id}:${event}:${extra.askedEndsOn ?? loan.endsOn}:${(extra.at ?? loan.createdAt).toISOString()}`
      : `${kind}:${loan.id}:${event}`;
    if (kind === "loan.claim_filed" || kind === "loan.claim_resolved") {
      return { userId, kind, data: { loanId: loan.id, itemTitle: names.itemTitle, amountCents: extra.amountCents ?? 0 }, dedupeKey };
    }
    const endsOn = kind === "loan.extension_requested" && extra.askedEndsOn ? extra.askedEndsOn : loan.endsOn;
    return { userId, kind, data: { loanId: loan.id, itemTitle: names.itemTitle, otherPartyName, startsOn: loan.startsOn, endsOn }, dedupeKey };
  });
  return sendNotices(trx, notices);
}
