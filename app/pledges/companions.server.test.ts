import { describe, expect, it, vi } from "vitest";

/**
 * The server runs two bundles of the same modules (its own, where the wiring is loaded, and
 * Remix's, where the routes are). A registration made in one must be seen by the other: here a
 * fresh copy of each module (vi.resetModules) stands for the second bundle.
 */
describe("registered lists are per process, not per copy of a module", () => {
  it("the pledge form's parts and the pledge effects registered by the wiring are seen by a second copy of the modules", async () => {
    await import("../wiring.server");
    vi.resetModules();
    const companions = await import("./companions.server");
    expect(companions.hasCompanions({ needs: { shiftIds: [], offer: null } })).toBe(true);
    expect(companions.hasCompanions({ unknown: 1 })).toBe(false);
    vi.resetModules();
    const { processRegistry } = await import("../utils/process-registry.server");
    expect(processRegistry<unknown>("pledgeTransitionEffects").get().length).toBeGreaterThan(0);
  });
});
