import type { TrustGates } from "../services.server";
import { borrowGate, depositFor, itemOptionsError, mayLaunchProject } from "./levels";
import { getTrustLevel } from "./projection.server";

/**
 * Reputation's answer at the trust-gates extension point (listed in app/wiring.server.ts): the
 * member's stored level (the projection, kept current in every event's transaction) against the
 * one rules table in ./levels.ts. docs/reputation.md.
 */
export const reputationTrustGates: TrustGates = {
  async borrowTerms(trx, { userId, item }) {
    const level = await getTrustLevel(trx, userId);
    return { refusal: borrowGate(level, item), depositCents: depositFor(level, item) };
  },
  async launchRefusal(trx, { userId }) {
    return mayLaunchProject(await getTrustLevel(trx, userId)) ? null : "TrustTooLowToLaunch";
  },
  itemOptionsError,
};
