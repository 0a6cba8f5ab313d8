import type { Db } from "../utils/db.server";
import type { GatewayKind, PaymentGateway } from "./gateway";

/**
 * One gateway customer per user and gateway, created on first need (docs/decisions/020).
 * Calls the gateway: never call it inside a transaction.
 */
export async function ensureGatewayCustomer(
  services: { db: Db; gateway: PaymentGateway },
  user: { id: string; email: string; displayName: string },
): Promise<string> {
  const { db, gateway } = services;
  const existing = await getGatewayCustomerId(db, user.id, gateway.kind);
  if (existing) return existing;
  // The key makes two racing requests create one customer.
  const customer = await gateway.createCustomer({
    email: user.email,
    name: user.displayName,
    metadata: { userId: user.id },
    idempotencyKey: `customer:${gateway.kind}:${user.id}`,
  });
  await db
    .insertInto("payment_customers")
    .values({ user_id: user.id, gateway: gateway.kind, customer_id: customer.id })
    .onConflict((oc) => oc.columns(["user_id", "gateway"]).doNothing())
    .execute();
  return (await getGatewayCustomerId(db, user.id, gateway.kind)) ?? customer.id;
}

export async function getGatewayCustomerId(db: Db, userId: string, gateway: GatewayKind): Promise<string | null> {
  const row = await db.selectFrom("payment_customers").select("customer_id").where("user_id", "=", userId).where("gateway", "=", gateway).executeTakeFirst();
  return row?.customer_id ?? null;
}
