import { sharedGatewayLimiter } from "../payments/rate-limit";
import { defineJob } from "../services.server";
import { chargeDuePledges, refundDuePledges } from "./charges.server";
import { dropExpiredPledges, releaseLeftoverPledges, settleDueProjects } from "./deadline.server";
import { expireStalePledgeIntents } from "../pledges/intents.server";

/**
 * Settlement (docs/decisions/033-settlement-and-payment-attempts.md), every minute and on demand
 * (`npm run jobs -- run-due`): decide projects past their deadline, charge what is due, refund
 * what a cancellation owes back, release leftovers, drop failed payments whose window closed,
 * expire pledge intents whose payment page was never finished.
 * Every step is idempotent and safe with several workers (SKIP LOCKED, leases, idempotency keys).
 */
/** The settlement job's name, for those who ask it to run now (the job itself is listed only in the wiring). */
export const SETTLE_DUE_JOB = "projects.settle-due";

export const settleDueJob = defineJob({
  name: SETTLE_DUE_JOB,
  sweep: true,
  schedule: "* * * * *",
  async run(ctx) {
    const payments = {
      db: ctx.db,
      gateway: ctx.gateway,
      logger: ctx.logger,
      appUrl: ctx.env.APP_URL,
      now: () => ctx.clock.now(),
      // At the gateway's rate (decision 084), shared by every run in this process.
      gatewayLimiter: sharedGatewayLimiter(ctx.env.GATEWAY_RATE_LIMIT),
    };
    const decided = await settleDueProjects(ctx.db, ctx.now, ctx.extensions.projectTransitionEffects);
    const charges = await chargeDuePledges(payments, { concurrency: ctx.env.SETTLEMENT_CONCURRENCY });
    const refunds = await refundDuePledges(payments);
    const released = await releaseLeftoverPledges(ctx.db, ctx.now);
    const dropped = await dropExpiredPledges(ctx.db, ctx.now);
    // Pledges asked for on a payment page that was never finished (decision 055).
    const intentsExpired = await expireStalePledgeIntents(ctx.db, ctx.now);
    const detail = {
      succeeded: decided.succeeded,
      failed: decided.failed,
      charged: charges.charged,
      chargeFailed: charges.failed,
      chargeProcessing: charges.processing,
      refunded: refunds.refunded,
      refundFailed: refunds.failed,
      released,
      dropped,
      intentsExpired,
    };
    // Attempts the gateway could not take now: retried on the next run (not work done).
    const gatewayErrors = charges.errors + refunds.errors;
    return { processed: Object.values(detail).reduce((a, b) => a + b, 0), detail: { ...detail, gatewayErrors } };
  },
});
