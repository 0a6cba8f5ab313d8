import type { Db, Trx } from "../utils/db.server";
import { addDays, today } from "./days";
import { CLAIM_WINDOW_MS, type LoanEvent } from "./loan";
import { applyLoanEventTx } from "./loans.server";
import { type LendingNotice, sendNotices } from "./notices.server";
import { dateParam, ymd } from "./sql.server";
import { wantedTransition } from "./wanted";

/**
 * Background sweeps (docs/decisions/002-job-queue.md): each finds due work in our tables, locks it
 * with FOR UPDATE SKIP LOCKED (several workers never take the same row), and applies the same
 * transition the pages use. Running one twice has the effect of running it once: a loan that
 * already moved no longer matches, and reminders are keyed by (loan, kind, day).
 */
const BATCH = 100;

async function sweepLoans(db: Db, find: (trx: Trx) => Promise<{ id: string }[]>, event: LoanEvent, now: Date): Promise<number> {
  let done = 0;
  for (;;) {
    const moved = await db.transaction().execute(async (trx) => {
      const due = await find(trx);
      let n = 0;
      for (const row of due) {
        const result = await applyLoanEventTx(trx, row.id, { kind: "system" }, event, { now });
        if (result.ok) n++;
      }
      return { n, batch: due.length };
    });
    done += moved.n;
    if (moved.batch < BATCH || moved.n === 0) return done;
  }
}

/** Requests nobody answered within 48 hours (or whose days are over). */
export function expireDueRequests(db: Db, now: Date): Promise<number> {
  return sweepLoans(
    db,
    (trx) =>
      trx
        .selectFrom("loans")
        .select("id")
        .where("state", "=", "requested")
        .where("expires_at", "<=", now)
        .orderBy("expires_at")
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute(),
    { type: "expire" },
    now,
  );
}

/** Loans still out after their last day. */
export function markOverdueLoans(db: Db, now: Date): Promise<number> {
  return sweepLoans(
    db,
    (trx) =>
      trx
        .selectFrom("loans")
        .select("id")
        .where("state", "=", "picked_up")
        .where("ends_at", "<=", now)
        .orderBy("ends_at")
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute(),
    { type: "mark_overdue" },
    now,
  );
}

/** Returned loans whose 48-hour claim window has passed without a claim. */
export function closeClaimWindows(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - CLAIM_WINDOW_MS);
  return sweepLoans(
    db,
    (trx) =>
      trx
        .selectFrom("loans")
        .select("id")
        .where("state", "=", "returned")
        .where("returned_at", "<=", cutoff)
        .orderBy("returned_at")
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute(),
    { type: "close" },
    now,
  );
}

/**
 * Reminders: the day before pickup (both sides), the day before the return (the borrower), and
 * every day while overdue (the borrower; the owner on the first day). A `loan_reminders` row per
 * (loan, kind, day) is written in the same transaction as the notice, so each is sent once.
 */
export async function sendLoanReminders(db: Db, now: Date): Promise<number> {
  const day = today(now);
  const tomorrow = addDays(day, 1);
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("loans as l")
      .innerJoin("items as i", "i.id", "l.item_id")
      .innerJoin("users as o", "o.id", "l.owner_id")
      .innerJoin("users as b", "b.id", "l.borrower_side_id")
      .select(["l.id", "l.state", "l.owner_id", "l.borrower_side_id", "i.title", "o.display_name as owner_name", "b.display_name as borrower_name"])
      .select([ymd("l.starts_on").as("starts_on"), ymd("l.ends_on").as("ends_on")])
      .where((eb) =>
        eb.or([
          eb.and([eb("l.state", "=", "accepted"), eb("l.starts_on", "=", dateParam(tomorrow))]),
          eb.and([eb("l.state", "=", "picked_up"), eb("l.ends_on", "=", dateParam(tomorrow))]),
          eb("l.state", "=", "overdue"),
        ]),
      )
      .forUpdate("l")
      .skipLocked()
      .execute();
    let sent = 0;
    for (const loan of due) {
      const kind = loan.state === "accepted" ? "pickup" : loan.state === "picked_up" ? "return" : "overdue";
      const forDate = kind === "overdue" ? day : tomorrow;
      const inserted = await trx
        .insertInto("loan_reminders")
        .values({ loan_id: loan.id, kind, for_date: forDate, sent_at: now })
        .onConflict((oc) => oc.columns(["loan_id", "kind", "for_date"]).doNothing())
        .returning("loan_id")
        .executeTakeFirst();
      if (!inserted) continue;
      const base = { loanId: loan.id, itemTitle: loan.title };
      const notices: LendingNotice[] = [];
      if (kind === "pickup") {
        notices.push({
          userId: loan.borrower_side_id,
          kind: "loan.pickup_reminder",
          data: { ...base, otherPartyName: loan.owner_name, date: loan.starts_on },
          dedupeKey: `pickup:${loan.id}:${forDate}`,
        });
        notices.push({
          userId: loan.owner_id,
          kind: "loan.pickup_reminder",
          data: { ...base, otherPartyName: loan.borrower_name, date: loan.starts_on },
          dedupeKey: `pickup-owner:${loan.id}:${forDate}`,
        });
      } else if (kind === "return") {
        notices.push({
          userId: loan.borrower_side_id,
          kind: "loan.return_reminder",
          data: { ...base, otherPartyName: loan.owner_name, date: loan.ends_on },
          dedupeKey: `return:${loan.id}:${forDate}`,
        });
      } else {
        notices.push({
          userId: loan.borrower_side_id,
          kind: "loan.overdue",
          data: { ...base, otherPartyName: loan.owner_name, date: loan.ends_on, side: "borrower" },
          dedupeKey: `overdue:${loan.id}:${forDate}`,
        });
        const first = await trx.selectFrom("loan_reminders").select("for_date").where("loan_id", "=", loan.id).where("kind", "=", "overdue").limit(2).execute();
        if (first.length === 1) {
          notices.push({
            userId: loan.owner_id,
            kind: "loan.overdue",
            data: { ...base, otherPartyName: loan.borrower_name, date: loan.ends_on, side: "owner" },
            dedupeKey: `overdue-owner:${loan.id}`,
          });
        }
      }
      await sendNotices(trx, notices);
      sent++;
    }
    return sent;
  });
}

/** Wanted posts past their expiry. */
export async function expireWantedPosts(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("wanted_posts")
      .select(["id", "state", "expires_at"])
      .where("state", "=", "open")
      .where("expires_at", "<=", now)
      .limit(500)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const post of due) {
      const result = wantedTransition({ state: post.state, expiresAt: post.expires_at }, "expire", now);
      if (!result.ok) continue;
      await trx.updateTable("wanted_posts").set({ state: result.to, updated_at: now }).where("id", "=", post.id).execute();
      await trx
        .insertInto("wanted_events")
        .values({ wanted_post_id: post.id, actor_id: null, kind: "expire", from_state: post.state, to_state: result.to, occurred_at: now })
        .execute();
    }
    return due.length;
  });
}
