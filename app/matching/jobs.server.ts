import { defineJob } from "../services.server";
import { chargeDueMatches } from "./charges.server";

/**
 * Every minute, right after settlement (app/wiring.server.ts): the obligations of organisations
 * with a saved method are charged (app/matching/charges.server.ts). Idempotent and safe with
 * several workers: a claim locks the match row and the gateway call carries the attempt's key.
 */
export const matchingChargesJob = defineJob({
  name: "matching.charge-due",
  sweep: true,
  schedule: "* * * * *",
  async run(ctx) {
    const counts = await chargeDueMatches({ db: ctx.db, gateway: ctx.gateway, logger: ctx.logger, appUrl: ctx.env.APP_URL, now: () => ctx.clock.now() });
    return { processed: counts.charged + counts.processing + counts.failed, detail: counts };
  },
});
