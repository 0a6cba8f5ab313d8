import { defineJob } from "../../jobs/definition.server";
import type { PaymentGateway } from "../gateway";
import { isSimulatedGateway } from "./gateway.server";

/** The sweep for the simulated gateway; does nothing when the real gateway is configured. */
export const simulatedGatewaySweep = defineJob<{ gateway: PaymentGateway }>({
  name: "payments.simulated-gateway",
  sweep: true,
  async run(ctx) {
    if (!isSimulatedGateway(ctx.gateway)) return { processed: 0 };
    const s = await ctx.gateway.runDue(ctx.now);
    const processed = s.paymentsSettled + s.refundsSettled + s.holdsExpired + s.sessionsExpired + s.eventsDelivered;
    return { processed, detail: { ...s } };
  },
});
