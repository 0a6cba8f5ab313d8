import { sql } from "kysely";
import type { Reportable } from "../services.server";
import { isUuid } from "../utils/ids";
import { publishedNow } from "./facts.server";
import { refreshRecords } from "./projection.server";

/**
 * Reviews can be reported (the registry: app/wiring.server.ts; docs/moderation.md, decision 060).
 * Only a published review: one still double-blind is seen by nobody but its author, so nobody else
 * can report it. A moderator hides it like other content (hidden_at / hidden_reason, migration
 * 0030): it stays stored, leaves the profile, the loan page and the API, and stops counting in the
 * reviewed member's rating (their record is refreshed in the moderator's transaction). Its author
 * sees why.
 */
export const reviewReportable: Reportable = {
  hideable: true,
  async load(db, id, now) {
    if (!isUuid(id)) return null;
    const r = await db
      .selectFrom("reviews as r")
      .innerJoin("users as e", "e.id", "r.reviewee_id")
      .leftJoin("loans as l", "l.id", "r.loan_id")
      .leftJoin("items as i", "i.id", "l.item_id")
      .leftJoin("projects as p", "p.id", "r.project_id")
      .select([
        "r.reviewer_id",
        "r.body",
        "r.stars",
        "r.hidden_at",
        "r.hidden_reason",
        "e.handle",
        "e.display_name",
        "i.title as item_title",
        "p.title as project_title",
        // Moderators read without `now`: what was reported was public when it was reported.
        (now ? publishedNow(now) : sql<boolean>`true`).as("published"),
      ])
      .where("r.id", "=", id)
      .executeTakeFirst();
    if (!r || !r.published) return null;
    const about = r.item_title ?? r.project_title ?? "";
    // Named by its own words (the notice says what was hidden), then what it is about.
    const words = r.body.length > 60 ? `${r.body.slice(0, 59).trimEnd()}…` : r.body;
    return {
      authorId: r.reviewer_id,
      title: `${words || "★".repeat(r.stars)} · ${r.display_name} · ${about}`,
      excerpt: `${"★".repeat(r.stars)} ${r.body}`.trim(),
      path: `/u/${encodeURIComponent(r.handle)}#review-${id}`,
      visibleTo: null,
      hidden: r.hidden_at ? { at: r.hidden_at, reason: r.hidden_reason } : null,
    };
  },
  async setHidden(trx, id, hidden, now) {
    if (!isUuid(id)) return false;
    const row = await trx
      .updateTable("reviews")
      .set(hidden ? { hidden_at: hidden.at, hidden_reason: hidden.reason } : { hidden_at: null, hidden_reason: null })
      .where("id", "=", id)
      .returning("reviewee_id")
      .executeTakeFirst();
    if (!row) return false;
    await refreshRecords(trx, [row.reviewee_id], now);
    return true;
  },
};

export const reputationReportables = { review: reviewReportable };
