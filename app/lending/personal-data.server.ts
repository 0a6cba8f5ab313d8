import { sql } from "kysely";
import { ERASED_REASON, ERASED_TEXT, type PersonalDataContribution } from "../services.server";

/**
 * Lending's share of a member's data (docs/decisions/074): items, loans on either side, messages
 * they wrote, wanted posts, deposits, claims, extensions, circles. Loans stay (the other party's
 * record and the deposit journals rely on them); the member's words in them are blanked.
 */
// Returned loans are done for the member (a claim afterwards makes the loan "claimed" again: open).
const openLoanStates = ["requested", "accepted", "picked_up", "overdue", "claimed"] as const;
const openDepositStates = ["awaiting_method", "method_saved", "held", "charge_failed"] as const;

export const lendingPersonalData: PersonalDataContribution = {
  key: "lending",
  async exportRows(db, { userId }) {
    const [items, loans, messages, wanted, deposits, claims, circles] = await Promise.all([
      db
        .selectFrom("items")
        .select([
          "id",
          "title",
          "description",
          "category",
          "condition",
          "replacement_value_cents",
          "deposit_cents",
          "fee_per_day_cents",
          "max_loan_days",
          "audience",
          "postcode4",
          "pickup_address",
          "status",
          "created_at",
          "updated_at",
        ])
        .where("owner_id", "=", userId)
        .execute(),
      db
        .selectFrom("loans as l")
        .innerJoin("items as i", "i.id", "l.item_id")
        .innerJoin("users as o", "o.id", "l.owner_id")
        .leftJoin("users as b", "b.id", "l.borrower_user_id")
        .select([
          "l.id",
          "i.title as item",
          sql<string>`case when l.owner_id = ${userId} then 'owner' else 'borrower' end`.as("my_side"),
          "o.display_name as owner_name",
          "b.display_name as borrower_name",
          "l.state",
          sql<string>`to_char(l.starts_on, 'YYYY-MM-DD')`.as("starts_on"),
          sql<string>`to_char(l.ends_on, 'YYYY-MM-DD')`.as("ends_on"),
          "l.message",
          "l.deposit_cents",
          "l.fee_per_day_cents",
          "l.handover_note",
          "l.return_note",
          "l.cancel_reason",
          "l.picked_up_at",
          "l.returned_at",
          "l.created_at",
        ])
        .where((eb) => eb.or([eb("l.owner_id", "=", userId), eb("l.borrower_user_id", "=", userId), eb("l.project_contact_id", "=", userId)]))
        .execute(),
      db.selectFrom("loan_messages as m").select(["m.loan_id", "m.body", "m.sent_at"]).where("m.author_id", "=", userId).orderBy("m.sent_at").execute(),
      db
        .selectFrom("wanted_posts")
        .select([
          "id",
          "title",
          "description",
          "category",
          "postcode4",
          sql<string>`to_char(needed_from, 'YYYY-MM-DD')`.as("needed_from"),
          sql<string>`to_char(needed_until, 'YYYY-MM-DD')`.as("needed_until"),
          "state",
          "created_at",
        ])
        .where("author_id", "=", userId)
        .execute(),
      db
        .selectFrom("loan_deposits")
        .select(["loan_id", "amount_cents", "path", "state", "method_type", "method_label", "held_cents", "collected_cents", "created_at"])
        .where("borrower_id", "=", userId)
        .execute(),
      db
        .selectFrom("loan_claims")
        .select(["loan_id", "amount_cents", "description", "state", "dispute_note", "decided_amount_cents", "decision_note", "created_at"])
        .where("filed_by", "=", userId)
        .execute(),
      db
        .selectFrom("circle_members as cm")
        .innerJoin("circles as c", "c.id", "cm.circle_id")
        .select(["c.name", "cm.role", "cm.joined_at"])
        .where("cm.user_id", "=", userId)
        .execute(),
    ]);
    return { items, loans, loan_messages: messages, wanted_posts: wanted, loan_deposits: deposits, loan_claims: claims, circles };
  },
  async blockers(db, { userId }) {
    const loan = await db
      .selectFrom("loans")
      .select("id")
      .where((eb) => eb.or([eb("owner_id", "=", userId), eb("borrower_user_id", "=", userId), eb("project_contact_id", "=", userId)]))
      .where("state", "in", [...openLoanStates])
      .executeTakeFirst();
    const deposit = await db
      .selectFrom("loan_deposits")
      .select("loan_id")
      .where("borrower_id", "=", userId)
      .where("state", "in", [...openDepositStates])
      .executeTakeFirst();
    return [...(loan ? (["privacy.blocker.loan"] as const) : []), ...(deposit ? (["privacy.blocker.deposit"] as const) : [])];
  },
  async erase(trx, { userId, now }) {
    await trx
      .updateTable("items")
      .set({ description: "", pickup_address: ERASED_TEXT, status: "unlisted", hidden_at: now, hidden_reason: ERASED_REASON, updated_at: now })
      .where("owner_id", "=", userId)
      .execute();
    await trx
      .deleteFrom("item_photos")
      .where("item_id", "in", (eb) => eb.selectFrom("items").select("id").where("owner_id", "=", userId))
      .execute();
    await trx.deleteFrom("loan_photos").where("added_by", "=", userId).execute();
    await trx.updateTable("loan_messages").set({ body: ERASED_TEXT }).where("author_id", "=", userId).execute();
    // A loan's texts: who wrote a note is not recorded, so every text of a loan with the member goes.
    await trx
      .updateTable("loans")
      .set({ message: "", handover_note: "", return_note: "", cancel_reason: "", updated_at: now })
      .where((eb) => eb.or([eb("owner_id", "=", userId), eb("borrower_user_id", "=", userId), eb("project_contact_id", "=", userId)]))
      .execute();
    await trx.updateTable("loan_events").set({ note: null }).where("actor_id", "=", userId).execute();
    await trx.updateTable("item_events").set({ note: null }).where("actor_id", "=", userId).execute();
    await trx.updateTable("wanted_events").set({ note: null }).where("actor_id", "=", userId).execute();
    await trx
      .updateTable("wanted_posts")
      .set({ title: ERASED_TEXT, description: "", hidden_at: now, hidden_reason: ERASED_REASON, updated_at: now })
      .where("author_id", "=", userId)
      .execute();
    await trx.updateTable("loan_deposits").set({ method_label: null }).where("borrower_id", "=", userId).execute();
    await trx.updateTable("loan_claims").set({ description: ERASED_TEXT }).where("filed_by", "=", userId).execute();
    await trx.updateTable("loan_extensions").set({ note: "" }).where("requested_by", "=", userId).execute();
    await trx.deleteFrom("circle_members").where("user_id", "=", userId).execute();
    await trx.updateTable("circles").set({ name: ERASED_TEXT, updated_at: now }).where("owner_id", "=", userId).execute();
    return { fileKeys: [] };
  },
};
