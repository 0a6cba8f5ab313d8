import { describe, expect, it } from "vitest";
import { type NeedView, type OfferEvent, offerFilledDelta, transitionOffer } from "./offer";

const need = (o: Partial<NeedView> = {}): NeedView => ({ status: "open", needed: 1, filled: 0, projectStatus: "live", ...o });

describe("transitionOffer", () => {
  it.each([
    [null, "offer", {}, "offered"],
    ["cancelled", "offer", {}, "offered"],
    ["declined", "offer", {}, "offered"],
    ["offered", "offer", {}, "IllegalTransition"],
    [null, "offer", { filled: 1 }, "NeedFilled"],
    [null, "offer", { status: "cancelled" }, "NeedCancelled"],
    [null, "offer", { projectStatus: "in_review" }, "ProjectNotOpen"],
    [null, "offer", { projectStatus: "succeeded" }, "offered"],
    ["offered", "accept", {}, "accepted"],
    ["offered", "accept", { filled: 1 }, "NeedFilled"],
    ["accepted", "accept", {}, "IllegalTransition"],
    ["offered", "decline", {}, "declined"],
    ["accepted", "decline", {}, "IllegalTransition"],
    ["offered", "cancel", {}, "cancelled"],
    ["accepted", "cancel", {}, "cancelled"],
    ["declined", "cancel", {}, "IllegalTransition"],
  ] as const)("%s ─%s→ (%j) %s", (from, event, o, want) => {
    const r = transitionOffer(from, { type: event } as OfferEvent, need(o));
    expect(r.ok ? r.to : r.error).toBe(want);
  });

  it.each([
    [null, "offered", 0],
    ["offered", "accepted", 1],
    ["accepted", "cancelled", -1],
    ["offered", "declined", 0],
  ] as const)("%s → %s moves filled by %i", (a, b, d) => expect(offerFilledDelta(a, b)).toBe(d));
});
