import type { PersonalDataContribution } from "../services.server";

/**
 * A member's monthly gifts (docs/decisions/074, 077). The gifts and their paid months are money
 * records: they stay. A gift still running keeps the account from being erased until it is stopped.
 */
export const recurringPersonalData: PersonalDataContribution = {
  key: "recurring",
  async exportRows(db, { userId }) {
    const [gifts, months] = await Promise.all([
      db
        .selectFrom("recurring_gifts as g")
        .leftJoin("projects as p", "p.id", "g.project_id")
        .leftJoin("organisations as o", "o.id", "g.organisation_id")
        .select([(eb) => eb.fn.coalesce("p.title", "o.name").as("project"), "g.amount_cents", "g.status", "g.created_at", "g.cancelled_at"])
        .where("g.giver_id", "=", userId)
        .execute(),
      db
        .selectFrom("recurring_gift_payments as m")
        .innerJoin("recurring_gifts as g", "g.id", "m.gift_id")
        .leftJoin("projects as p", "p.id", "g.project_id")
        .leftJoin("organisations as o", "o.id", "g.organisation_id")
        .select([(eb) => eb.fn.coalesce("p.title", "o.name").as("project"), "m.period", "m.amount_cents", "m.status", "m.paid_at"])
        .where("g.giver_id", "=", userId)
        .execute(),
    ]);
    return { recurring_gifts: gifts, recurring_gift_payments: months };
  },
  async blockers(db, { userId }) {
    const open = await db.selectFrom("recurring_gifts").select("id").where("giver_id", "=", userId).where("status", "<>", "cancelled").executeTakeFirst();
    return open ? ["privacy.blocker.recurring"] : [];
  },
  async erase() {
    // Nothing personal beyond the giver's id (the account row is blanked by the core contribution).
    return { fileKeys: [] };
  },
};
