import type { SeedContext } from "./context.server";

/**
 * Notification preferences of the demo neighbourhood: Daan reads the weekly digest, Eva wants no
 * e-mail about loans (she sees them in the app). Idempotent: existing rows are kept.
 * Features seed their own notifications (with a dedupe key) when they seed the events behind them.
 */
export async function seedNotifications({ db, now, userId }: SeedContext): Promise<void> {
  const rows = [
    { user_id: await userId("daan"), category: "digest" as const, email: true, updated_at: now },
    { user_id: await userId("eva"), category: "loans" as const, email: false, updated_at: now },
  ];
  await db
    .insertInto("notification_preferences")
    .values(rows)
    .onConflict((oc) => oc.columns(["user_id", "category"]).doNothing())
    .execute();
}
