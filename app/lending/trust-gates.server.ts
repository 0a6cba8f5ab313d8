import { openTrustGates, type TrustGates } from "../services.server";

/**
 * The registered trust gates (`extensions.trustGates`, answered by app/reputation): who may ask for
 * which item, the deposit they pay, and the owner's waiver cap on the item form. Registered once
 * by app/wiring.server.ts, like the loan transition effects; lending never imports reputation.
 */
let registered: TrustGates = openTrustGates;

export function registerBorrowGates(gates: TrustGates): void {
  registered = gates;
}

export const borrowGates = (): TrustGates => registered;
