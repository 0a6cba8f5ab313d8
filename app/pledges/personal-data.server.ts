import type { PersonalDataContribution } from "../services.server";

/**
 * Pledges' share of a member's data (docs/decisions/074): their pledges, payment attempts and
 * unfinished pledge intents. Pledges stay after an erasure — the public ledger and the project's
 * totals rely on them — with the backer's message blanked and the pledge made anonymous.
 */
export const pledgesPersonalData: PersonalDataContribution = {
  key: "pledges",
  async exportRows(db, { userId }) {
    const [pledges, attempts, intents] = await Promise.all([
      db
        .selectFrom("pledges as pl")
        .innerJoin("projects as p", "p.id", "pl.project_id")
        .leftJoin("reward_tiers as t", "t.id", "pl.tier_id")
        .select([
          "pl.id",
          "p.title as project",
          "p.slug as project_slug",
          "t.title as tier",
          "pl.amount_cents",
          "pl.status",
          "pl.visibility",
          "pl.message",
          "pl.platform_fee_bps",
          "pl.charged_at",
          "pl.created_at",
          "pl.updated_at",
        ])
        .where("pl.backer_id", "=", userId)
        .orderBy("pl.created_at")
        .execute(),
      db
        .selectFrom("pledge_payment_attempts as a")
        .innerJoin("pledges as pl", "pl.id", "a.pledge_id")
        .select(["a.pledge_id", "a.kind", "a.attempt_no", "a.reason", "a.amount_cents", "a.status", "a.failure_code", "a.created_at", "a.finished_at"])
        .where("pl.backer_id", "=", userId)
        .orderBy("a.created_at")
        .execute(),
      db
        .selectFrom("pledge_intents")
        .select(["project_id", "amount_cents", "visibility", "message", "status", "created_at", "resolved_at"])
        .where("backer_id", "=", userId)
        .execute(),
    ]);
    return { pledges, payment_attempts: attempts, pledge_intents: intents };
  },
  async blockers(db, { userId }) {
    const open = await db
      .selectFrom("pledges")
      .select("id")
      .where("backer_id", "=", userId)
      .where("status", "in", ["active", "processing", "disputed"])
      .executeTakeFirst();
    const inFlight = await db
      .selectFrom("pledge_payment_attempts as a")
      .innerJoin("pledges as pl", "pl.id", "a.pledge_id")
      .select("a.id")
      .where("pl.backer_id", "=", userId)
      .where("a.status", "in", ["pending", "processing", "requires_action"])
      .executeTakeFirst();
    const intent = await db.selectFrom("pledge_intents").select("id").where("backer_id", "=", userId).where("status", "=", "open").executeTakeFirst();
    const owed = await db.selectFrom("pledges").select("id").where("backer_id", "=", userId).where("status", "=", "payment_failed").executeTakeFirst();
    return [...(open || inFlight || intent ? (["privacy.blocker.pledge"] as const) : []), ...(owed ? (["privacy.blocker.balance"] as const) : [])];
  },
  async erase(trx, { userId, now }) {
    await trx.updateTable("pledges").set({ message: "", visibility: "anonymous", updated_at: now }).where("backer_id", "=", userId).execute();
    await trx.updateTable("pledge_intents").set({ message: "", visibility: "anonymous" }).where("backer_id", "=", userId).execute();
    await trx.updateTable("pledge_events").set({ note: null }).where("actor_id", "=", userId).execute();
    await trx.updateTable("pledge_payment_attempts").set({ note: null }).where("requested_by", "=", userId).execute();
    return { fileKeys: [] };
  },
};
