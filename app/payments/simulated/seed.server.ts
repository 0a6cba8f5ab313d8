import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { SavedPaymentMethod } from "../gateway";
import { toMethod } from "./core.server";
import { findBank } from "./banks";
import { findTestCard } from "./test-cards";

/**
 * For demo seeds (app/demo/): gives a user a simulated gateway customer with saved methods,
 * written directly and idempotently (fixed ids derived from the user id, no events) — so a seed can
 * create pledges in the "saved" state whose methods really exist in the simulator and can be
 * charged later. Tests should use testing.server.ts instead (it drives the hosted pages).
 */
export async function seedSimulatedCustomer(
  db: Kysely<Database>,
  input: { userId: string; email: string; name: string; now: Date; cards?: string[]; banks?: string[] },
): Promise<{ customerId: string; methods: SavedPaymentMethod[] }> {
  const key = input.userId.replace(/[^A-Za-z0-9]/g, "");
  const customerId = `cus_sim_seed${key}`;
  await db
    .insertInto("sim_customers")
    .values({ id: customerId, email: input.email, name: input.name, metadata: JSON.stringify({ userId: input.userId }), created_at: input.now })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  await db
    .insertInto("payment_customers")
    .values({ user_id: input.userId, gateway: "simulated", customer_id: customerId })
    .onConflict((oc) => oc.columns(["user_id", "gateway"]).doNothing())
    .execute();
  for (const number of input.cards ?? []) {
    const card = findTestCard(number);
    if (!card) throw new Error(`not a test card: ${number}`);
    await db
      .insertInto("sim_payment_methods")
      .values({
        id: `pm_sim_seed${key}${card.number.slice(-4)}`,
        customer_id: customerId,
        type: "card",
        behaviour: card.behaviour,
        brand: card.brand,
        last4: card.number.slice(-4),
        exp_month: 12,
        exp_year: 2034,
        created_at: input.now,
      })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
  }
  for (const code of input.banks ?? []) {
    const bank = findBank(code);
    if (!bank) throw new Error(`unknown bank: ${code}`);
    await db
      .insertInto("sim_payment_methods")
      .values({
        id: `pm_sim_seed${key}${bank.code.replace(/_/g, "")}`,
        customer_id: customerId,
        type: "sepa_debit",
        behaviour: bank.behaviour,
        last4: bank.ibanLast4,
        bank_name: bank.name,
        mandate_id: `mandate_sim_seed${key}${bank.code.replace(/_/g, "")}`,
        created_at: input.now,
      })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
  }
  const rows = await db
    .selectFrom("sim_payment_methods")
    .selectAll()
    .where("customer_id", "=", customerId)
    .where("detached_at", "is", null)
    .orderBy("id")
    .execute();
  return { customerId, methods: rows.map(toMethod) };
}
