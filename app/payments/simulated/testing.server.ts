import type { GatewayMetadata, SavedPaymentMethod } from "../gateway";
import type { SimulatedGateway } from "./gateway.server";

/**
 * Shortcuts for tests and seeds that need a customer with a saved method, driving the simulated
 * gateway exactly as a customer would on its hosted pages (so the same events are delivered).
 * Other features' tests use these too, e.g. `saveTestCard(gateway, { customerId, number: CARD.declinesCharges })`.
 */
export const CARD = {
  succeeds: "4242 4242 4242 4242",
  mastercard: "5555 5555 5555 4444",
  declined: "4000 0000 0000 0002",
  declinesCharges: "4000 0000 0000 0341",
  authenticateAlways: "4000 0027 6000 3184",
  authenticateSetup: "4000 0025 0000 3155",
} as const;

const RETURN_URL = "http://buurtkracht.test/return";

/** The token at the end of an authentication URL (…/pay/sim/authenticate/<token>). */
export function authenticationToken(url: string): string {
  const token = new URL(url).pathname.split("/").pop() ?? "";
  if (!token.startsWith("sa_sim_")) throw new Error(`not a simulated authentication URL: ${url}`);
  return token;
}

/** The customer approves (or fails) a required authentication: 3-D Secure or the iDEAL bank page. */
export async function completeAuthentication(gateway: SimulatedGateway, url: string, approve = true) {
  const result = await gateway.hosted.completeAuthentication(authenticationToken(url), approve);
  if (!result) throw new Error(`no pending authentication at ${url}`);
  return result;
}

/**
 * Saves a test card through a hosted setup session (approving 3-D Secure when the card asks).
 * Returns the saved method, or null when the card is declined (4000 0000 0000 0002).
 */
export async function saveTestCard(
  gateway: SimulatedGateway,
  input: { customerId: string; number: string; metadata?: GatewayMetadata; idempotencyKey?: string },
): Promise<SavedPaymentMethod | null> {
  const session = await gateway.createSetupSession({
    customerId: input.customerId,
    methods: ["card"],
    returnUrl: RETURN_URL,
    cancelUrl: RETURN_URL,
    metadata: input.metadata ?? { purpose: "test" },
    idempotencyKey: input.idempotencyKey ?? `test:setup:${input.customerId}:${Math.random()}`,
  });
  const result = await gateway.hosted.submitCard(session.id, { number: input.number, expMonth: 12, expYear: 2099, cvc: "123" });
  if (!result.ok) return null;
  if (result.redirectTo.includes("/pay/sim/authenticate/")) await completeAuthentication(gateway, result.redirectTo, true);
  const done = await gateway.getSession(session.id);
  return done?.paymentMethodId ? gateway.getPaymentMethod(done.paymentMethodId) : null;
}

/** Saves a SEPA mandate through iDEAL (bank "test_bounce" makes later debits fail). */
export async function saveSepaMandate(
  gateway: SimulatedGateway,
  input: { customerId: string; bank?: string; metadata?: GatewayMetadata },
): Promise<SavedPaymentMethod> {
  const session = await gateway.createSetupSession({
    customerId: input.customerId,
    methods: ["ideal"],
    returnUrl: RETURN_URL,
    cancelUrl: RETURN_URL,
    metadata: input.metadata ?? { purpose: "test" },
    idempotencyKey: `test:setup-ideal:${input.customerId}:${Math.random()}`,
  });
  const chosen = await gateway.hosted.chooseBank(session.id, input.bank ?? "ing");
  if (!chosen.ok) throw new Error(`choosing the bank failed: ${chosen.error}`);
  await completeAuthentication(gateway, chosen.redirectTo, true);
  const done = await gateway.getSession(session.id);
  const method = done?.paymentMethodId ? await gateway.getPaymentMethod(done.paymentMethodId) : null;
  if (!method) throw new Error("no SEPA mandate was saved");
  return method;
}
