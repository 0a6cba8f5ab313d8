import type { PersonalDataContribution } from "../services.server";

/** Volunteer shifts a member signed up for (docs/decisions/074): their notes are blanked on erasure. */
export const needsPersonalData: PersonalDataContribution = {
  key: "needs",
  async exportRows(db, { userId }) {
    const signups = await db
      .selectFrom("need_signups as s")
      .innerJoin("project_needs as n", "n.id", "s.need_id")
      .innerJoin("projects as p", "p.id", "n.project_id")
      .select(["p.title as project", "n.title as need", "s.status", "s.note", "s.created_at"])
      .where("s.user_id", "=", userId)
      .execute();
    return { volunteer_signups: signups };
  },
  blockers: async () => [],
  async erase(trx, { userId }) {
    await trx.updateTable("need_signups").set({ note: "" }).where("user_id", "=", userId).execute();
    return { fileKeys: [] };
  },
};
