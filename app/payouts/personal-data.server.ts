import type { PersonalDataContribution } from "../services.server";

/** Payouts to an initiator and their connected account (docs/decisions/074). Payouts are money records: they stay. */
export const payoutsPersonalData: PersonalDataContribution = {
  key: "payouts",
  async exportRows(db, { userId }) {
    const [payouts, accounts] = await Promise.all([
      db
        .selectFrom("payouts as po")
        .innerJoin("projects as p", "p.id", "po.project_id")
        .select(["p.title as project", "po.amount_cents", "po.status", "po.bank_last4", "po.created_at", "po.paid_at"])
        .where("po.initiator_id", "=", userId)
        .execute(),
      db.selectFrom("payout_accounts").select(["gateway", "status", "bank_last4", "bank_name", "created_at"]).where("user_id", "=", userId).execute(),
    ]);
    return { payouts, payout_accounts: accounts };
  },
  async blockers(db, { userId }) {
    const open = await db
      .selectFrom("payouts")
      .select("id")
      .where("initiator_id", "=", userId)
      .where("status", "in", ["pending", "in_transit"])
      .executeTakeFirst();
    return open ? ["privacy.blocker.payout"] : [];
  },
  async erase(trx, { userId }) {
    await trx.updateTable("payout_accounts").set({ bank_name: "" }).where("user_id", "=", userId).execute();
    return { fileKeys: [] };
  },
};
