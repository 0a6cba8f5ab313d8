import { describe, expect, it } from "vitest";
import { type PledgeIntentEvent, type PledgeIntentStatus, transitionPledgeIntent } from "./intent";

describe("transitionPledgeIntent", () => {
  const events: PledgeIntentEvent["type"][] = ["confirm", "fail", "expire"];
  it.each([
    ["open", "confirm", "confirmed"],
    ["open", "fail", "failed"],
    ["open", "expire", "expired"],
    ["confirmed", "confirm", null],
    ["confirmed", "expire", null],
    ["failed", "confirm", null],
    ["expired", "confirm", null],
    ["expired", "fail", null],
  ] as const)("%s ─%s→ %s", (from, event, to) => {
    const r = transitionPledgeIntent(from as PledgeIntentStatus, { type: event });
    expect(r.ok ? r.to : null).toBe(to);
  });
  it("nothing leaves a final state", () => {
    for (const from of ["confirmed", "failed", "expired"] as const) for (const e of events) expect(transitionPledgeIntent(from, { type: e }).ok).toBe(false);
  });
});
