import { openTrustGates, type TrustGates } from "../services.server";
import { processRegistry } from "../utils/process-registry.server";

/**
 * The registered trust gates (`extensions.trustGates`, answered by app/reputation): who may ask for
 * which item, the deposit they pay, and the owner's waiver cap on the item form. Registered once
 * by app/wiring.server.ts, like the loan transition effects; lending never imports reputation.
 */
// Per process, not per module: the server's bundle and Remix's each load this module (app/utils/process-registry.server.ts).
const registered = processRegistry<TrustGates>("trustGates.borrow");

export function registerBorrowGates(gates: TrustGates): void {
  registered.set([gates]);
}

export const borrowGates = (): TrustGates => registered.get()[0] ?? openTrustGates;
