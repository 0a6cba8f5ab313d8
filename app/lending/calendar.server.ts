import { translate } from "../i18n/i18n";
import type { CalendarSource } from "../notifications/calendar.server";
import type { DigestSection } from "../notifications/digest.server";
import { addDays, today } from "./days";
import { dateParam, ymd } from "./sql.server";
import { notBlockedBy } from "../moderation/blocks.server";
import { visibleThroughCircles } from "./circles.server";

/**
 * Lending in the private calendar feed: the pickup and return days of the user's loans that are
 * accepted or out (all-day entries), as owner or borrower. Listed in
 * app/wiring.server.ts.
 */
export const loanCalendarSource: CalendarSource = async (db, { userId, locale, now }) => {
  const rows = await db
    .selectFrom("loans as l")
    .innerJoin("items as i", "i.id", "l.item_id")
    .innerJoin("users as o", "o.id", "l.owner_id")
    .innerJoin("users as b", "b.id", "l.borrower_side_id")
    .select([
      "l.id",
      "l.state",
      "l.owner_id",
      "i.title",
      "o.display_name as owner_name",
      "b.display_name as borrower_name",
      ymd("l.starts_on").as("starts_on"),
      ymd("l.ends_on").as("ends_on"),
    ])
    .where((eb) => eb.or([eb("l.owner_id", "=", userId), eb("l.borrower_side_id", "=", userId)]))
    .where("l.state", "in", ["accepted", "picked_up", "overdue"])
    .where("l.ends_on", ">=", dateParam(addDays(today(now), -30)))
    .orderBy("l.starts_on")
    .limit(200)
    .execute();
  return rows.flatMap((l) => {
    const mine = l.owner_id === userId;
    const other = mine ? l.borrower_name : l.owner_name;
    const path = `/loans/${l.id}`;
    const pickup = {
      uid: `loan-${l.id}-pickup@buurtkracht`,
      start: l.starts_on,
      summary: translate(locale, mine ? "lending.calendar.pickupOwner" : "lending.calendar.pickupBorrower", { item: l.title, name: other }),
      path,
    };
    const back = {
      uid: `loan-${l.id}-return@buurtkracht`,
      start: l.ends_on,
      summary: translate(locale, mine ? "lending.calendar.returnOwner" : "lending.calendar.returnBorrower", { item: l.title, name: other }),
      path,
    };
    // Once picked up, the pickup is history: only the return day remains useful.
    return l.state === "accepted" ? [pickup, back] : [back];
  });
};

/** The weekly digest: things neighbours put up for lending this week, and what they are looking for. */
export const newItemsNearMeSection: DigestSection = {
  key: "lending.new-items",
  titleKey: "lending.digest.newItems",
  async collect(db, { userId, neighbourhoodId, now, locale }) {
    const since = new Date(now.getTime() - 7 * 86_400_000);
    const rows = await db
      .selectFrom("items as i")
      .innerJoin("users as u", "u.id", "i.owner_id")
      .select(["i.id", "i.title", "i.category"])
      .where("i.neighbourhood_id", "=", neighbourhoodId)
      .where("i.status", "=", "listed")
      .where("i.owner_id", "<>", userId)
      .where("i.created_at", ">=", since)
      // What search would not show this member, the digest does not either (decisions 060, 061).
      .where("i.hidden_at", "is", null)
      .where("u.suspended_at", "is", null)
      .where(notBlockedBy(userId, "i.owner_id"))
      .where(visibleThroughCircles(userId, { id: "i.id", audience: "i.audience", owner: "i.owner_id" }))
      .orderBy("i.created_at", "desc")
      .limit(5)
      .execute();
    return rows.map((r) => ({ title: r.title, path: `/items/${r.id}`, detail: translate(locale, `lending.category.${r.category}`) }));
  },
};

export const wantedNearMeSection: DigestSection = {
  key: "lending.wanted",
  titleKey: "lending.digest.wanted",
  async collect(db, { userId, neighbourhoodId, now }) {
    const since = new Date(now.getTime() - 7 * 86_400_000);
    const rows = await db
      .selectFrom("wanted_posts")
      .select(["id", "title"])
      .where("neighbourhood_id", "=", neighbourhoodId)
      .where("state", "=", "open")
      .where("expires_at", ">", now)
      .where("author_id", "<>", userId)
      .where("created_at", ">=", since)
      .orderBy("created_at", "desc")
      .limit(5)
      .execute();
    return rows.map((r) => ({ title: r.title, path: "/wanted" }));
  },
};
