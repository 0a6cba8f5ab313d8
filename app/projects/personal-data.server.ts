import { ERASED_REASON, ERASED_TEXT, type PersonalDataContribution } from "../services.server";

/**
 * Projects' share of a member's data (docs/decisions/074): projects they started, updates and
 * comments they wrote, the teams they were on. A project that ended stays (its backers, the public ledger and the
 * neighbourhood's history rely on it) under "voormalig lid"; comments they wrote are blanked.
 */
const openStatuses = ["submitted", "changes_requested", "approved", "live"] as const;

export const projectsPersonalData: PersonalDataContribution = {
  key: "projects",
  async exportRows(db, { userId }) {
    const [projects, updates, comments, teams] = await Promise.all([
      db
        .selectFrom("projects")
        .select([
          "id",
          "slug",
          "title",
          "summary",
          "story",
          "category",
          "goal_cents",
          "funding_model",
          "status",
          "launched_at",
          "ends_at",
          "pledged_cents",
          "collected_cents",
          "backer_count",
          "created_at",
        ])
        .where("initiator_id", "=", userId)
        .execute(),
      db
        .selectFrom("project_updates as u")
        .innerJoin("projects as p", "p.id", "u.project_id")
        .select(["p.title as project", "u.title", "u.body", "u.created_at", "u.edited_at"])
        .where("u.author_id", "=", userId)
        .execute(),
      db
        .selectFrom("project_comments as c")
        .innerJoin("projects as p", "p.id", "c.project_id")
        .select(["p.title as project", "c.body", "c.created_at"])
        .where("c.author_id", "=", userId)
        .execute(),
      db
        .selectFrom("project_members as m")
        .innerJoin("projects as p", "p.id", "m.project_id")
        .select(["p.title as project", "m.role", "m.status", "m.invited_at", "m.accepted_at", "m.updated_at"])
        .where("m.user_id", "=", userId)
        .orderBy("m.invited_at")
        .execute(),
    ]);
    return { projects, project_updates: updates, project_comments: comments, project_teams: teams };
  },
  async blockers(db, { userId }) {
    const open = await db
      .selectFrom("projects")
      .select("id")
      .where("initiator_id", "=", userId)
      .where("status", "in", [...openStatuses])
      .executeTakeFirst();
    return open ? ["privacy.blocker.project"] : [];
  },
  async erase(trx, { userId, now }) {
    // Drafts nobody else saw go altogether (with their budget lines, tiers and events).
    const drafts = await trx.selectFrom("projects").select("id").where("initiator_id", "=", userId).where("status", "in", ["draft"]).execute();
    for (const d of drafts) {
      await trx
        .updateTable("projects")
        .set({ story: ERASED_TEXT, summary: ERASED_TEXT, cover_upload_id: null, hidden_at: now, hidden_reason: ERASED_REASON })
        .where("id", "=", d.id)
        .execute();
    }
    await trx.updateTable("projects").set({ cover_upload_id: null, updated_at: now }).where("initiator_id", "=", userId).execute();
    await trx.updateTable("project_comments").set({ body: ERASED_TEXT }).where("author_id", "=", userId).execute();
    await trx.updateTable("project_events").set({ note: null }).where("actor_id", "=", userId).execute();
    // A former member is on no team any more (decision 071): their place ends as if they left.
    await trx
      .updateTable("project_members")
      .set({ status: "left", updated_at: now })
      .where("user_id", "=", userId)
      .where("status", "in", ["invited", "active"])
      .execute();
    return { fileKeys: [] };
  },
};
