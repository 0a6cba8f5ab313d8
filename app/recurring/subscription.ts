/**
 * Recurring giving (issue 16, decision 075): a backer's monthly gift to a project that runs
 * continuously or to a neighbourhood fund, through the gateway as a subscription. Pure: one
 * transition for every change; the writer stores the status and an event row.
 *
 * pending ──first payment──▶ active   (a failed first payment leaves it pending, to be fixed) ◀──resume── paused
 *                            │  ▲  └──pause──▶
 *            payment failed  ▼  │ paid (fixed)
 *                          past_due ──gave up──▶ cancelled
 * Any status but cancelled can be cancelled by the backer; cancelled is final. The amount changes in
 * active and paused (the next month's payment), never below the minimum or above the maximum.
 */
export const subscriptionStatuses = ["pending", "active", "paused", "past_due", "cancelled"] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export const MIN_MONTHLY_CENTS = 100;
export const MAX_MONTHLY_CENTS = 100_000;

export type SubscriptionEvent =
  | { type: "first_payment_succeeded" }
  | { type: "payment_succeeded" }
  | { type: "payment_failed" }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "change_amount"; amountCents: number }
  | { type: "cancel"; by: "backer" | "system" }
  | { type: "give_up" };

export type SubscriptionRefusal = "recurring.error.notNow" | "recurring.error.amount" | "recurring.error.cancelled";

export type SubscriptionChange =
  { ok: true; to: SubscriptionStatus; amountCents: number; event: SubscriptionEvent["type"] } | { ok: false; error: SubscriptionRefusal };

export function validMonthlyAmount(cents: number): boolean {
  return Number.isSafeInteger(cents) && cents >= MIN_MONTHLY_CENTS && cents <= MAX_MONTHLY_CENTS;
}

export function changeSubscription(state: { status: SubscriptionStatus; amountCents: number }, event: SubscriptionEvent): SubscriptionChange {
  const { status, amountCents } = state;
  const to = (next: SubscriptionStatus, amount = amountCents): SubscriptionChange => ({ ok: true, to: next, amountCents: amount, event: event.type });
  if (status === "cancelled") return { ok: false, error: "recurring.error.cancelled" };
  switch (event.type) {
    case "first_payment_succeeded":
      return status === "pending" ? to("active") : { ok: false, error: "recurring.error.notNow" };
    case "payment_succeeded":
      return status === "active" || status === "past_due" ? to("active") : { ok: false, error: "recurring.error.notNow" };
    case "payment_failed":
      // The first payment failed: it waits for the backer to fix it, as a pledge's failed charge does.
      if (status === "pending") return to("pending");
      return status === "active" || status === "past_due" ? to("past_due") : { ok: false, error: "recurring.error.notNow" };
    case "pause":
      return status === "active" ? to("paused") : { ok: false, error: "recurring.error.notNow" };
    case "resume":
      return status === "paused" ? to("active") : { ok: false, error: "recurring.error.notNow" };
    case "change_amount":
      if (!validMonthlyAmount(event.amountCents)) return { ok: false, error: "recurring.error.amount" };
      return status === "active" || status === "paused" ? to(status, event.amountCents) : { ok: false, error: "recurring.error.notNow" };
    case "cancel":
      return to("cancelled");
    case "give_up":
      return status === "past_due" ? to("cancelled") : { ok: false, error: "recurring.error.notNow" };
  }
}

/** Whether the gateway should take this month's payment. */
export function isCharged(status: SubscriptionStatus): boolean {
  return status === "active" || status === "past_due";
}
