import type { PersonalDataContribution } from "../services.server";

/** Whom a member blocked and what they reported (docs/decisions/074); both go with the account. */
export const moderationPersonalData: PersonalDataContribution = {
  key: "moderation",
  async exportRows(db, { userId }) {
    const [blocks, reports] = await Promise.all([
      db
        .selectFrom("user_blocks as b")
        .innerJoin("users as u", "u.id", "b.blocked_id")
        .select(["u.display_name as blocked", "b.created_at"])
        .where("b.blocker_id", "=", userId)
        .execute(),
      db.selectFrom("reports").select(["subject_kind", "reason", "details", "status", "created_at"]).where("reporter_id", "=", userId).execute(),
    ]);
    return { blocks, reports_made: reports };
  },
  blockers: async () => [],
  async erase(trx, { userId }) {
    await trx
      .deleteFrom("user_blocks")
      .where((eb) => eb.or([eb("blocker_id", "=", userId), eb("blocked_id", "=", userId)]))
      .execute();
    await trx.updateTable("reports").set({ details: "[verwijderd]" }).where("reporter_id", "=", userId).execute();
    return { fileKeys: [] };
  },
};
