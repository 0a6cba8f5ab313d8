import { handleDepositGatewayEvent } from "../lending/gateway-events.server";
import type { GatewayEventHandlers } from "./events.server";
import { handlePledgeGatewayEvent } from "../pledges/gateway-events.server";
import { handleTestPurposeEvent } from "./test-purpose.server";

/**
 * THE registry of gateway event handlers: `metadata.purpose` → handler
 * (docs/decisions/023-gateway-events.md). Every object a feature creates at the gateway carries its
 * purpose, and its events arrive at the handler registered here — from the simulated gateway and,
 * later, from Stripe webhooks alike.
 *
 * Features add one line each, e.g.
 *   pledge: handlePledgeGatewayEvent,     // app/pledges/gateway-events.server.ts
 *   deposit: handleDepositGatewayEvent,   // app/lending/gateway-events.server.ts
 */
export const gatewayEventHandlers: GatewayEventHandlers = {
  test: handleTestPurposeEvent,
  deposit: handleDepositGatewayEvent,
  pledge: handlePledgeGatewayEvent, // app/pledges/gateway-events.server.ts
};
