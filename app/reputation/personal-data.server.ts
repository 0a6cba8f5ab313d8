import { sql } from "kysely";
import { ERASED_TEXT, type PersonalDataContribution } from "../services.server";

/**
 * Reviews given and received (docs/decisions/074). The stars stay (the other party's record counts
 * them); the words the member wrote — a review's text, a reply — are blanked.
 */
export const reputationPersonalData: PersonalDataContribution = {
  key: "reputation",
  async exportRows(db, { userId, now }) {
    const [given, received, record] = await Promise.all([
      db
        .selectFrom("reviews as r")
        .innerJoin("users as u", "u.id", "r.reviewee_id")
        .select(["r.side", "u.display_name as about", "r.stars", "r.body", "r.reply", "r.created_at"])
        .where("r.reviewer_id", "=", userId)
        .execute(),
      db
        .selectFrom("reviews as r")
        .innerJoin("users as u", "u.id", "r.reviewer_id")
        .select(["r.side", "u.display_name as by", "r.stars", "r.body", "r.reply", "r.created_at", "r.window_ends_at"])
        .where("r.reviewee_id", "=", userId)
        // Still double-blind: the archive tells no more than the member's own page.
        .where("r.window_ends_at", "<=", now)
        .execute(),
      db.selectFrom("reputation_records").selectAll().where("user_id", "=", userId).execute(),
    ]);
    return { reviews_given: given, reviews_received: received, reputation: record.map(({ user_id: _u, ...rest }) => rest) };
  },
  blockers: async () => [],
  async erase(trx, { userId }) {
    await trx.updateTable("reviews").set({ body: ERASED_TEXT }).where("reviewer_id", "=", userId).where("body", "<>", "").execute();
    await trx.updateTable("reviews").set({ reply: ERASED_TEXT }).where("reviewee_id", "=", userId).where("reply", "is not", null).execute();
    await sql`update review_events set data = '{}'::jsonb where actor_id = ${userId}`.execute(trx);
    return { fileKeys: [] };
  },
};
