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
export type LendingNoticeKind =
  | LoanNoticeKind
  | "loan.pickup_reminder"
  | "loan.return_reminder"
  | "loan.overdue"
  | "wanted.match"
  | "loan.message"
  | "loan.deposit_held"
  | "loan.deposit_released";

export type LendingNotice = {
  [K in LendingNoticeKind]: { userId: string; kind: K; data: NotificationData<K>; dedupeKey?: string };
}[LendingNoticeKind];

export async function sendNotices(trx: Trx, notices: LendingNotice[]): Promise<number> {
  for (const notice of notices) await notify(trx, notice);
  return notices.length;
}

// ——— Loan notices: who hears what about a loan event (kinds and texts in app/notifications)

type LoanParties = Pick<LoanRecord, "id" | "itemId" | "ownerId" | "borrowerSideId">;

async function partyNames(trx: Trx, loan: LoanParties) {
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
    // Each side confirms the handover once: one notice per confirmation.
    const dedupeKey = event.endsWith("_extension")
      ? `${kind}:${loan.id}:${event}:${extra.askedEndsOn ?? loan.endsOn}:${(extra.at ?? loan.createdAt).toISOString()}`
      : event === "confirm_handover"
        ? `${kind}:${loan.id}:${event}:${actor}`
        : `${kind}:${loan.id}:${event}`;
    if (kind === "loan.claim_filed" || kind === "loan.claim_resolved") {
      return { userId, kind, data: { loanId: loan.id, itemTitle: names.itemTitle, amountCents: extra.amountCents ?? 0 }, dedupeKey };
    }
    if (kind === "loan.handover_confirmed") {
      const data = {
        loanId: loan.id,
        itemTitle: names.itemTitle,
        otherPartyName,
        startsOn: loan.startsOn,
        endsOn: loan.endsOn,
        complete: loan.state === "picked_up",
      };
      return { userId, kind, data, dedupeKey };
    }
    const endsOn = kind === "loan.extension_requested" && extra.askedEndsOn ? extra.askedEndsOn : loan.endsOn;
    return { userId, kind, data: { loanId: loan.id, itemTitle: names.itemTitle, otherPartyName, startsOn: loan.startsOn, endsOn }, dedupeKey };
  });
  return sendNotices(trx, notices);
}

/** A new message on a loan: to the other party (bell and e-mail per their settings), never its text. */
export async function noticeForMessage(trx: Trx, loan: LoanRecord, input: { messageId: number; authorId: string }) {
  const names = await partyNames(trx, loan);
  const toOwner = input.authorId !== loan.ownerId;
  return sendNotices(trx, [
    {
      userId: toOwner ? loan.ownerId : loan.borrowerSideId,
      kind: "loan.message",
      data: { loanId: loan.id, itemTitle: names.itemTitle, otherPartyName: toOwner ? names.borrowerName : names.ownerName },
      dedupeKey: `loan.message:${input.messageId}`,
    },
  ]);
}

/** A deposit held or released (the deposit writer, in its transaction): both parties hear it, each in their own words. */
export async function noticesForDeposit(trx: Trx, loan: LoanParties, kind: "loan.deposit_held" | "loan.deposit_released", amountCents: number, now: Date) {
  const names = await partyNames(trx, loan);
  const sides = [
    { userId: loan.ownerId, side: "owner" as const },
    { userId: loan.borrowerSideId, side: "borrower" as const },
  ];
  return sendNotices(
    trx,
    sides.map(({ userId, side }) => ({
      userId,
      kind,
      data: { loanId: loan.id, itemTitle: names.itemTitle, amountCents, side },
      dedupeKey: `${kind}:${loan.id}:${now.toISOString()}`,
    })),
  );
}
