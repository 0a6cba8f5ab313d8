import type { Reportable, UserSuspensionEffect } from "../services.server";
import { isUuid } from "../utils/ids";
import { applyLoanEventTx } from "./loan-writer.server";

/**
 * What of lending can be reported, and how a moderator hides it (the registry:
 * app/wiring.server.ts; docs/decisions/060). Hidden content stays stored; its author sees why.
 */
const hiddenOf = (r: { hidden_at: Date | null; hidden_reason: string | null }) => (r.hidden_at ? { at: r.hidden_at, reason: r.hidden_reason } : null);
const hiddenColumns = (hidden: { at: Date; reason: string } | null) =>
  hidden ? { hidden_at: hidden.at, hidden_reason: hidden.reason } : { hidden_at: null, hidden_reason: null };

export const itemReportable: Reportable = {
  hideable: true,
  async load(db, id) {
    if (!isUuid(id)) return null;
    const r = await db.selectFrom("items").select(["owner_id", "title", "description", "hidden_at", "hidden_reason"]).where("id", "=", id).executeTakeFirst();
    if (!r) return null;
    return { authorId: r.owner_id, title: r.title, excerpt: r.description, path: `/items/${id}`, visibleTo: null, hidden: hiddenOf(r) };
  },
  async setHidden(trx, id, hidden) {
    if (!isUuid(id)) return false;
    const res = await trx.updateTable("items").set(hiddenColumns(hidden)).where("id", "=", id).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};

/** A loan message: only the loan's two parties see it, so only they may report it. */
export const loanMessageReportable: Reportable = {
  hideable: true,
  async load(db, id) {
    if (!/^\d{1,15}$/.test(id)) return null;
    const r = await db
      .selectFrom("loan_messages as m")
      .innerJoin("loans as l", "l.id", "m.loan_id")
      .innerJoin("items as i", "i.id", "l.item_id")
      .select(["m.author_id", "m.body", "m.hidden_at", "m.hidden_reason", "m.loan_id", "l.owner_id", "l.borrower_side_id", "i.title"])
      .where("m.id", "=", Number(id))
      .executeTakeFirst();
    if (!r) return null;
    return {
      authorId: r.author_id,
      title: r.title,
      excerpt: r.body,
      path: `/loans/${r.loan_id}#message-${id}`,
      visibleTo: [r.owner_id, r.borrower_side_id],
      hidden: hiddenOf(r),
    };
  },
  async setHidden(trx, id, hidden) {
    if (!/^\d{1,15}$/.test(id)) return false;
    const res = await trx.updateTable("loan_messages").set(hiddenColumns(hidden)).where("id", "=", Number(id)).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};

export const wantedReportable: Reportable = {
  hideable: true,
  async load(db, id) {
    if (!isUuid(id)) return null;
    const r = await db
      .selectFrom("wanted_posts")
      .select(["author_id", "title", "description", "hidden_at", "hidden_reason"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!r) return null;
    return { authorId: r.author_id, title: r.title, excerpt: r.description, path: `/wanted?all=1#wanted-${id}`, visibleTo: null, hidden: hiddenOf(r) };
  },
  async setHidden(trx, id, hidden) {
    if (!isUuid(id)) return false;
    const res = await trx.updateTable("wanted_posts").set(hiddenColumns(hidden)).where("id", "=", id).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};

export const lendingReportables = { item: itemReportable, loan_message: loanMessageReportable, wanted: wantedReportable };

/**
 * A suspended member's pending requests are declined with a message: the ones they made, and the
 * ones waiting for them as owner (their items are hidden meanwhile). Accepted loans stand: the
 * item may be in someone's shed; moderators handle those through claims.
 */
export const declineRequestsOfSuspended: UserSuspensionEffect = async (trx, change) => {
  const open = await trx
    .selectFrom("loans")
    .select("id")
    .where("state", "=", "requested")
    .where((eb) => eb.or([eb("owner_id", "=", change.userId), eb("borrower_side_id", "=", change.userId)]))
    .orderBy("created_at")
    .execute();
  for (const loan of open) {
    await applyLoanEventTx(trx, loan.id, { kind: "system" }, { type: "decline" }, { now: change.now, note: "lending.note.accountSuspended" });
  }
};
