import type { AppLoadContext } from "@remix-run/node";
import { isSimulatedGateway, type SimulatedGateway } from "./gateway.server";

/** The /pay/sim pages exist only while the simulated gateway runs; otherwise they are a 404. */
export function requireSimulatedGateway(context: AppLoadContext): SimulatedGateway {
  const { gateway } = context.services;
  if (!isSimulatedGateway(gateway)) throw new Response("Not found", { status: 404 });
  return gateway;
}
