import { ERASED_REASON, ERASED_TEXT, type PersonalDataContribution } from "../services.server";

/** The board's share of a member's data (docs/decisions/074): posts, comments, support, help. */
export const ideasPersonalData: PersonalDataContribution = {
  key: "ideas",
  async exportRows(db, { userId }) {
    const [ideas, comments, supports, helpers] = await Promise.all([
      db
        .selectFrom("ideas")
        .select(["id", "kind", "title", "body", "category", "street", "postcode4", "status", "support_count", "created_at"])
        .where("author_id", "=", userId)
        .execute(),
      db
        .selectFrom("idea_comments as c")
        .innerJoin("ideas as i", "i.id", "c.idea_id")
        .select(["i.title as idea", "c.body", "c.created_at"])
        .where("c.author_id", "=", userId)
        .execute(),
      db
        .selectFrom("idea_supports as s")
        .innerJoin("ideas as i", "i.id", "s.idea_id")
        .select(["i.title as idea", "s.created_at"])
        .where("s.user_id", "=", userId)
        .execute(),
      db
        .selectFrom("idea_helpers as h")
        .innerJoin("ideas as i", "i.id", "h.idea_id")
        .select(["i.title as idea", "h.note", "h.created_at"])
        .where("h.user_id", "=", userId)
        .execute(),
    ]);
    return { ideas, idea_comments: comments, idea_support: supports, idea_helping: helpers };
  },
  blockers: async () => [],
  async erase(trx, { userId, now }) {
    await trx
      .updateTable("ideas")
      .set({ title: ERASED_TEXT, body: ERASED_TEXT, street: "", photo_upload_id: null, hidden_at: now, hidden_reason: ERASED_REASON, updated_at: now })
      .where("author_id", "=", userId)
      .execute();
    await trx.updateTable("ideas").set({ project_maker_id: null }).where("project_maker_id", "=", userId).execute();
    await trx.updateTable("idea_comments").set({ body: ERASED_TEXT }).where("author_id", "=", userId).execute();
    await trx.updateTable("idea_helpers").set({ note: "" }).where("user_id", "=", userId).execute();
    await trx.updateTable("idea_events").set({ response: ERASED_TEXT }).where("actor_id", "=", userId).where("response", "<>", "").execute();
    return { fileKeys: [] };
  },
};
