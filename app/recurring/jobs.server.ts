import { defineJob } from "../services.server";
import { chargeDueGifts } from "./gifts.server";

/**
 * Every minute: monthly gifts whose month is due (or whose failed month is to be tried again) are
 * charged on their saved method (./gifts.server.ts). Driven by the services clock through the job's
 * context; idempotent: a claim takes the gift off the schedule and each attempt carries its own key.
 */
export const recurringChargesJob = defineJob({
  name: "recurring.charge-due",
  sweep: true,
  schedule: "* * * * *",
  async run(ctx) {
    const counts = await chargeDueGifts({
      db: ctx.db,
      gateway: ctx.gateway,
      logger: ctx.logger,
      appUrl: ctx.env.APP_URL,
      now: () => ctx.clock.now(),
      platformFeeBps: ctx.fees.platformBps,
    });
    return { processed: counts.paid + counts.processing + counts.failed, detail: counts };
  },
});
