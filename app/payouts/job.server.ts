import { defineJob } from "../services.server";
import { createDuePayouts, reclaimReturnedPayouts, sendPendingPayouts } from "./payouts.server";

/**
 * Payouts (docs/decisions/053-payouts.md), every minute and on demand (`npm run jobs -- run-due`),
 * after settlement: a succeeded project whose payments are all in and whose initiator's account is
 * verified gets its payout, which is then sent (same idempotency key on every retry).
 */
export const payOutDueJob = defineJob({
  name: "payouts.pay-due",
  sweep: true,
  schedule: "* * * * *",
  async run(ctx) {
    const deps = { db: ctx.db, gateway: ctx.gateway, logger: ctx.logger, now: () => ctx.clock.now() };
    const reclaimed = await reclaimReturnedPayouts(deps);
    const created = await createDuePayouts(ctx.db, ctx.gateway.kind, ctx.now);
    const sent = await sendPendingPayouts(deps, ctx.extensions.projectTransitionEffects);
    return {
      processed: reclaimed.reclaimed + created + sent.sent + sent.failed,
      detail: { reclaimed: reclaimed.reclaimed, created, ...sent, errors: sent.errors + reclaimed.errors },
    };
  },
});
