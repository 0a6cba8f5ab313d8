import type { GatewayEventHandler } from "./events.server";

/**
 * Purpose "test": objects made from the payments try-out page (/dev/payments) and the tests. The
 * event itself is recorded in gateway_events by applyGatewayEvent; this handler only names the
 * outcome, which the try-out page shows. No business state changes.
 */
export const handleTestPurposeEvent: GatewayEventHandler = async (_trx, event) => {
  switch (event.type) {
    case "setup.succeeded":
      return `saved ${event.paymentMethod.label}`;
    case "setup.failed":
    case "payment.failed":
    case "refund.failed":
      return `failed: ${event.failure.code}${event.failure.declineCode ? ` (${event.failure.declineCode})` : ""}`;
    case "hold.captured":
      return `captured ${event.capturedCents}, released ${event.releasedCents}`;
    case "hold.released":
      return `released (${event.reason})`;
    default:
      return event.type;
  }
};
