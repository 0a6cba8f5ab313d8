import { describe, expect, it } from "vitest";
import { answerIdea, coarsePoint, type IdeaStatus, medianHours, statusChoices } from "./idea";

const as = (status: IdeaStatus, over: Partial<{ hidden: boolean; actorResponds: boolean }> = {}) => ({ status, hidden: false, actorResponds: true, ...over });

describe("answering a post", () => {
  it.each<[IdeaStatus, IdeaStatus, string, ReturnType<typeof answerIdea>]>([
    ["received", "looking", "", { ok: true, event: "status_changed", to: "looking" }],
    ["received", "planned", "In april.", { ok: true, event: "status_changed", to: "planned" }],
    ["received", "done", "", { ok: true, event: "status_changed", to: "done" }],
    ["received", "not_possible", "Geen budget dit jaar.", { ok: true, event: "status_changed", to: "not_possible" }],
    ["received", "not_possible", "", { ok: false, error: "ideas.error.reasonRequired" }],
    ["received", "not_possible", "   ", { ok: false, error: "ideas.error.reasonRequired" }],
    ["looking", "planned", "", { ok: true, event: "status_changed", to: "planned" }],
    ["looking", "received", "", { ok: false, error: "ideas.error.statusNotAllowed" }],
    ["planned", "done", "Gerepareerd.", { ok: true, event: "status_changed", to: "done" }],
    ["planned", "looking", "", { ok: true, event: "status_changed", to: "looking" }],
    ["planned", "received", "", { ok: false, error: "ideas.error.statusNotAllowed" }],
    ["done", "looking", "Weer kapot.", { ok: true, event: "status_changed", to: "looking" }],
    ["done", "planned", "", { ok: false, error: "ideas.error.statusNotAllowed" }],
    ["done", "not_possible", "x", { ok: false, error: "ideas.error.statusNotAllowed" }],
    ["not_possible", "looking", "", { ok: true, event: "status_changed", to: "looking" }],
    ["not_possible", "done", "", { ok: false, error: "ideas.error.statusNotAllowed" }],
    ["planned", "planned", "De aannemer komt op 3 mei.", { ok: true, event: "responded", to: "planned" }],
    ["planned", "planned", "", { ok: false, error: "ideas.error.nothingToSay" }],
    ["received", "received", "Dank, we kijken ernaar.", { ok: true, event: "responded", to: "received" }],
  ])("%s → %s (%j)", (from, to, response, expected) => {
    expect(answerIdea(as(from), { to, response })).toEqual(expected);
  });

  it("only a responding organisation answers, and not a hidden post", () => {
    expect(answerIdea(as("received", { actorResponds: false }), { to: "looking", response: "" })).toEqual({ ok: false, error: "ideas.error.notResponder" });
    expect(answerIdea(as("received", { hidden: true }), { to: "looking", response: "" })).toEqual({ ok: false, error: "ideas.error.hidden" });
  });

  it("offers the current status first, then the allowed ones", () => {
    expect(statusChoices("received")).toEqual(["received", "looking", "planned", "done", "not_possible"]);
    expect(statusChoices("done")).toEqual(["done", "looking"]);
  });
});

describe("places and times", () => {
  it.each([
    [52.36171, 4.94023, 52.36, 4.94],
    [52.3626, 4.9298, 52.365, 4.93],
    [51.93249, 4.48111, 51.93, 4.48],
  ])("rounds %f,%f to the 0.005° grid", (lat, lng, eLat, eLng) => {
    expect(coarsePoint(lat, lng)).toEqual({ lat: eLat, lng: eLng });
  });

  it.each([
    [[], null],
    [[5], 5],
    [[30, 2, 10], 10],
    [[1, 2, 3, 40], 2.5],
  ])("median of %j hours is %s", (hours, expected) => {
    expect(medianHours(hours)).toBe(expected);
  });
});
