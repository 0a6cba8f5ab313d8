import type { PersonalDataContribution } from "../services.server";

/**
 * Ambassadors' share of a member's data (docs/decisions/074, 076): their share codes and opt-ins, the
 * visits through others' links that became theirs, and which pledges their own links brought (the
 * project and the day, never who the backer was). An erasure deletes their touches and turns every
 * opt-in off; the credit of pledges they brought stays (the initiator's totals), under "voormalig lid".
 */
export const ambassadorsPersonalData: PersonalDataContribution = {
  key: "ambassadors",
  async exportRows(db, { userId }) {
    const [codes, touches, brought] = await Promise.all([
      db
        .selectFrom("share_codes as c")
        .innerJoin("projects as p", "p.id", "c.project_id")
        .select(["p.title as project", "p.slug as project_slug", "c.code", "c.show_publicly", "c.created_at", "c.updated_at"])
        .where("c.user_id", "=", userId)
        .orderBy("c.created_at")
        .execute(),
      db
        .selectFrom("share_touches as t")
        .innerJoin("projects as p", "p.id", "t.project_id")
        .select(["p.title as project", "t.code", "t.day", "t.created_at"])
        .where("t.user_id", "=", userId)
        .orderBy("t.created_at")
        .execute(),
      db
        .selectFrom("pledge_ambassadors as a")
        .innerJoin("pledges as pl", "pl.id", "a.pledge_id")
        .innerJoin("projects as p", "p.id", "pl.project_id")
        .select(["p.title as project", "a.code", "a.attributed_at"])
        .where("a.ambassador_user_id", "=", userId)
        .orderBy("a.attributed_at")
        .execute(),
    ]);
    return { share_codes: codes, share_touches: touches, pledges_brought: brought };
  },
  async blockers() {
    return [];
  },
  async erase(trx, { userId, now }) {
    await trx.deleteFrom("share_touches").where("user_id", "=", userId).execute();
    await trx.updateTable("share_codes").set({ show_publicly: false, updated_at: now }).where("user_id", "=", userId).execute();
    return { fileKeys: [] };
  },
};
